"""Read a success metric from free text: 'reduce churn from 8 % to 5 % within 90 days, measured in Mixpanel'.

The values are found by the words around them (an arrow between two, 'down from', 'under'), the name by what the
sentence says before its first value, or after it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

from problemframe.model import Direction
from problemframe.parse.dates import find_date
from problemframe.parse.metric_prose import skipped_section
from problemframe.parse.metric_words import NOT_A_DOUBLING, find_source, find_window, stated_direction
from problemframe.parse.quantities import Quantity, convert, find_quantities
from problemframe.parse.text import CJK, squash

MAX_METRIC_LINES = 12
_QUALIFIER = (r"(?:under|below|less than|at most|no more than|over|above|more than|at least|no less than|about"
              r"|around|approximately|roughly|~|≈|<=|>=|<|>|≤|≥"
              # The same in the languages metrics arrive in: 'auf unter 15 %', 'a menos de 2 %', 'para abaixo de'.
              r"|unter|über|höchstens|mindestens|menos de|más de|al menos|abaixo de|acima de|pelo menos|moins de"
              r"|plus de|au moins|sotto|sopra|almeno|minder dan|meer dan|onder de|onder|poniżej|ponad|co najmniej"
              r"|najwyżej|maks\.|maksymalnie|max\.|högst|minst|meno di|più di|por debajo de|inferior a|menos del?"
              r"|circa|cerca de|ungefär|etwa|ongeveer|environ|aproximadamente|około|yaklaşık|noin|alle|yli"
              r"|vähintään|enintään|under|over|minst|højst|høyst)")
# 'de 6 min aujourd'hui à 2 min', 'von 58 Tagen heute auf 40': the word for now stands after the baseline.
_NOW = (r"(?:today|now|currently|heute|derzeit|hoy|hoje|aujourd['’]hui|actuellement|oggi|vandaag|idag|i dag|dziś"
        r"|dzisiaj|bugün|nyt|dnes)")
# 'da circa 310 chiamate/mese a circa 230': the unit may be per something.
# Possessive runs ('*+') keep a long run of blanks from being tried every way: nothing after them starts blank.
_CONNECT = re.compile(r"^[*_\s]*+(?:/?[A-Za-z%]{1,20}(?:/[a-z]{1,12}|\s[a-z]{1,12})?[*_]*+\s*+"
                      r"|(?:分钟|分|秒|時間|小时|日|天|件|人|円|元|回|次|台|건|분|초|시간|일|명|원|회|개|통|번|곳)[*_\s]*+)?(?:"
                      + _NOW + r"[*_\s]*+)?\)?\s*+"
                      r"(?:\([^()]{0,100}\)\s*+)?(?:,\s*+)?"
                      r"(?:to|->|→|=>|⟶|-->|—>|–>|➔|➡|-|–|—|until|till|auf|a|al|para|à|hasta|até|bis|naar|tot|ke"
                      # 'a **sotto l'1,5 %**': the article a language elides into the value stands between.
                      r"|sampai|do|på|till|til"
                      # '18% から 10% へ', '从 23% 降到 5%', '由 40 分钟缩短至 15 分钟', '18%에서 10%로'.
                      r"|から|에서|(?:降|减少|降低|下降|提高|提升|增加|上升|增长|缩短|压缩|减)?(?:到|至))"
                      r"[*_\s]*+(?:" + _QUALIFIER + r"\s*+)?(?:l['’]|la\s|il\s)?[*_\s]*+"
                      # '月40件 → 月10件以下': per month, said before the value.
                      r"(?:(?:毎月|每月|月|週|年|월|주)\s*+)?$",
                      re.IGNORECASE)
# '4,5 dakikadan 2 dakikanın altına', '60 %:sta 85 %:iin': Turkish and Finnish say 'from' in the case of the unit
# after the baseline, and need no word between it and the target.
_FROM_CASE = re.compile(r"^[*_\s]*+[:'’]?[^\W\d_]{0,20}(?:dan|den|tan|ten|sta|stä)[*_\s]++(?:" + _QUALIFIER
                        + r"\s*+)?[*_\s]*+$", re.IGNORECASE)
_BASE_CUE = re.compile(r"\b(?:currently|today|now|baseline|from|at|is|was|runs at|sits at|stands at|averages?|takes?"
                       r"|von|desde|van|dari|dal|de|da|z|från|fra|hoy|heute|hoje|aujourd'hui|actualmente|atualmente"
                       r"|aktuell|instead of|down from|up from|compared (?:to|with)|vs\.?|versus"
                       r"|measured)\s*(?:is|of|at|:)?\s*(?:about|around|roughly|approximately|nearly|ca\.|cirka|circa"
                       r"|omkring|noin|ungefär|etwa|ongeveer|environ|około|ok\.|yaklaşık|cerca de|~|≈)?\s*$",
                       re.IGNORECASE)
_STRONG_BASE_CUE = re.compile(r"\b(?:currently|today|now|baseline|from|was|instead of|down from|up from|von|desde|van"
                              r"|från|fra|z|nyt|nu|nå|teď|şu an"
                              r"|hoy|heute|hoje|actualmente|atualmente|aktuell"
                              r"|compared (?:to|with)|vs\.?|versus|measured)\s*(?:is|of|at|:)?\s*"
                              r"(?:about|around|roughly|approximately|nearly|up to|ca\.|cirka|circa|omkring|noin"
                              r"|ungefär|etwa|ongeveer|environ|około|yaklaşık|cerca de|~|≈)?\s*$",
                              re.IGNORECASE)
_YEAR = re.compile(r"\b(?i:in|since|during|fy)\s(?P<year>(?:19|20)\d{2})\b(?!\s?%)")
_YEAR_DIGITS = re.compile(r"\b(?:19|20)\d{2}\b")
_BASE_AFTER = re.compile(r"^[\s*_]*(?:today|now|currently|at the moment|right now|at present)\b", re.IGNORECASE)
_TARGET_CUE = re.compile(r"(?:\b(?:to|target|goal|reach|hit|under|below|above|over|least|most|than|auf|unter|bis"
                         r"|hasta|para|menos de|abaixo de|moins de|sotto|ziel|objetivo|meta|objectif|naar|onder|do"
                         r"|poniżej|till|til|tavoite|tavoite alle|alle|cíl|hedef|mål)\s*(?:of|:)?"
                         r"|[<>≤≥]=?)\s*$", re.IGNORECASE)
_LEAD_VERB = re.compile(r"^(?:we want to\s+|to\s+)?(?:increase|decrease|reduce|grow|cut|lower|raise|improve|boost"
                        r"|drop|bring down|bring|get|move|shrink|halve|double" + NOT_A_DOUBLING
                        + r"|triple|lift|maximi[sz]e|minimi[sz]e"
                        r"|keep)\s+(?:the\s+|our\s+)?", re.IGNORECASE)
_WANT_TAIL = re.compile(r"(?<![\s;,.])[;,.]?\s*+(?:and\s+)?(?:we(?:'d| would)?\s+(?:want|expect|aim|need)|target"
                        r"|goal)\b.*$",
                        re.IGNORECASE)
_LEAD_WANT = re.compile(r"^(?:we(?:'d| would)?\s+(?:expect|want|aim for|need|hope)|(?:our|the) (?:goal|aim|target) is"
                        r"(?:\s+for)?|success (?:is|means|looks like)(?:\s+when)?)\s+(?:the\s+|our\s+)?",
                        re.IGNORECASE)
_TAIL_MOVE = re.compile(r"\s+(?:to|should|will|would)\s+(?:drop|fall|rise|go|grow|get|reach|be|improve|decrease"
                        r"|increase|come down|go down|go up|shrink|climb|move)(?:\s+(?:down|up|back))?$", re.IGNORECASE)
_EMPHASIS = re.compile(r"\*\*|__")
_SHARE_OPENS = re.compile(r"^[\W]*(?:(?:at least|≥|>=|over|more than)\s*)?$", re.IGNORECASE)
# 'by 25 %', and as other languages say it: 'del 20 %', 'un 25 %', 'um 30 %', 'met 30 %', 'em 20 %' ('de' is as
# often 'below' or 'from': 'onder de 10 %', 'de 4 % à 15 %').
_BY = re.compile(r"\b(?:by|del|un|um|met|em|med)\s*(?:about|around|circa|ca\.|~)?\s*$", re.IGNORECASE)
_WORDS = re.compile(r"[^\W\d_]{3,}")
_AFTER_STOP = re.compile(r"[;,.:(]|\s(?:we|to|and|but|which|that|so|by|within|over|before|until|after|in)\s",
                         re.IGNORECASE)
_OF = re.compile(r"^(?:of|in|for|on)\s+", re.IGNORECASE)
_NAME_TAIL = re.compile(r"\s(?:from|is|at|by|of|was|van|von|vom|de|del|da|dal|dalla|från|fra|z|od|depuis|desde|ist"
                        r"|är|nyt|nu|nå|now|today|currently|heute|hoy|hoje)(?:\s+(?:about|around|ca\.|cirka|circa|omkring"
                        r"|ungefär|etwa|environ|noin|ok\.|około))?$",
                        re.IGNORECASE)
_NAME_TRIM = " \t:,(-–—="


@dataclass(slots=True)
class MetricRead:
    """What has been read of a metric so far."""

    name: str | None = None
    baseline: Quantity | None = None
    target: Quantity | None = None
    change: float | None = None
    days: int | None = None
    until: dt.date | None = None
    direction: Direction | None = None
    source: str | None = None


def _read_sentence(text: str, read: MetricRead, *, today: dt.date | None) -> None:
    """Fill what a free sentence says: name, baseline -> target, window, direction, source."""
    flat = _EMPHASIS.sub(lambda match: " " * len(match.group(0)), squash(text))
    window = find_window(flat, loose=False, today=today)
    read.days, read.until = window.days, window.until
    masked = flat
    for start, end in window.spans:
        masked = masked[:start] + " " * (end - start) + masked[end:]
    source = find_source(masked)
    if source is not None:
        read.source = balanced(source[0])
        masked = masked[: source[1]] + " " * (source[2] - source[1]) + masked[source[2] :]
    masked = mask_dates(masked, today=today)
    quantities = find_quantities(masked)
    read.direction = stated_direction(masked, loose=False)
    pair = _connected(masked, quantities)
    if pair is not None:
        read.baseline, read.target = pair
    else:
        _cued(flat, quantities, read)
    changed = _relative(masked, quantities, read)
    if changed is None and read.target is None and read.change is None:
        _halved_or_doubled(masked, quantities, read)
    first_number = min((q.start for q in (read.baseline, read.target, changed) if q), default=None)
    head = masked[:first_number] if first_number is not None else masked
    # 'We expect p95 export latency to drop from …': the name sits between the wish and the movement.
    # '… der Rechnungen von *58 Tagen*': the emphasis opening on the value is no part of the name.
    name = _LEAD_VERB.sub("", _LEAD_WANT.sub("", head.strip())).rstrip(_NAME_TRIM + "~≈*_")
    name = _NAME_TAIL.sub("", name).strip(_NAME_TRIM)
    name = _TAIL_MOVE.sub("", name).rstrip(_NAME_TRIM)
    name = _WANT_TAIL.sub("", name).strip(_NAME_TRIM)
    for anchor in (read.baseline, read.target, changed):
        # '면회 관련 전화 문의를 하루 평균 약 40통에서 …': a name written with few spaces is a name all the same.
        if len(_WORDS.findall(name)) >= 2 or (CJK.search(name) and len(name) >= MIN_CJK_NAME) or anchor is None:
            continue
        # 'about 18 % of login attempts end in "Forgot password"': the name follows the number.
        after = _OF.sub("", _AFTER_STOP.split(masked[anchor.end :], maxsplit=1)[0].strip())
        if len(_WORDS.findall(after)) >= 2 and not any(ch.isdigit() for ch in after):
            name = after.strip(_NAME_TRIM + "\"'“”")
    read.name = squash(_cjk_name(name))[:120] or None


# 'パイロット事業者で、朝ピークの空ステーション率を' → '朝ピークの空ステーション率': the last clause names the
# measure; the particle that ties it to the verb ('を', '从', '을') is no part of it.
_CJK_CLAUSES = re.compile(r"[、，：:,]")
_CJK_TIE = re.compile(r"(?:を|は|が|から|从|由|把|将|을|를|은|는|이|가|毎月|每月|月|월|現状|现在|目前|현재|약|約|约"
                      r"|大约|およそ)$")
MIN_CJK_NAME = 3


def _cjk_name(name: str) -> str:
    if not CJK.search(name):
        return name
    clauses = [_untied(clause) for clause in _CJK_CLAUSES.split(name)]
    return next((clause for clause in reversed(clauses) if len(clause) >= 3), name)


def _untied(clause: str) -> str:
    clause = clause.strip(" *_")
    while (tie := _CJK_TIE.search(clause)) is not None and tie.start() > 0:
        clause = clause[: tie.start()].rstrip(" *_")
    return clause


# 'KR1: ship 3 lifecycle emails', 'run 2 churn interviews per week', '- [ ] #1288 Lifecycle email: day 3': work to do.
_OUTPUT = re.compile(
    r"^\W{0,4}\[[ xX]\]|^\W{0,4}(?:(?:KR|key result|goal|objective)\s*\d{0,2}\W{0,4}[:.)–-]\s*)?(?:[*_]{0,2})"
    r"(?i:ship|launch|release|build|run|hold|publish|write|create|add|implement|deliver|complete|finish|hire|send"
    r"|host|conduct|set up|roll out|migrate|document|interview)\b"
)
_MOVES = re.compile(r"\bfrom\b.*\bto\b|→|->|%", re.IGNORECASE)


# 'raise per-claim cap from 25 to 100 files' changes a setting; '. Guardrail: …' and ', no regressions in …' guard
# the metric, they are no measure of their own.
_SETTING = re.compile(r"\b(?:raise|increase|lower|reduce|bump|change|set)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:cap|limit"
                      r"|quota|max(?:imum)?|threshold|timeout|ttl)\b[^.\n]{0,30}\bfrom\b"
                      r"|\b(?:staged |phased )?roll-?out\b[^.\n]{0,20}\d+\s?%"
                      # 'Raise MSRV from 1.70 to 1.74', 'from the Macros v1 endpoint to the v2 API': versions move.
                      r"|\b(?:msrv|version|toolchain|runtime|sdk|node|python|rust|java)\b[^.\n]{0,20}\bfrom\s+v?\d"
                      r"|\bv\d+(?:\.\d+)*\b[^.\n]{0,40}\bto\b[^.\n]{0,12}\bv\d", re.IGNORECASE)
_GUARD = re.compile(r"(?:^\W*|[.;,(]\s*|\s)(?:guardrails?\b|no\s+(?:[\w-]+\s+){0,3}regressions?\b)", re.IGNORECASE)


def counts_work(line: str) -> bool:
    """Return whether a goal line counts work to do ('ship 3 emails') or changes a setting, not a measure to move."""
    return (_OUTPUT.match(line) is not None and _MOVES.search(line) is None) or _SETTING.search(line) is not None


def _measured(line: str) -> str:
    """Return a goal line without its guardrail: 'p95 from 1.8 s to 0.6 s, no regressions in the suite'."""
    guard = _GUARD.search(line)
    return line[: guard.start()] if guard else line


_DEFAULT_BEFORE = re.compile(r"\bdefaults?(?: to| is| of)?\s*[:=]?\s*$", re.IGNORECASE)
# '99.95 % availability SLA', '99.9 % uptime SLA': what a contract already promises, not a value to reach.
_SLA_AFTER = re.compile(r"(?<!\s)\s*+(?:(?<![a-z])[a-z]++\s++)?sla\b"
                        # 'median of 20 runs': how often it was measured, not a value.
                        r"|(?<!\s)\s*+(?:runs|samples|iterations|trials|repetitions|measurements)\b", re.IGNORECASE)


def _only_settings(line: str) -> bool:
    """Return whether every value of a line is a setting, a promise or a sample size: '(default 7 d)', 'a 99.95 %
    availability SLA', 'median of 20 runs'."""
    quantities = find_quantities(line)
    return bool(quantities) and all(_DEFAULT_BEFORE.search(line[max(0, q.start - 16) : q.start])
                                    or _SLA_AFTER.match(line, q.end) for q in quantities)


