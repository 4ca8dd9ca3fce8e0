"""Clean raw ticket text and find links, the common ground of every format."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BODY_CHARS = 1_000_000
"""Text beyond this is ignored: no real ticket is longer, and the cap bounds the work."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\u200b]")
_MD_LINK = re.compile(r"!?\[([^\[\]\n]{0,500})\]\((https?://[^()\s]{1,2000})(?:\s+\"[^\"\n]*\")?\)")
_AUTOLINK = re.compile(r"<(https?://[^<>\s]{1,2000})>")
_BARE_URL = re.compile(r"https?://[^\s<>\"'`\[\]{}|\\^]{1,2000}")
_TRAILING = ".,;:!?'\""


def clean(text: str) -> str:
    """Return text with control characters, HTML comments and odd line endings removed."""
    if not isinstance(text, str):
        return ""
    text = text[:MAX_BODY_CHARS]
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return strip_html_comments(text)


def strip_html_comments(text: str) -> str:
    """Remove `<!-- ... -->` comments, which issue templates use for instructions."""
    if "<!--" not in text:
        return text
    out: list[str] = []
    pos = 0
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            out.append(text[pos:])
            break
        out.append(text[pos:start])
        end = text.find("-->", start + 4)
        if end < 0:
            break
        pos = end + 3
    return "".join(out)


_FENCED = re.compile(r"(```|~~~).*?(?:\1|$)", re.DOTALL)
CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
# '[ ] Promote to Ring 1', '[x] reply to Juniper Grove': a list item that is a step of the work.
TASK_BOX = re.compile(r"^\s*\[[ xX]\]\s")
"""A Japanese, Chinese or Korean character: text in these languages runs words together or marks them differently."""


def without_fenced_code(text: str) -> str:
    """Return text without fenced code: a pasted log says nothing about who is affected."""
    return _FENCED.sub(" ", text) if "```" in text or "~~~" in text else text


@dataclass(frozen=True, slots=True)
class Link:
    """A link found in a line: where it was, its text and its target."""

    start: int
    end: int
    text: str
    url: str


def find_links(line: str) -> list[Link]:
    """Return markdown links, autolinks and bare URLs in a line, in order."""
    links: list[Link] = []
    if "http" not in line:
        return links
    taken: list[tuple[int, int]] = []
    # Markdown links need '](' and autolinks '<'; most lines hold only bare URLs, if any.
    if "](" in line:
        for match in _MD_LINK.finditer(line):
            links.append(Link(match.start(), match.end(), match.group(1), match.group(2)))
            taken.append((match.start(), match.end()))
    if "<" in line:
        for match in _AUTOLINK.finditer(line):
            links.append(Link(match.start(), match.end(), "", match.group(1)))
            taken.append((match.start(), match.end()))
    for match in _BARE_URL.finditer(line):
        if taken and any(start <= match.start() < end for start, end in taken):
            continue
        url = _trim_url(match.group(0))
        links.append(Link(match.start(), match.start() + len(url), "", url))
    if len(links) > 1:
        links.sort(key=lambda link: link.start)
    return links


def _trim_url(url: str) -> str:
    """Drop sentence punctuation and an unbalanced closing parenthesis from a bare URL."""
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def replace_links(line: str, links: list[Link]) -> str:
    """Return the line with each link replaced by its text (bare URLs by a space)."""
    if not links:
        return line
    out: list[str] = []
    pos = 0
    for link in links:
        out.append(line[pos : link.start])
        out.append(f" {link.text} " if link.text else " ")
        pos = link.end
    out.append(line[pos:])
    return "".join(out)


# No break after the abbreviations names and titles carry: 'Kestrel Outdoor Co. (Growth plan)', 'Dr. Okafor'.
_SENTENCE = re.compile(r"(?<=[.!?])(?<!\bCo\.)(?<!\bInc\.)(?<!\bLtd\.)(?<!\bCorp\.)(?<!\bBros\.)(?<!\bDr\.)"
                       r"(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bSt\.)(?<!\bNo\.)(?<!\bvs\.)(?<!\be\.g\.)(?<!\bi\.e\.)"
                       r"(?<!\bSoc\.)(?<!\bProf\.)(?<!\bJr\.)(?<!\bLda\.)(?<!\bLtda\.)"
                       # 'fra ca. **10 %**', 'z.B. Stripe', 'approx. 40': about, for example, not an ending.
                       r"(?<!\bca\.)(?<!\bapprox\.)(?<!\bcf\.)(?<!\bz\.B\.)(?<!\bbzw\.)(?<!\bevtl\.)(?<!\bggf\.)"
                       r"\s+(?=[A-Z0-9\"“(\[*_])|\n+")
MAX_SENTENCE_CHARS = 2_000


def sentences(text: str) -> list[str]:
    """Return the sentences and lines of running text, stripped, each cut to MAX_SENTENCE_CHARS.

    A sentence does not end inside brackets on its line: '… the six-month rule (Thailand? Indonesia? she wasn't
    sure).' is one sentence.
    """
    if "(" not in text:
        return [piece.strip()[:MAX_SENTENCE_CHARS] for piece in _SENTENCE.split(text) if piece.strip()]
    pieces: list[str] = []
    start = 0
    for cut in _SENTENCE.finditer(text):
        piece = text[start : cut.start()]
        if "\n" not in cut.group(0) and piece.count("(") > piece.count(")"):
            continue
        pieces.append(piece)
        start = cut.end()
    pieces.append(text[start:])
    return [piece.strip()[:MAX_SENTENCE_CHARS] for piece in pieces if piece.strip()]


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return " ".join(text.split())


def shorten(text: str, limit: int = 60) -> str:
    """Return one line of text, cut with an ellipsis past the limit."""
    text = squash(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_EMPHASIS = re.compile(r"(?<![\w*_])(\*\*|__|\*|_)(?=\S)(?P<words>[^*_\n]{1,80}?)(?<=\S)\1(?![\w*_])")


def unemphasised(text: str) -> str:
    """Return text with bold and italic markers taken off their words ('Customer *Swiftline* reported')."""
    return _EMPHASIS.sub(lambda match: match.group("words"), text) if "*" in text or "_" in text else text
