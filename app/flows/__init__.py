"""What each screen does, as plain Python: no Qt, unit-tested without a window."""