_LINE_LABEL = re.compile(r"^\W{0,4}([^\W\d][\w .'-]{0,30}?)\s*[*_]{0,2}:")


def _aside(line: str) -> bool:
    """Return whether a line is labelled as no measure: 'Estimate: 2 points', 'Risks: p99 may grow to 3 s'."""
    label = _LINE_LABEL.match(line)
    return label is not None and skipped_section(label.group(1))


# A line that starts a block of its own: a list item, a table row, a heading, a quote or a 'Label:' field.
_OWN_LINE = re.compile(r"^\s*(?:[-*+•]\s|\d{1,3}[.)]\s|\||#|>|[*_]{0,2}[^\W\d][\w ()/-]{0,30}[*_]{0,2}:)")


# A wrapped line that goes on with the sentence: it opens with a bracket about the figure just before it. (A line
# in lower case may be the next item of a list whose markers are gone.)
_CONTINUES = re.compile(r"^\s*\(")


def _unwrapped(free: str) -> str:
    """Return text with a sentence wrapped onto the next line joined again: 'from ca. **10 %**' / '(…) to **40 %**'."""
    lines: list[str] = []
    for line in free.split("\n"):
        if lines and _CONTINUES.match(line) and lines[-1].strip() and not lines[-1].rstrip(" *_").endswith(
                (".", "!", "?", ":", ";", "。")) and not _OWN_LINE.match(line):
            lines[-1] = f"{lines[-1].rstrip()} {line.strip()}"
        else:
            lines.append(line)
    return "\n".join(lines)


