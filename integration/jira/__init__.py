"""Jira through the `jira` library (REST v2, Cloud or Data Center), plus project set-up.

`kind.py` is all the rest of the service knows of Jira (the TrackerKind contract); `tracker.py` is the adapter
(the Tracker protocol). Nothing is imported here, so naming the kind does not load the jira library.
"""
