"""Privacy Desk: see and steer what your media service knows about you."""

from app.identity import VERSION as __version__

__all__ = ["__version__"]
