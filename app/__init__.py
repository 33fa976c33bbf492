"""Privacy Desk: see and steer what your media service knows about you."""

__version__ = "0.1.0"
