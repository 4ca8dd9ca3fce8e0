"""GitHub's sticky comment conventions: the HTML-comment marker, the size limit, markdown lists."""

from __future__ import annotations

import re

from integration.sticky import StickyStyle
from problemframe.render_markup import GITHUB_COMMENT_LIMIT, MARKER

__all__ = ["GITHUB_STICKY", "MARKER"]

# https://docs.github.com/rest/issues/comments#create-an-issue-comment (bodies over 65536 characters are refused)
GITHUB_STICKY = StickyStyle(
    marker=MARKER, limit=GITHUB_COMMENT_LIMIT, list_item=re.compile(r"^(\s*(?:[-+*]|\d{1,9}[.)]))\s")
)
