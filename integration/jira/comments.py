"""Jira's sticky comment conventions: the wiki-markup marker, the size limit, wiki lists."""

from __future__ import annotations

import re

from integration.sticky import StickyStyle
from problemframe.render import JIRA_COMMENT_LIMIT, WIKI_MARKER
from problemframe.render import MARKER as HTML_MARKER

MARKER = WIKI_MARKER
"""First line of the sticky comment.

Jira wiki markup shows an HTML comment such as `<!-- problemframe -->` as literal text, while the `{anchor}` macro
renders as an invisible link target (https://jira.atlassian.com/secure/WikiRendererHelpAction.jspa?section=all),
so the marker stays out of sight. The comment is recognised by this marker *and* by its author being the service's
own account, so a person quoting the marker cannot take the comment over.
"""

# Jira keeps at most 32767 characters of a comment; the HTML marker is still recognised on older comments.
JIRA_STICKY = StickyStyle(
    marker=MARKER, limit=JIRA_COMMENT_LIMIT, list_item=re.compile(r"^([*#-]+)\s"), also_markers=(HTML_MARKER,)
)
