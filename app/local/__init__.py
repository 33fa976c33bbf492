"""What the app keeps on disk. Never a token, a password or a personal record."""
