"""Read the problem statement: its section first, else a paragraph elsewhere that plainly says what hurts whom."""

from __future__ import annotations

import re
from typing import NamedTuple

from problemframe.model import EvidenceKind
from problemframe.parse.body_evidence import read_sentence
from problemframe.parse.document import Block, Document
from problemframe.parse.findings import is_housekeeping, is_solution_only
from problemframe.parse.handles import commenter
from problemframe.parse.labels import METRIC_KEYS
from problemframe.parse.metric_prose import is_metric_sentence
from problemframe.parse.pain import distinct_word_count, pain_words, word_count
from problemframe.parse.placeholders import is_placeholder
from problemframe.parse.sections import Section, running_text
from problemframe.parse.template_help import hollow_story, story_with_reason, strip_help
from problemframe.parse.text import sentences, without_fenced_code

MIN_OBJECTIVE_WORDS = 12
MIN_ELSEWHERE_WORDS = 12
# Words that also open metric sentences ('0 % today'): alone they do not say that something hurts.
_WEAK_PAIN = frozenset({"today", "currently", "too", "must"})
"""A paragraph outside the problem section must be this long to stand in for it."""
_NOT_PROBLEM = re.compile(
    r"non.?goals?|out of scope|not in scope|what (?:is|are|it is) not|not solving|alternatives|steps to reproduce"
    r"|how to reproduce|to reproduce|environment|versions?|logs?|stack ?trace|acceptance criteria|tasks?\b|todo"
    r"|checklist|rollout|dependencies|risks?|timebox|questions|hypothesis|screenshots?",
    re.IGNORECASE,
)


class ProblemRead(NamedTuple):
    """The problem statement read, the placeholder it held instead, and whether it says what hurts."""

    text: str | None
    placeholder: str | None
    stated: bool


def read_problem(
    text: str | None, *, strength: int, helped: bool, document: Document, sections: list[Section], bug: bool = False,
    routine: bool = False,
) -> ProblemRead:
    """Return the problem statement of a ticket; the placeholder is set only when there is no problem.

    Text under a problem heading (`strength` 2 or more) is the problem as written. Untitled text or a 'Summary'
    stands for the problem only when it says what hurts; a one-line wish or a to-do list does not. Untitled text of
    `routine` work (a release checklist, an upgrade) states no problem, whatever it says in passing.
    """
    if text is not None:
        # A rule under the header fields ('---') opens the text; it is no part of the problem.
        text = _LEADING_RULES.sub("", text) or text
        # 'Hi,' or 'Bonjour,' on a line of its own greets the team; the problem starts after it.
        text = _LEADING_GREETING.sub("", text) or text
        text = _without_leading_target(text)
    placeholder = text if text is not None and (helped or is_placeholder(text) or hollow_story(text)
                                                or _ONLY_QUESTIONS.match(text)) else None
    if placeholder is not None:
        text = None
    opening = next((block.text for block in document.blocks if block.kind == "paragraph"), "")
    if strength < 2 and placeholder is None and (routine or (text is not None and (
            _ASKS_A_COLLEAGUE.match(opening) or _asks_how(text)))):
        # 'Quick question for whoever owns the permit state machine: …': a colleague asked how something works;
        # 'Release checklist: v3.2.0', 'Rotate APNs auth key': routine work, done because it is due.
        return ProblemRead(text, None, stated=False)
    substantive = text is not None and word_count(without_fenced_code(text)) >= 4 and not is_solution_only(text)
    # A bug report's description is the problem: what breaks, for whom. 'FIX THIS NOW' three times over emoji
    # says neither.
    if text is not None and substantive and (
        strength >= 2 or states_pain(text) or (bug and distinct_word_count(without_fenced_code(text)) >= 8)
    ):
        return ProblemRead(text, None, stated=True)
    if text is not None and substantive and strength < 2 and _tells_what_a_customer_needs(text):
        # 'Sales says a prospect — a school photography company in Ohio — needs class rosters imported from CSV':
        # the need is told in a customer's name, and the reader weighs it as the ticket's problem.
        return ProblemRead(text, None, stated=True)
    # A dependency update says what to bump; a failed bot run mentioned under it is no one's problem.
    found = None if text is not None and is_housekeeping(text) else problem_elsewhere(document, sections, bug=bug)
    if found is not None:
        return ProblemRead(found, None, stated=True)
    stated = strength >= 2 or text is None or is_solution_only(text)
    return ProblemRead(text, placeholder, stated=stated)


