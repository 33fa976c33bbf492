"""Telling the user when something happens: what is worth a notice (events), the polling
while the app runs (watcher), and the desktop's notification service (desktop)."""
