"""Inline HTML that help-desk bridges and mail clients leave in a markdown body, read as the markdown it stands for.

A ticket synced from Zendesk arrives as 'Hi,<br><br>I've tried to reset my password…<i>— synced from <a href=…>…</a>
</i>': one line of markup whose `<br>` would otherwise read as a '<placeholder>' and whose link no reader would see.
"""

from __future__ import annotations

import re

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PARAGRAPH = re.compile(r"</?p\s*>", re.IGNORECASE)
_LINK = re.compile(r"""<a\s+[^>]*?href\s*=\s*["'](?P<url>[^"']+)["'][^>]*>(?P<text>[^<]*)</a>""", re.IGNORECASE)
_STYLE = re.compile(r"</?(?:i|b|em|strong|u|span|font)(?:\s[^>]*)?>", re.IGNORECASE)
_MARKUP = re.compile(r"<(?:br|p|a|i|b|em|strong|u|span|font)\b[^>]*>", re.IGNORECASE)


def inline_html_to_markdown(text: str) -> str:
    """Return text with inline HTML breaks, paragraphs, links and emphasis as markdown; other text as it was.

    Table rows keep their `<br>` (it breaks a line inside a cell, not the row), and a body with no such tags is
    returned unchanged.
    """
    if "<" not in text or not _MARKUP.search(text):
        return text
    lines = []
    for line in text.split("\n"):
        if not line.lstrip().startswith("|"):
            line = _PARAGRAPH.sub("\n\n", _BREAK.sub("\n", line))
        line = _LINK.sub(lambda match: f"[{match.group('text').strip() or match.group('url')}]({match.group('url')})",
                         line)
        lines.append(_STYLE.sub("", line))
    return "\n".join(lines)
