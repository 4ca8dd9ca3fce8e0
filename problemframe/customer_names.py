"""Customer names: the key that tells two spellings of one customer apart from two customers, and how to show one."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Legal-form suffixes that do not make a different customer ("Acme Inc." is "ACME").
_LEGAL_SUFFIXES = frozenset(
    {"inc", "incorporated", "ltd", "limited", "llc", "llp", "plc", "corp", "corporation", "co", "company"}
    | {"gmbh", "ag", "sa", "sas", "sarl", "bv", "nv", "pty", "oy", "ab", "as"}
)
_NON_WORD = re.compile(r"[^\w]+")
_SPELT_LEGAL_FORM = re.compile(
    r"(?: sp z o o| spol s r o| s r o| s p a| s r l| s a| e v| k k| d o o| a s| pvt ltd| ltda| b v| n v| l l c| s l"
    r"| s e| k g)+$"
)


@lru_cache(maxsize=4096)
def customer_key(name: str) -> str:
    """Return the comparison key of a customer name: case, spacing, punctuation and legal form folded away."""
    words = _NON_WORD.sub(" ", unicodedata.normalize("NFKC", name).casefold()).split()
    key = " ".join(words)
    # Legal forms written with dots fall apart into letters: 'Sp. z o.o.', 's.r.o.', 'S.p.A.', 'e.V.'.
    key = _SPELT_LEGAL_FORM.sub("", key) if " " in key else key
    words = key.split()
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def display_name(name: str) -> str:
    """Return a customer name as written, with runs of whitespace collapsed and stray punctuation trimmed."""
    return " ".join(name.split()).strip(" ,;:-")
