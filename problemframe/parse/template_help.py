"""Recognise the help text of issue templates, so a section that only repeats it counts as empty.

GitHub's default issue templates, user-story and bug-report skeletons and the hints teams put in their own
templates are written to be replaced. Whatever of a section is left after removing them is what the person wrote.
"""

from __future__ import annotations

import re

from problemframe.parse.cues import AnyOf, fold

# Sentences of common templates, compared in lower case with punctuation and markup folded to single spaces.
_SENTENCES = (
    # GitHub's default feature request and bug report.
    "Is your feature request related to a problem? Please describe.",
    "A clear and concise description of what the problem is.",
    "Ex. I'm always frustrated when [...]",
    "Describe the solution you'd like",
    "A clear and concise description of what you want to happen.",
    "Describe alternatives you've considered",
    "A clear and concise description of any alternative solutions or features you've considered.",
    "Add any other context or screenshots about the feature request here.",
    "Describe the bug",
    "A clear and concise description of what the bug is.",
    "Steps to reproduce the behavior:",
    "How can we reproduce it?",
    "Go to '...'",
    "Click on '....'",
    "Scroll down to '....'",
    "See error",
    "A clear and concise description of what you expected to happen.",
    "If applicable, add screenshots to help explain your problem.",
    "Add any other context about the problem here.",
    "Please complete the following information:",
    # Common team templates.
    "Describe the problem here",
    "Describe the customer problem here",
    "Describe the problem you are trying to solve",
    "Describe the problem and who has it",
    "Who is affected, and what does it cost them?",
    "Who is affected and what does it cost them?",
    "What problem are we solving, and for whom?",
    "What problem does this solve?",
    "Explain the problem",
    "Briefly describe the problem",
    "Provide a short summary",
    "Write your problem statement here",
    "Link customer evidence here",
    "Add customer evidence here",
    "List the customers who asked",
    "Add links to support tickets, calls or CRM notes",
    "How will we know it worked?",
    "How will we know this worked?",
    "How will we measure success?",
    "Describe how success will be measured",
    "Add the success metric here",
    "To Reproduce",
    "Expected behavior",
    "Expected behaviour",
    "Screenshots",
    "Additional context",
    "Desktop (please complete the following information):",
    "Smartphone (please complete the following information):",
    "OS: [e.g. iOS]",
    "Browser [e.g. chrome, safari]",
    "Version [e.g. 22]",
    "Device: [e.g. iPhone6]",
    "OS: [e.g. iOS8.1]",
    "Browser [e.g. stock browser, safari]",
)
_PREFIXES = (
    "a clear and concise description of",
    # The RFC templates open source projects copy: 'One paragraph explanation of the feature.'
    "one paragraph explanation of the",
    "explain the proposal as if it was already included",
    "why are we doing this",
    "who is the user",
    # A team story template's hints: 'Link customer evidence (support tickets, calls, data).'
    "link customer evidence",
    "link to relevant",
    "link relevant ",
    "add links to",
    "one sentence describing",
    "ex i m always frustrated when",
    "describe the ",
    "describe your ",
    "describe here",
    "describe what ",
    "describe how ",
    # A bug form's prompts: 'Tell us what went wrong, in a sentence or two.', 'Drag files here if you have any.'
    "tell us what ",
    "tell us how ",
    "tell us about ",
    "tell us why ",
    "drag files here",
    "drop files here",
    "drag and drop ",
    "add any other context",
    "if applicable add",
    "please describe",
    "please provide",
    "please explain",
    "briefly describe",
    "briefly explain",
    "explain the ",
    "insert ",
    "replace this",
    "write here",
    "write your ",
    "your text here",
    "enter ",
    "fill in ",
)
_NON_WORD = re.compile(r"[^\w\s]+")
_SLOT = r"(?:\[[^\[\]\n]{0,60}\]|<[^<>\n]{0,60}>|\{\{?[^{}\n]{0,60}\}?\}|_{3,}|\.{3}|…|x{2,}|\?{2,})"
_STORY = re.compile(
    r"^\W*as an?\W+" + _SLOT + r"\W+i\s+(?:want|need|would like)(?:\s+to)?\W+" + _SLOT + r"\W+(?:so that|so)\W+"
    + _SLOT + r"\W*$",
    re.IGNORECASE,
)
_ANY_SLOT = re.compile(_SLOT)
# The names templates give their examples: 'Example: As an Acme Corp workspace admin, I want …'.
_STOCK_NAME = re.compile(r"\b(?:acme|globex|initech|contoso|fabrikam|umbrella corp|example (?:corp|inc|co)\b)",
                         re.IGNORECASE)