def read_metric_lines(free: str, read: MetricRead, *, today: dt.date | None) -> None:
    """Fill `read` from the first line that states a metric: a list of success criteria names one per line."""
    free = _unwrapped(free)
    # A setting in a list of goals ('Move blocks older than a configurable age (default 7 d)') is no target.
    lines = [line for line in free.split("\n") if line.strip() and not _only_settings(line) and not _aside(line)]
    measures = [measured for line in lines if not counts_work(line) and (measured := _measured(line)).strip(" -*+•\t")]
    if not measures:
        return
    if len(measures) != len(lines):
        lines, free = measures, "\n".join(measures)
    if len(lines) > 1:
        reads = []
        for line in lines[:MAX_METRIC_LINES]:
            candidate = MetricRead(name=read.name)
            _read_sentence(line, candidate, today=today)
            reads.append(candidate)
        chosen = next((r for r in reads if r.target or r.change is not None), None)
        if chosen is not None and chosen.baseline is None and chosen.target is not None:
            # '- baseline: 47 min (Metabase)' and '- target: under 10 min' on lines of their own.
            unit = chosen.target.unit
            chosen.baseline = next((r.baseline for r in reads if r.baseline and not r.target and (
                r.baseline.unit == unit or convert(r.baseline, unit or "").unit == unit)), None)
        if chosen is not None:
            # The window or the source may stand on a line of its own ('- Measured in Mixpanel, 8 weeks after').
            whole = MetricRead()
            _read_sentence(free, whole, today=today)
            read.name, read.baseline, read.target, read.change = chosen.name, chosen.baseline, chosen.target, (
                chosen.change)
            read.direction = chosen.direction or whole.direction
            read.days, read.until = (chosen.days, chosen.until) if chosen.days or chosen.until else (whole.days,
                                                                                                    whole.until)
            read.source = chosen.source or whole.source
            return
    _read_sentence(free, read, today=today)


