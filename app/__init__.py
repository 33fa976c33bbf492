"""Privacy Desk: see and steer what your media service knows about you."""

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """`__version__`, read on first use (app/identity.py: VERSION)."""
    if name == "__version__":
        from app.identity import VERSION

        return VERSION
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
