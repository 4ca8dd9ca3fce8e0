"""GitHub Issues through PyGithub.

`kind.py` is all the rest of the service knows of GitHub (the TrackerKind contract); `tracker.py` is the adapter
(the Tracker protocol), with minimal, paced, retried writes. Nothing is imported here, so naming the kind does not
load PyGithub.
"""