def _connected(masked: str, quantities: list[Quantity]) -> tuple[Quantity, Quantity] | None:
    """Return (baseline, target) written as 'from 38 % (3/8) in round 1 → at least 90 %', else None."""
    for number, (first, second) in enumerate(itertools.pairwise(quantities)):
        between = masked[first.end : second.start]
        if not _CONNECT.match(between) and not _FROM_CASE.match(between):
            continue
        if second.unit and first.unit != second.unit:
            # The arrow follows a side note ('(3/8) in round 1'): the baseline is the value in the target's unit.
            earlier = [q for q in quantities[:number] if q.unit == second.unit]
            if earlier:
                return earlier[-1], second
        return first, second
    return None


# 'ship it in 3.0', 'runs green on 8.4', 'table lists 8.4': a bare number where something happens is a release.
_BARE_PLACE = re.compile(r"\b(?:in|on|for|with|lists?|since|after|before|into|onto)\s*$", re.IGNORECASE)


def _cued(flat: str, quantities: list[Quantity], read: MetricRead) -> None:
    """Read baseline and target from the words around each value: 'down from 12 % today', 'under 5 minutes'."""
    # Cue words are read from the unmasked text: 'Today about 18 %' masks 'Today' as a date.
    def before(quantity: Quantity) -> str:
        return flat[max(0, quantity.start - 24) : quantity.start]

    def after(quantity: Quantity) -> str:
        return flat[quantity.end : quantity.end + 24]

    strong = [q for q in quantities if _STRONG_BASE_CUE.search(before(q)) or _BASE_AFTER.match(after(q))]
    weak = [q for q in quantities if _BASE_CUE.search(before(q))]
    targets = [q for q in quantities if _TARGET_CUE.search(before(q))]
    baseline = strong[0] if strong else next((q for q in weak if q not in targets), None)
    target = next((q for q in targets if q is not baseline), None)
    if target is None and baseline is not None and strong:
        # 'v1 traffic at 0 % by March, down from 12 % today': the other value in the baseline's unit is the target.
        target = next((q for q in quantities if q is not baseline and q.unit == baseline.unit), None)
    if target is None and baseline is None and len(quantities) == 1 and (
            quantities[0].unit is not None or not _BARE_PLACE.search(before(quantities[0]))):
        target = quantities[0]
    if target is None and baseline is None and quantities and quantities[0].unit == "%" and _SHARE_OPENS.match(
            flat[: quantities[0].start]) and flat[quantities[0].end :].lstrip().startswith("of "):
        # '60 % of newly created instances complete a first sync within 15 minutes': the share to reach.
        target = quantities[0]
    read.baseline, read.target = baseline, target


