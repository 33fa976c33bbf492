"""Work the service does outside a request: building access copies, deletions, retention sweeps."""
