"""End-to-end scenarios: the real app over HTTP against the fake trackers."""