def _relative(flat: str, quantities: list[Quantity], read: MetricRead) -> Quantity | None:
    """Read '-25 % churn' or 'reduce churn by 30 %' as a change from the baseline, not a value to reach.

    Return the quantity read as the change, if any.
    """
    by = next((q for q in quantities if q.unit == "%" and _BY.search(flat[max(0, q.start - 12) : q.start])), None)
    target = read.target
    signed = target if target is not None and target.unit == "%" and (
        target.value < 0 or flat[target.start : target.start + 1] == "+") else None
    found = by or signed
    if found is None or (target is not None and target is not found):
        return None
    change = found.value
    if by is not None and read.direction is Direction.DECREASE:
        change = -abs(change)
    read.change = change
    read.target = None
    if read.baseline is found:
        read.baseline = None  # 'Réduire de 30 % les corrections': the 'de' says by how much, not from where
    if read.baseline is None:
        read.baseline = next((q for q in quantities if q.end <= found.start and q is not found), None)
    if read.baseline is not None:
        value = read.baseline.value * (1 + change / 100)
        read.target = Quantity(round(value, 6), read.baseline.unit, found.start, found.end)
    return found


# 'Halve WISMO calls', 'reducir a la mitad', 'halbieren', 'double weekly exports': a change of -50 % or +100 %.
_HALVE = re.compile(r"\b(?:halve|halving|cut (?:\w+ ){0,4}in half|reduc\w+ (?:\w+ ){0,3}(?:a la|pela|de) (?:mitad"
                    r"|metade|moitié)|(?:a la|pela) (?:mitad|metade)|halbier\w*|auf die hälfte|diviser par deux"
                    r"|dimezzar\w*)", re.IGNORECASE)
