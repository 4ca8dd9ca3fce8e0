"""Tell routine work from a problem: a release checklist, a rotation, an upgrade done because it is due."""

from __future__ import annotations

import re

from problemframe.parse.document import Document

ROUTINE_LOOK = 4
"""How many blocks at the top of a ticket are read for what kind of work it names."""

_ROUTINE = re.compile(
    r"^[\W_]*(?:task:\s*)?(?:(?:[\w-]+\s+){0,2}release checklist\b"
    r"|(?:release\s+v?\d[\w.-]*|v?\d+(?:\.\d+)+\s+release)(?:\s+\([^)]*\))?\s*[—–:-]?\s*(?:[\w-]+\s+)?checklist\b"
    # A heading that is only the release: 'Release Apache Pellucid 3.1.0', 'Release: Driver app 5.2.0 (iOS + Android)'.
    r"|release\s*:?\s+(?:[\w-]+\s+){0,4}v?\d+(?:\.\d+)+(?:\s*\([^)\n]*\))?\W*$"
    r"|(?:(?:annual|quarterly|routine|scheduled|q[1-4])\s+)?(?:credential|key|secret|certificate)s?\s+rotation\b"
    r"|(?:annual|yearly|quarterly|monthly|routine|scheduled)\s+rotation\b"
    r"|(?:rotate|renew)\s+(?:[\w.+()/:-]+\s+){0,6}?(?:keys?|secrets?|credentials?|certificates?|certs?|tokens?"
    r"|passwords?)\b)",
    re.IGNORECASE,
)
_GENERIC_HEADING = re.compile(r"^\W*(?:summary|description|overview|context|background|details)\W*$", re.IGNORECASE)
# '*Release manager:* Mei Tanaka', '*Release captain:* …': a field only a release ticket carries.
_RELEASE_FIELD = re.compile(r"(?:^|\s)\W{0,3}release (?:manager|owner|captain|lead|train)\W{0,3}:", re.IGNORECASE)
_TITLE_FIELD = re.compile(r"^\W{0,3}(?:summary|title|subject)\W{0,3}:\W{0,3}\s*", re.IGNORECASE)
# '*Issue Type:* Task | *Fix Version:* 8.2.0': the tracker's fields copied above the text.
_FIELD_LINE = re.compile(r"^\W{0,3}[\w ]{2,30}:\W{0,3}\s")

# Upkeep names itself: 'chore: bump Go to 1.23', 'chore(deps): …', '[Chore] …'. A 'refactor:' often says which
# defects it ends, and 'Tech debt:' what it costs: both are read as any other ticket.
_PREFIX_END = r"\s*(?:\([^)]*\))?(?:\s*\]\s*[:.!—–-]?|\s*[:.!—–-])\s"
_UPKEEP_PREFIX = re.compile(r"^[\W_]*(?:chore|deps?|build)" + _PREFIX_END, re.IGNORECASE)
_PROSE_PREFIX = re.compile(r"^[\W_]*(?:refactor(?:ing)?|tech[- ]?debt|ci)" + _PREFIX_END, re.IGNORECASE)
# 'Upgrade primary database from PostgreSQL 13 to 16', 'Bump GDAL from 3.6.4 to 3.8.5', 'Move CI to Node 20 LTS'.
_VERSION_MOVE = re.compile(
    r"^[\W_]*(?:(?:chore|task)\W+)?(?:upgrade|bump|update|migrate|move|switch|port)\b[^\n]{0,80}?\b(?:to|→|->)\s+"
    r"(?:[A-Za-z][\w.+-]*\s+){0,2}v?\d+(?:\.\d+)*(?:\s*(?:LTS|\.x))?\b",
    re.IGNORECASE,
)
# 'Node 18 goes EOL on 2025-04-30', 'PostgreSQL 13 reaches end of life', 'Django 3.2 LTS is out of support'.
_END_OF_LIFE = re.compile(r"\b(?:goes|going|reaches|reached|hits|is|are|was) (?:EOL|end[- ]of[- ]life"
                          r"|out of (?:\w+ ){0,2}support|end[- ]of[- ]support)", re.IGNORECASE)
# 'No behaviour change intended', 'No user-facing changes expected', 'This is housekeeping'.
_NO_CHANGE_FOR_ANYONE = re.compile(
    r"\bno (?:behaviou?r(?:al)?|functional|user[- ]facing|customer[- ]visible|visible|product) changes? (?:is |are )?"
    r"(?:intended|expected|planned)|\bno (?:customer|user) impact (?:is )?expected"
    r"|\bthis is (?:pure |just )?housekeeping|\bno (?:user|customer|one) has (?:noticed|asked|complained)",
    re.IGNORECASE,
)
_EOL_LOOK = 300
"""How much of the opening line is read for a runtime's end of life."""


def routine_work(document: Document, title: str = "") -> bool:
    """Return whether the ticket's title or its opening names routine work: a release checklist, a rotation."""
    if title and _ROUTINE.match(title):
        return True
    for block in document.blocks[:ROUTINE_LOOK]:
        if block.kind == "heading":
            if _ROUTINE.match(block.text):
                return True
            if _GENERIC_HEADING.match(block.text):
                continue  # 'Summary' over 'Quarterly rotation of the Cloudflare API token …'
            return False
        if block.kind != "paragraph":
            return False
        if not _FIELD_LINE.match(block.text):
            return _ROUTINE.match(block.text.split("\n", 1)[0]) is not None
        # '*Summary:* Release checklist 2024.22' among the tracker's fields copied above the text.
        if _RELEASE_FIELD.search(block.text) or any((field := _TITLE_FIELD.match(line)) and _ROUTINE.match(
                line[field.end() :]) for line in block.text.split("\n")):
            return True
    return False


def upkeep_work(document: Document, markdown: str, title: str = "") -> bool:
    """Return whether the ticket names upkeep: an upgrade, a dependency bump, a runtime's end of life, a change meant
    to change nothing for anyone.

    Upkeep is routine work only when nothing else in the ticket says otherwise: a customer cited or a target set
    makes it a problem like any other, which the caller decides. On a tracker the title often names the work
    ('chore: upgrade the ledger to PostgreSQL 17') where the body does not.
    """
    first = next((block.text for block in document.blocks[:ROUTINE_LOOK] if block.kind == "paragraph"), "")
    return (bool(title) and _names_upkeep(title, markdown)) or _names_upkeep(_opening(document), markdown) or bool(
        _END_OF_LIFE.search(first.split("\n", 1)[0][:_EOL_LOOK]))


def _names_upkeep(line: str, markdown: str) -> bool:
    """Return whether a title or a ticket's first line names upkeep ('chore: …', 'Upgrade X from 13 to 16')."""
    return bool(_UPKEEP_PREFIX.match(line) or _VERSION_MOVE.match(line) or (
        _PROSE_PREFIX.match(line) and _NO_CHANGE_FOR_ANYONE.search(markdown)))


def _opening(document: Document) -> str:
    """Return the ticket's first heading, or its first paragraph's first line when it opens without one."""
    for block in document.blocks[:ROUTINE_LOOK]:
        if block.kind == "heading":
            return block.text
        if block.kind == "paragraph":
            return block.text.split("\n", 1)[0]
    return ""
