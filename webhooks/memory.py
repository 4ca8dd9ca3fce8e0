"""Hand large buffers back to the operating system when they are freed (glibc), so RSS falls after big bodies.

glibc serves an allocation above its mmap threshold with its own mapping, returned on free; but after the first
such free it raises the threshold to that size, so later 10 MB bodies come from the heap and their pages stay
with the process. A fixed threshold keeps every large body in a mapping of its own.
https://man7.org/linux/man-pages/man3/mallopt.3.html (M_MMAP_THRESHOLD)
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 256 * 1024


def map_large_allocations(threshold: int = MMAP_THRESHOLD_BYTES) -> bool:
    """Fix glibc's mmap threshold; return False where the C library offers no such setting."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, threshold))
