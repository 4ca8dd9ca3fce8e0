"""Tell a bug report from a feature request by its form: 'Steps to reproduce', 'Expected behaviour' and the like."""

from __future__ import annotations

import re

from problemframe.parse.field_report import names_a_setup
from problemframe.policy import Framing

BUG = "bug"
_BUG_HEADINGS = re.compile(
    # Bounded runs of blanks: two unbounded ones side by side backtrack quadratically on a line of spaces.
    r" {0,3}(?:#{1,6}|\*\*|__|h[1-6]\.|\*)?[ \t]{0,8}(?:\d{1,3}[.)][ \t]{0,4})?"
    r"(?P<name>describe the bug|bug description"
    r"|bug report|steps to reproduce|to reproduce|reproduction steps|how to reproduce|repro steps|expected behaviou?r"
    r"|expected result|actual behaviou?r|actual result|observed behaviou?r|current behaviou?r|what happened"
    r"|relevant log output|stack ?trace|crash log|error message|regression since"
    # Inline labels of a bug written by hand: 'Steps:', 'Expected:', 'Actual:'.
    r"|steps(?=[*_]{0,2}\s*:)|expected(?=[*_]{0,2}\s*:)|actual(?=[*_]{0,2}\s*:)"
    r"|(?P<environment>phone|device|os|browser|app version|platform|(?:os|android|ios) version)(?=[*_]{0,2}\s*:))\b",
)
# A pasted crash: 'java.lang.IllegalStateException: …' over 'at …' frames, or Python's 'Traceback (most recent …'.
_TRACE = re.compile(r"\b\w+(?:Exception|Error)\b[^\n]*\n\s+at\s|^Traceback \(most recent call last\)", re.MULTILINE)


# 'Since the update to 3.8 reminders arrive twice', 'desde la actualización', 'worked in 4.12.1': something broke.
_REGRESSION = re.compile(
    r"\b(?:since (?:the |updating to |upgrading to |the last |last )?(?:update|upgrade|version|release|v?\d+\.\d+)"
    r"|(?:worked|was working|used to work) (?:fine )?(?:in|on|before|with) |after (?:the )?(?:update|upgrade)"
    r"|after (?:upgrading|updating|bumping) to|\bv?\d+\.\d+(?:\.\d+)? (?:was|is|works) fine"
    r"|upgrad(?:ed|ing) (?:[\w@/.-]+ )?from v?\d+(?:\.\d+)* to v?\d"
    r"|desde (?:la|a) (?:última )?(?:actualizaci[oó]n|atualiza[cç][aã]o)|seit (?:dem|der) (?:update|aktualisierung)"
    r"|depuis la (?:derni[eè]re )?mise [àa] jour|dopo l'aggiornamento|güncellemeden (?:beri|sonra)|sejak update)",
)
_SYMPTOM = re.compile(
    r"\b(?:crash\w*|broken|not working|doesn'?t work|does not work|stopped working|twice|two times|duplicat\w*"
    r"|blank|missing|disappear\w*|error|fails?|failing|no longer|wrong|dos veces|duas vezes|zweimal|deux fois"
    r"|due volte|no funciona|não funciona|funktioniert nicht|ne marche plus|non funziona|desaparec\w*|llegan|chegam"
    r"|dies|died|segfaults?|hangs|freez\w*|resets?|goes back|reverts?|panics?|stuck|spins forever|loops?"
    r"|still shows?|not (?:resetting|showing|loading|saving|syncing|updating|working)"
    r"|never (?:arrives?|loads?|shows?)|(?:returns?|returning|throws?|gives?) (?:an? )?(?:[45]\d\d|error|exception))\b",
)
# The heading patterns are written in lower case and run on each line's start, lowered: ignoring case, or reading
# every paragraph whole, makes the look several times slower.
LABEL_REACH = 80
# The words a heading's name starts with: a cheap look that rules out most lines before the pattern runs.
_HEADING_WORDS = ("describe the bug", "bug description", "bug report", "steps", "to reproduce", "reproduction steps",
                  "how to reproduce", "repro steps", "expected", "actual", "observed", "current behav",
                  "what happened", "relevant log output", "stack", "crash log", "error message", "regression since",
                  "phone", "device", "os", "browser", "app version", "platform", "android version", "ios version")


def _may_head(line: str) -> bool:
    """Return whether a lowered line may open with a bug report's heading, once its marks and numbering are gone."""
    start = line[:LABEL_REACH].lstrip(" \t#*_")
    if start[:1] == "h" and start[1:2].isdigit() and start[2:3] == ".":
        start = start[3:].lstrip(" \t")
    return start.lstrip("0123456789").lstrip(".) \t").startswith(_HEADING_WORDS)


def ticket_kind(markdown: str, *, framing: Framing, labels: frozenset[str], issue_type: str | None,
                routine: bool = False) -> str | None:
    """Return the ticket's kind: from its labels or issue type first, else 'bug' for a bug report's headings.

    `routine`: the ticket names routine work (a release checklist); its 'regression suite green on iOS 17' is a step.
    """
    kind = framing.kind_of(labels, issue_type)
    if kind is not None or labels or issue_type or BUG not in framing.kinds:
        return kind
    head = markdown[:20_000]
    lowered = head.lower()
    names = {"environment" if match.group("environment") else match.group("name")
             for line in lowered.split("\n")
             if _may_head(line) and (match := _BUG_HEADINGS.match(line, 0, LABEL_REACH)) is not None}
    if ("Exception" in head or "Error" in head or "Traceback" in head) and _TRACE.search(head):
        names.add("stack trace")
    if not routine and _SYMPTOM.search(lowered) and (_REGRESSION.search(lowered) or names_a_setup(head)):
        # A user writing in without a template: what broke, since which update or on which browser or OS.
        names.update(("regression", "symptom"))
    return BUG if len(names) >= 2 else None