# Cheap looks before the patterns: most sentences give no example.
_EXAMPLE_WORDS = ("e.g", "e. g", "ex.", "example", "for instance", "sample")
_EXAMPLE_LEAD = re.compile(r"^\W*(?:e\.\s?g\.|ex\.|example\s*:|for example\b|for instance\b|sample\s*:)",
                           re.IGNORECASE)
_EXAMPLE_TAIL = re.compile(r"(?<=[\s(,;:—-])(?:e\.\s?g\.|for example|for instance|example:)", re.IGNORECASE)
_ANGLE_SLOT = re.compile(r"<[a-z][a-z _-]{1,30}>", re.IGNORECASE)
# '_<One sentence describing the story>_' is a slot; '<https://acme.zendesk.com/>' is a link.
_ONLY_SLOT = re.compile(r"^[\s*_>-]*<(?![^<>\n]*:/)[^<>\n]{0,40}\s[^<>\n]{0,40}>[\s*_.]*$")
_MUSTACHE = re.compile(r"\{\{\s*[\w .-]{1,40}\s*\}\}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_ITALIC = re.compile(r"^\s*(?:_[^_\n]+_|\*[^*\n]+\*)\s*$")
_HELP_WORDS = re.compile(r"\b(?:here|for example|describe|explain|list|link|add|include|paste|attach|leave"
                         r" (?:it )?blank|fill in|fill out|tell us|who is|what is|how|write|keep it|replace this"
                         r"|delete this|remove this)\b|\be\.g\.|\bi\.e\.", re.IGNORECASE)
# A triage bot's reply pasted under the issue: 'it looks like you haven't filled in the issue template …'.
_BOT_NAG = AnyOf(re.compile(
    r"\byou (?:haven'?t|have not|didn'?t|did not) fill(?:ed)? (?:in|out) the (?:issue |bug )?template"
    r"|(?:\bwill|'ll) be (?:automatically )?closed(?: automatically)? in \d+ days\b"
    r"|\bhas been automatically marked as stale\b|\bhas(?:n'?t| not) had any (?:recent )?activity\b",
    re.IGNORECASE))
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]?\]\s+)?")
_BARE_MARKER = re.compile(r"^\s*+(?:[-*+]|\d{1,3}[.)]|\[[ xX]?\]|[-*+]\s+\[[ xX]?\])?\s*$")
_UNWRAP = re.compile(r"[*_`#]+|^\s*>+")


def _first_words() -> str:
    words = {_norm(text).split(" ", 1)[0] for text in (*_SENTENCES, *_PREFIXES) if _norm(text)}
    return "|".join(sorted(re.escape(word) for word in words))


_BRITISH = (("behaviour", "behavior"), ("colour", "color"), ("organis", "organiz"), ("customis", "customiz"))


def _norm(text: str) -> str:
    norm = " ".join(_NON_WORD.sub(" ", _UNWRAP.sub(" ", text).lower()).split())
    # A template copied with British spelling ('Steps to reproduce the behaviour:') is the same help.
    for british, american in _BRITISH:
        norm = norm.replace(british, american)
    return norm


_KNOWN = frozenset(_norm(sentence) for sentence in _SENTENCES)
# Most lines are the person's own words; a cheap look at how a line opens rules them out before normalising.
_MAYBE_HELP = re.compile(r"^[\s>*_`#\-+\d.)\[\]]*(?:" + _first_words() + r")\b|^\s*[_*]|\bas an?\b")


def is_help(sentence: str) -> bool:
    """Return whether a sentence or line is template help text rather than the person's words."""
    if "{{" in sentence and _MUSTACHE.search(sentence):
        return True
    if "<" in sentence and (len(_ANGLE_SLOT.findall(sentence)) >= 2 or _ONLY_SLOT.match(sentence)):
        return True  # '_<One sentence describing the story>_': a slot left as the whole line
    lowered = fold(sentence)
    if _BOT_NAG.found(sentence, lowered):
        return True
    if not any(word in lowered for word in _EXAMPLE_WORDS):
        return _is_help_text(sentence)
    if _EXAMPLE_LEAD.match(_UNWRAP.sub("", _LIST_MARKER.sub("", sentence[:200]))) and (
            _STOCK_NAME.search(sentence) or _ANY_SLOT.search(sentence)):
        return True
    tail = _EXAMPLE_TAIL.search(sentence)
    if tail is not None and tail.start() > 0:
        # 'How will we know this worked? e.g. "reduce X from 40% to 20%"': help, or a question, then the template's
        # example of what to write.
        head = sentence[: tail.start()].rstrip(" (,;:—-")
        return head.rstrip(" *_").endswith("?") or _is_help_text(head) or _is_help_text(sentence)
    return _is_help_text(sentence)


