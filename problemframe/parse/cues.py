"""Look for a long alternation only where the words it cannot match without are: a substring test is far cheaper.

Python's `re` tries every alternative at every position of the text, so a pattern of twenty alternatives that each
open with '\\b' scans a body twenty times. `AnyOf` splits such a pattern into its alternatives, reads from each the
literal words any match of it must contain (its cues), and searches an alternative only when one of its cues is in
the text. The answer is always the pattern's own: a cue only rules out texts the alternative could never match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# `re` exposes no parse tree; its parser module is the one the engine compiles from, so the cues read here are
# exactly the literals the compiled pattern requires. Anything it cannot read leaves the alternative without cues.
from re import _parser  # type: ignore[attr-defined]
from typing import Any

_LITERAL = _parser.LITERAL
_BRANCH = _parser.BRANCH
_SUBPATTERN = _parser.SUBPATTERN
_REPEATS = (_parser.MAX_REPEAT, _parser.MIN_REPEAT, getattr(_parser, "POSSESSIVE_REPEAT", None))
_ATOMIC = getattr(_parser, "ATOMIC_GROUP", None)
# Letters that ignoring case matches but lowering does not make the same: 'ı' matches 'i', 'ſ' matches 's'.
_FOLDS = str.maketrans({"ı": "i", "ſ": "s", "ς": "σ", "ϐ": "β", "ϑ": "θ", "ϕ": "φ", "ϖ": "π", "ϰ": "κ", "ϱ": "ρ",
                        "ϵ": "ε", "ẛ": "ṡ", "ﬅ": "ﬆ"})
# A cue shorter than this is in nearly every text and only costs the test.
MIN_CUE = 3


def fold(text: str) -> str:
    """Return text as the cues are looked for in it: lowered, with the letters case-blind matching treats alike."""
    lowered = text.lower()
    # Every letter folded is outside ASCII; translating costs a dictionary look per character.
    return lowered if lowered.isascii() else lowered.translate(_FOLDS)


def cues_of(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Return words one of which every match of pattern contains (lowered), or None when no such words are read."""
    try:
        parsed = _parser.parse(pattern, flags)
    except Exception:
        return None
    return _best(_requirements(list(parsed)))


def _requirements(sequence: Sequence[tuple[Any, Any]]) -> list[frozenset[str]]:
    """Return the sets of words of which a match of sequence must contain one each."""
    found: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            found.append(frozenset({fold("".join(run))}))
            run.clear()

    for op, value in sequence:
        if op is _LITERAL:
            run.append(chr(value))
            continue
        flush()
        if op is _BRANCH:
            _, branches = value
            options = [_best(_requirements(branch)) for branch in branches]
            if all(option is not None for option in options):
                found.append(frozenset().union(*options))  # type: ignore[arg-type]
        elif op is _SUBPATTERN or (op in _REPEATS and value[0] >= 1):
            found.extend(_requirements(value[-1]))
        elif _ATOMIC is not None and op is _ATOMIC:
            found.extend(_requirements(value))
    flush()
    return found


def _best(requirements: list[frozenset[str]]) -> frozenset[str] | None:
    """Return the requirement whose shortest word is longest: the one fewest texts meet."""
    usable = [words for words in requirements if words and min(map(len, words)) >= MIN_CUE]
    return max(usable, key=lambda words: (min(map(len, words)), -len(words)), default=None)


def alternatives(pattern: str) -> list[str]:
    """Return the top-level alternatives of a pattern's source, split at each '|' outside groups and classes."""
    parts: list[str] = []
    depth, start, index, in_class = 0, 0, 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            # ']' first in a class is a literal, as is '^]'.
            if pattern.startswith("]", index + 1):
                index += 1
            elif pattern.startswith("^]", index + 1):
                index += 2
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
        index += 1
    parts.append(pattern[start:])
    return parts


class AnyOf:
    """A pattern of many alternatives, asked only whether it occurs, each alternative looked for where its cues are."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        parts = alternatives(pattern.pattern)
        if pattern.pattern.startswith("(?") and re.match(r"\(\?[aiLmsux-]+\)", pattern.pattern):
            parts = [pattern.pattern]  # global inline flags belong to the whole pattern
        self._looks = [(cues_of(part, pattern.flags), re.compile(part, pattern.flags)) for part in parts]

    def found(self, text: str, folded: str | None = None) -> bool:
        """Return whether the pattern occurs in text (`folded`: the text as `fold` gives it, when already at hand)."""
        for cues, look in self._looks:
            if cues is not None:
                folded = fold(text) if folded is None else folded
                if not any(cue in folded for cue in cues):
                    continue
            if look.search(text) is not None:
                return True
        return False
