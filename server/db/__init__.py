"""Tables, sessions and migrations of the privacy service."""
