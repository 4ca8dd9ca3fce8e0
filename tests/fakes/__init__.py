"""Stateful fakes of the trackers, served over real HTTP for the real client libraries."""
