"""Leases on store rows: who holds one."""

from __future__ import annotations

import os
import socket
import uuid


def default_worker_id() -> str:
    """Return an id unique to this process: host, pid and a random suffix."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