_DOUBLE = re.compile(r"\b(?:double" + NOT_A_DOUBLING + r"|doubling|duplicar|dobrar|verdoppel\w*|doubler"
                     r"|raddoppiar\w*)\b", re.IGNORECASE)


def _halved_or_doubled(masked: str, quantities: list[Quantity], read: MetricRead) -> None:
    change = -50.0 if _HALVE.search(masked) else 100.0 if _DOUBLE.search(masked) else None
    if change is None:
        return
    read.change = change
    read.direction = Direction.DECREASE if change < 0 else Direction.INCREASE
    read.baseline = read.baseline or (quantities[0] if quantities else None)
    if read.baseline is not None:
        read.target = read.baseline._replace(value=round(read.baseline.value * (1 + change / 100), 6))


def balanced(text: str) -> str:
    """Drop a trailing ')' or '.' that closes nothing in the source text."""
    text = text.rstrip(" .,;")
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip(" .,;")
    return text


def mask_dates(text: str, *, today: dt.date | None) -> str:
    """Blank out dates, and years ('63 in 2023'), so their digits are not read as values."""
    for _ in range(5):
        found = find_date(text, today=today)
        if found is None:
            break
        text = text[: found.start] + " " * (found.end - found.start) + text[found.end :]
    return _YEAR.sub(_blank, text) if _YEAR_DIGITS.search(text) else text


def _blank(match: re.Match[str]) -> str:
    """Return the match with its year blanked: 'in 2023' -> 'in     '."""
    start, end = match.span("year")
    whole = match.group(0)
    offset = match.start()
    return whole[: start - offset] + " " * (end - start) + whole[end - offset :]
