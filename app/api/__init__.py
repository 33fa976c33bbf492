"""The one HTTP client for the privacy service. No Qt."""