def _tells_what_a_customer_needs(text: str) -> bool:
    """Return whether untitled text opens with a paragraph that passes on what a customer told or asked us."""
    opening = _opening_post(text).strip().split("\n\n", 1)[0]
    told = sentences(opening)
    # A to-do list says what to do, whoever asked for it.
    if word_count(opening) < MIN_ELSEWHERE_WORDS or _LIST_LINE.match(opening) or not told:
        return False
    return any(item.kind is not EvidenceKind.INTERNAL
               for sentence in told for item in read_sentence(sentence, today=None))


# '**Which customers asked for this?**' with nothing under it: a form's own questions, left unanswered.
_ONLY_QUESTIONS = re.compile(r"^(?:\s*(?:\*\*|__)[^*_\n]{3,160}\?(?:\*\*|__)\s*)+$")
# A question put to colleagues, not a problem: 'Quick question for whoever owns …', 'Quick one: …', 'Question for
# billing folks:', 'Quick q:', 'Pessoal, dúvida rápida:'.
_ASKS_A_COLLEAGUE = re.compile(
    r"^[\W_]{0,4}(?:\w+,\s+)?(?:quick (?:question|q)\b|quick one(?=\s*(?::|for\b))"
    r"|question for (?:whoever|the|product|eng|billing|backend|ops"
    r"|support|\w+ (?:folks|team|people))\b|dúvida rápida|pergunta rápida|pregunta rápida|kurze frage"
    r"|petite question|question rapide|domanda veloce|snelle vraag|snabb fråga|szybkie pytanie)",
    re.IGNORECASE,
)
# 'How does BusBell handle …?', 'Does the MARC import keep 880 fields?': how it works, asked of colleagues. 'How do I
# …?' and 'Can we please get …?' are a user's trouble and a request.
_HOW_QUESTION = re.compile(r"^[\W_]{0,4}(?:question\W+)?(?:how (?:does|is|are|should|would|do we)"
                           r"|what(?:'s| is| are| happens)|does|do we|do you|is there|are there|which|why does"
                           r"|when does)\b", re.IGNORECASE)


def _asks_how(text: str) -> bool:
    """Return whether untitled text opens by asking how something works ('How does BusBell handle …?')."""
    first = sentences(text.strip())[:1]
    return bool(first) and first[0].rstrip(" *_").endswith("?") and _HOW_QUESTION.match(first[0]) is not None


_LIST_LINE = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)]|#{1,2}\s)\s*(?:\[[ xX]?\]\s*)?\S")
_LEADING_RULES = re.compile(r"^(?:\s*(?:-{3,}|\*{3,}|_{3,})\s*\n)+")
_LEADING_GREETING = re.compile(r"^\s*(?:hi|hello|hey|dear \w+|hola|bonjour|hallo|olá|ciao|good (?:morning|afternoon))"
                               r"(?: (?:team|all|everyone|there|folks))?\s*[,!.]?\s*\n\s*\n"
                               # '안녕하세요, 커뮤니티 매니저 김민지입니다.', 'お疲れ様です。PMの佐藤です。': a
                               # greeting line in the languages that introduce the writer with it.
                               r"|^\s*(?:안녕하세요|こんにちは|お疲れ様です|お世話になっております|您好|大家好)"
                               r"[^\n]{0,80}\n\s*\n",
                               re.IGNORECASE)


def _without_leading_target(text: str) -> str:
    """Return untitled text without the target it opens with ('We expect p95 to drop … Finance admins wait …')."""
    paragraphs = text.split("\n\n")
    start = 0
    while start < len(paragraphs) - 1 and paragraphs[start].strip() and all(
            is_metric_sentence(sentence) for sentence in sentences(paragraphs[start])):
        start += 1
    return "\n\n".join(paragraphs[start:]) if start else text


