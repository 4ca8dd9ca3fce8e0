"""The outside world behind small protocols: GitHub, Jira, metric sources and the store."""