def _is_help_text(sentence: str) -> bool:
    if not _MAYBE_HELP.search(sentence[:80].lower()):
        return False
    sentence = _LIST_MARKER.sub("", sentence)
    norm = _norm(sentence)
    if not norm:
        return False
    if norm in _KNOWN or _STORY.match(_UNWRAP.sub("", sentence).strip()):
        return True
    if len(norm) <= 160 and norm.startswith(_PREFIXES):
        return True
    # The words are looked for without the emphasis: '_Link customer calls…_' opens with 'Link'.
    # '_What will people be able to do once this ships? Why would they bother?_': a template asks, in italics.
    return bool(_ITALIC.match(sentence) and (_HELP_WORDS.search(_UNWRAP.sub(" ", sentence))
                                             or _UNWRAP.sub("", sentence).strip().endswith("?"))
                and len(norm.split()) <= 60)


def strip_help(text: str) -> str:
    """Return text without its template help lines and sentences; empty when it held nothing else."""
    if not text:
        return text
    if "\n" in text.strip() and _STORY.match(_UNWRAP.sub("", " ".join(text.split()))):
        return ""  # '*As a* <type of user> / *I want* <some goal> / *so that* <some reason>', a line each
    kept_lines: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            kept_lines.append(line)
            continue
        if is_help(line) or _BARE_MARKER.match(line):
            continue
        pieces = [piece for piece in _SENTENCE_END.split(line) if piece.strip()]
        if len(pieces) > 1:
            remaining = [piece for piece in pieces if not is_help(piece)]
            if len(remaining) != len(pieces):
                line = " ".join(remaining)
                if not line.strip():
                    continue
        kept_lines.append(line)
    return "\n".join(kept_lines).strip()


# 'As a café owner / I want to split tips / So that' or '… so that I can export users': the story's why is missing.
_FILLED_STORY = re.compile(
    r"^\W*as an?\s+(?P<who>[^\n,]{1,80}?)(?:\W*[,\n]\W*|\s+)i\s+(?:want|need|would like)(?:\s+to)?\s+"
    r"(?P<want>[^\n]{1,200}?)"
    r"\W*(?:[,\n]\W*|\s)so(?:\s+that)?\b(?P<why>[^\n]*)(?P<rest>[\s\S]*)$",
    re.IGNORECASE,
)
_FILLER = frozenset({"i", "can", "could", "be", "able", "to", "the", "a", "an", "my", "our", "we", "it", "them", "this",
                     "that", "so", "and", "of", "for", "in", "on", "is", "are", "was", "get", "gets", "use", "using",
                     "have", "do", "make"})


def hollow_story(text: str) -> bool:
    """Return whether text is only a user story whose 'so that' is empty or repeats what is wanted."""
    match = _FILLED_STORY.match(_UNWRAP.sub("", text).strip())
    if match is None or len(match.group("rest").split()) >= 4:
        return False
    return not _reason(match)


def story_with_reason(text: str) -> bool:
    """Return whether text opens with a user story whose 'so that' says what it spares someone: '*As a* paralegal
    *I want* … *so that* I'm not chasing attachments across email threads' ('so that I receive it as a PDF' wants,
    it does not hurt)."""
    match = _FILLED_STORY.match(_UNWRAP.sub("", text).strip())
    return match is not None and _reason(match) and _RELIEF.search(match.group("why").lower()) is not None


_RELIEF = re.compile(r"\b(?:not|stop|stops|no longer|no more|avoid|without|never|don'?t|won'?t|less|fewer"
                     r"|instead of)\b")


def _reason(story: re.Match[str]) -> bool:
    """Return whether a story's 'so that' says something its 'I want' does not."""
    why = {_stem(word) for word in _norm(story.group("why")).split() if word not in _FILLER}
    want = {_stem(word) for word in _norm(story.group("want")).split()}
    return bool(why) and not why <= want


def _stem(word: str) -> str:
    """Return a word's first letters, enough to tell 'configure' and 'configurable' are one word."""
    return word[:6]