def states_pain(text: str) -> bool:
    """Return whether untitled text says what hurts: enough words, a word of pain, not a bare request."""
    text = _opening_post(text)
    first = text.strip().split("\n\n", 1)[0]
    # A target line ('Target: 30 % … (0 % today, since it doesn't exist)') wants something; it says nothing hurts.
    lines = [line for line in text.split("\n") if line.strip() and not is_metric_sentence(line)]
    items = [line for line in lines if _LIST_LINE.match(line)]
    if lines and len(items) * 5 >= len(lines) * 3:
        # A to-do list ('- [ ] bump versionCode', '- Snapshot orders-db-prod') says what to do: only the prose
        # around it can say what hurts.
        lines = [line for line in lines if not _LIST_LINE.match(line)]
    said = "\n".join(lines)
    prose = without_fenced_code(text)
    # A pasted log says nothing about who is affected, nor does 'FIX THIS NOW' said three times.
    if word_count(prose) < 8 or distinct_word_count(prose) < 6 or is_solution_only(first):
        return False
    return any(word not in _WEAK_PAIN for word in pain_words(said)) or story_with_reason(text)


def _opening_post(text: str) -> str:
    """Return text up to the first comment pasted under it ('**@ana** commented'): a bot marking the issue stale or
    a '+1' says nothing of what hurts the writer."""
    lines = text.split("\n")
    cut = next((number for number, line in enumerate(lines) if number and line.strip() and commenter(line)), None)
    return text if cut is None else "\n".join(lines[:cut])


# What a spike sets out to learn: 'Goal: find out whether …', 'Produce a recommendation', 'Timeboxed spike'.
_TO_LEARN = re.compile(r"\b(?:find out|figure out|decide|evaluate|assess|investigate|explore|recommendation|spike"
                       r"|time-?boxed?|prototype|proof of concept|poc|compare)\b", re.IGNORECASE)


_INLINE_LABEL = re.compile(r"^[*_\s]*[^\n:*_]{2,30}:[*_\s]*")


def _outcome_for_someone(text: str) -> bool:
    """Return whether an OKR's objective says, in enough words, what should change for the people it serves
    ('Passengers get a car noticeably faster, so cooperatives can compete …'): the problem, told as its end."""
    told = _INLINE_LABEL.sub("", text, count=1)
    return word_count(told) >= MIN_OBJECTIVE_WORDS and not is_solution_only(told) and not _TO_LEARN.search(told)


def _not_ours(document: Document, sections: list[Section]) -> list[tuple[Block, Section]]:
    """Return the blocks of running text, without those of a bot's or a maintainer's comment pasted under the issue:
    a bot closing it as stale or a maintainer's reply is not the writer's problem."""
    kept: list[tuple[Block, Section]] = []
    ours = False
    for block, section in running_text(document, sections):
        if block.kind in ("paragraph", "quote") and (
                header := commenter(block.text.lstrip("> ").split("\n", 1)[0])) is not None:
            ours = header[1]
        if not ours:
            kept.append((block, section))
    return kept


def problem_elsewhere(document: Document, sections: list[Section], *, bug: bool = False) -> str | None:
    """Return the first paragraph outside the problem section that says what hurts, in enough words.

    In a bug report one word of what breaks will do ('Playback stops dead … then skips to the next song'): what
    breaks is the problem there; elsewhere two are needed, as a plan or a design also names a pain in passing.
    """
    wanted = 1 if bug else 2
    # Evidence is read last: a ticket that opens with its evidence ('90 SMS tickets a month, each a manual identity
    # check') says what hurts there when it says it nowhere else, in its own words or a customer's quoted ones.
    read = _not_ours(document, sections)
    for evidence in (False, True):
        for block, section in read:
            # An OKR's 'Objective' often says what hurts before any number: read it, unless it states a target.
            objective = section.key == "metric" and section.strength < 3 and not any(
                is_metric_sentence(sentence) for sentence in sentences(block.text))
            if (section.key == "evidence") is not evidence or (section.key in METRIC_KEYS and not objective) or (
                    _NOT_PROBLEM.search(section.label)) or (evidence and block.kind not in ("paragraph", "quote")):
                continue
            text = strip_help(block.text)
            if word_count(text) < MIN_ELSEWHERE_WORDS or is_placeholder(text):
                continue
            # An epic's 'Objetivo' or 'Ziel' that states no target says what is wrong as untitled text would, or
            # what should change for whom.
            told = objective and (states_pain(text) or _outcome_for_someone(text))
            if len(set(pain_words(text))) >= wanted or told:
                # Shown as written: the block's own lines, code spans included.
                return strip_help("\n".join(document.lines[block.start : block.end]).strip()) or text
    return None
