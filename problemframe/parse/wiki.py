"""Turn Jira wiki markup into the markdown the section splitter reads."""

from __future__ import annotations

import re

_HEADING = re.compile(r"^\s*h([1-6])\.\s*")
_CODE_OPEN = re.compile(r"^\s*\{(code|noformat)(?::[^}\n]*)?\}")
_BULLET = re.compile(r"^\s*([*#-]+)\s+")
_BQ = re.compile(r"^\s*bq\.\s*")
_LINK = re.compile(r"\[([^\[\]|\n]{0,500})\|((?:https?|mailto):[^\[\]|\s]{1,2000})(?:\|[^\]\n]*)?\]")
_BARE_LINK = re.compile(r"\[((?:https?|mailto):[^\[\]|\s]{1,2000})\]")
_BOLD = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,300}?)(?<=\S)\*(?![\w*])")
_MONO = re.compile(r"\{\{([^{}\n]{0,500})\}\}")
_NOISE = re.compile(r"\{(?:color|panel|expand)(?::[^}\n]*)?\}")
_QUOTE = "{quote}"

_WIKI_SIGNS = (
    re.compile(r"^[ \t]*h[1-6]\.\s", re.MULTILINE),
    re.compile(r"\{(?:quote|code|noformat|panel|color)[:}]"),
    re.compile(r"\[[^\[\]|\n]{0,200}\|https?://"),
    re.compile(r"^[ \t]*bq\.\s", re.MULTILINE),
    re.compile(r"^[ \t]*\*[^*\s][^*\n]{0,80}[:?]\*", re.MULTILINE),
)
# Strings at least one of which wiki markup holds. They are looked for by the one character each needs, which most
# bodies lack, so a markdown body is not scanned once per string.
_BRACE_TOKENS = ("{quote}", "{code", "{noformat}", "{panel", "{color")
_DOT_TOKEN = re.compile(r"\.(?<=h[1-6]\.|bq\.)")
_MARKDOWN_SIGNS = (
    re.compile(r"^ {0,3}#{1,6} \S", re.MULTILINE),
    re.compile(r"\]\(https?://"),
    re.compile(r"^ {0,3}```", re.MULTILINE),
    re.compile(r"\*\*[^*\n]+\*\*"),
)


def looks_like_wiki(text: str) -> bool:
    """Return whether text reads as Jira wiki markup rather than markdown."""
    if not _has_wiki_token(text):
        return False
    wiki = sum(1 for sign in _WIKI_SIGNS if sign.search(text))
    if not wiki:
        return False
    markdown = sum(1 for sign in _MARKDOWN_SIGNS if sign.search(text))
    return wiki >= markdown


def _has_wiki_token(text: str) -> bool:
    """Return whether text holds 'h1.' to 'h6.', 'bq.', '|http', ':*', '?*' or one of _BRACE_TOKENS."""
    return (
        ("{" in text and any(token in text for token in _BRACE_TOKENS))
        or ("|" in text and "|http" in text)
        or ("*" in text and (":*" in text or "?*" in text))
        or _DOT_TOKEN.search(text) is not None
    )


def wiki_to_markdown(text: str) -> str:
    """Return markdown for Jira wiki markup: headings, bullets, quotes, code, links and bold."""
    out: list[str] = []
    code = False
    quoted = False
    for line in text.split("\n"):
        if code:
            closing = line.find("{code}") if "{code}" in line else line.find("{noformat}")
            if closing >= 0:
                out.extend((line[:closing], "```"))
                code = False
            else:
                out.append(line)
            continue
        opening = _CODE_OPEN.match(line)
        if opening:
            rest = line[opening.end() :]
            close = "{" + opening.group(1) + "}"
            out.append("```")
            if close in rest:
                out.extend((rest[: rest.find(close)], "```"))
            else:
                out.append(rest)
                code = True
            continue
        if _QUOTE in line:
            for number, piece in enumerate(line.split(_QUOTE)):
                if number:
                    quoted = not quoted
                    # A quote ends where it closes, and the next one starts afresh: markdown would run them on.
                    if out and out[-1].startswith(">"):
                        out.append("")
                if piece.strip():
                    converted = _line(piece)
                    out.append("> " + converted if quoted else converted)
            continue
        if line.lstrip().startswith("||") and not quoted:
            # A header row: markdown needs a rule under it to see a table.
            cells = [_line(cell).strip() for cell in line.strip().strip("|").split("||")]
            out.extend(("| " + " | ".join(cells) + " |", "|" + " --- |" * len(cells)))
            continue
        converted = _line(line)
        out.append("> " + converted if quoted else converted)
    return "\n".join(out)


def _line(line: str) -> str:
    """Convert one line of wiki markup outside code blocks."""
    heading = _HEADING.match(line)
    if heading:
        line = "#" * int(heading.group(1)) + " " + line[heading.end() :]
    elif _BQ.match(line):
        line = "> " + _BQ.sub("", line, count=1)
    else:
        bullet = _BULLET.match(line)
        if bullet:
            marks = bullet.group(1)
            if len(set(marks)) == 1 and not (marks[0] == "-" and len(marks) > 1):
                marker = "1. " if marks[0] == "#" else "- "
                line = "  " * (len(marks) - 1) + marker + line[bullet.end() :]
    line = _LINK.sub(r"[\1](\2)", line)
    line = _BARE_LINK.sub(r"<\1>", line)
    line = _MONO.sub(r"`\1`", line)
    line = _NOISE.sub("", line)
    return _BOLD.sub(r"**\1**", line)
