"""Pick the response language from Accept-Language."""

from __future__ import annotations

SUPPORTED = ("en", "nl")


def negotiate_language(accept_language: str | None) -> str:
    """The supported language the client ranks highest; English when none matches."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in SUPPORTED and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else "en"
