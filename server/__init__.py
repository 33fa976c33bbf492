"""The reference privacy service that Privacy Desk talks to."""

__version__ = "0.1.0"
