"""Read the pieces of a success metric sentence: labels, window, direction words and data source."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from problemframe.model import Direction
from problemframe.parse.dates import MONTHS, find_date
from problemframe.parse.text import CJK

_LABEL = re.compile(
    r"(?:^|(?<=[\s/|;,(]))(?:\*\*|__)?(?P<label>metric(?: name)?|name|kpi|baseline|current(?: value)?|today|target"
    r"|goal|unit|direction|(?:measurement )?window|time ?frame|(?:data )?source|measured (?:in|by|via|with|using))"
    r"(?:\*\*|__)?\s*[:=](?:\*\*|__)?\s*",
    re.IGNORECASE,
)
_LABEL_KEYS = {"metric": "name", "metric name": "name", "name": "name", "kpi": "name", "baseline": "baseline",
               "current": "baseline", "current value": "baseline", "today": "baseline", "target": "target",
               "goal": "name", "direction": "direction", "window": "window", "measurement window": "window",
               "timeframe": "window", "time frame": "window", "source": "source", "data source": "source",
               "unit": "unit"}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8, "ten": 10,
                 "twelve": 12, "a": 1, "an": 1,
                 # 'entro due mesi', 'innerhalb von zwei Wochen', 'dans les trois mois', 'inom två veckor'.
                 "zwei": 2, "drei": 3, "vier": 4, "sechs": 6, "deux": 2, "trois": 3, "dos": 2, "tres": 3,
                 "dois": 2, "duas": 2, "três": 3, "due": 2, "tre": 3, "sei": 6, "twee": 2, "drie": 3,
                 "zes": 6, "två": 2, "fyra": 4, "sex": 6, "dwa": 2, "dwóch": 2, "trzy": 3, "trzech": 3, "iki": 2,
                 "üç": 3, "altı": 6}
_UNIT_DAYS = {"d": 1, "day": 1, "wk": 7, "week": 7, "mo": 30, "month": 30, "quarter": 91, "q": 91, "year": 365,
              "yr": 365}
# Days, weeks and months as the languages tickets are written in name them: 'binnen 60 dagen', 'innerhalb von 8
# Wochen', 'dans les 30 jours', 'en 90 días', 'entro 3 mesi', 'inom 6 veckor', 'w ciągu 30 dni', '60 gün içinde'.
_FOREIGN_UNITS = {
    **dict.fromkeys(("dag", "dagen", "dage", "dagar", "tag", "tage", "tagen", "jour", "jours", "día", "días", "dia",
                     "dias", "giorno", "giorni", "dni", "dzień", "gün"), "d"),
    **dict.fromkeys(("week", "weken", "woche", "wochen", "semaine", "semaines", "semana", "semanas", "settimana",
                     "settimane", "vecka", "veckor", "uge", "uger", "tydzień", "tygodnie", "tygodni", "hafta"), "week"),
    **dict.fromkeys(("maand", "maanden", "monat", "monate", "monaten", "mois", "mes", "meses", "mese", "mesi",
                     "månad", "månader", "måned", "måneder", "miesiąc", "miesiące", "miesięcy", "ay"), "month"),
    **dict.fromkeys(("quartal", "quartale", "quartalen", "quartals", "trimestre", "trimestres", "trimestri",
                     "kwartaal", "kwartalen", "kvartal", "kvartalet", "kvartaler", "kwartał", "kwartały", "kwartałów",
                     "çeyrek"), "quarter"),
}
_N = r"(?P<n>\d{1,4}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_U = (r"(?P<u>days?|d|weeks?|wks?|months?|mos?|quarters?|years?|yrs?|" + "|".join(sorted(_FOREIGN_UNITS, key=len,
                                                                                      reverse=True)) + r")\b")
_WITHIN = (r"within|in|over|after|for|during|measured|across|binnen|innerhalb(?:\s+von)?|nach|dans\s+les|en|sous"
           r"|entro|dentro\s+de|em|inom|innen|inden|efter|etter|på|w\s+ciągu|po|na")
_WINDOWS = (
    re.compile(r"\b(?:" + _WITHIN + r")\s+(?:the\s+)?(?:first\s+|next\s+|following\s+|a\s+|de\s+|los\s+|os\s+"
               r"|i\s+)?" + _N + r"[\s-]?" + _U, re.IGNORECASE),
    re.compile(r"\b" + _N + r"[\s-]?" + _U + r"\s*(?:after|post|following|from|since|window|of launch|içinde"
               r"|na\s+(?:livegang|lancering|de\s+lancering)|nach\s+(?:dem\s+)?(?:start|launch|go-live)"
               r"|après|después|depois|dopo)", re.IGNORECASE),
)
# 'リリース後60日', '上线后 90 天', '출시 후 60일', '60日以内', '3か月以内', '30일 이내': no word boundary parts CJK
# from the number, and 'after' or 'within' stands on either side of it.
_CJK_UNITS = {**dict.fromkeys(("日間", "日", "天", "일"), "d"), **dict.fromkeys(("週間", "週", "周", "주"), "week"),
              **dict.fromkeys(("か月", "ヶ月", "カ月", "ケ月", "个月", "個月", "개월"), "month"),
              **dict.fromkeys(("年", "년"), "year")}
_CJK_UNIT = "|".join(sorted(_CJK_UNITS, key=len, reverse=True))
_CJK_WINDOW = re.compile(rf"(?:(?:後|后|후)\s*(?P<n>\d{{1,4}})\s*(?P<u>{_CJK_UNIT})"
                         rf"|(?P<n2>\d{{1,4}})\s*(?P<u2>{_CJK_UNIT})\s*(?:以内|内|이내|後|后|후|間|以降))")
# '5日 → 2日以内': the value an arrow leads to is the target, not how long to measure.
_CJK_TARGET_BEFORE = re.compile(r"(?:→|->|から|到|至|에서|[~〜])\s*[*_]*\s*$")
_WINDOW_ANY = re.compile(r"\b" + _N + r"[\s-]?" + _U, re.IGNORECASE)
_UNTIL = re.compile(r"\b(?:until|till|by|before|through|thru|ending|ends?|no later than)\s+(?:the\s+)?(?:end of\s+)?",
                    re.IGNORECASE)
_QUARTER = re.compile(r"\bQ([1-4])\s*'?(\d{4}|\d{2})\b")
_BARE_QUARTER = re.compile(r"\b(?:by|before|until|till|in|during)\s+(?:the\s+)?(?:end\s+of\s+)?Q([1-4])\b(?!\s*'?\d)",
                           re.IGNORECASE)
# 'by December', 'by the end of March', 'in June': a month with no year is its next end from today.
_BARE_MONTH = re.compile(r"\b(?:by|before|until|till|in|during)\s+(?:the\s+)?(?:end\s+of\s+)?(?P<mn>january|february"
                         r"|march|april|may|june|july|august|september|october|november|december)\b(?!\s*,?\s*\d)",
                         re.IGNORECASE)
_SOURCE = re.compile(r"\b(?:(?:data )?source\s*:|measured(?: [a-z]+)? (?:in|by|via|with|using)|tracked in"
                     # 'gemeten in het auditlog', 'gemessen im Dashboard', 'mesuré dans Metabase', 'medido en Looker'.
                     r"|(?:gemeten|gemessen|mesuré|mesurée|medido|medida|medito|misurato|misurata|mätt|målt|mierzon[ey])"
                     r" (?:in|im|in het|in de|via|über|dans|en|no|na|su|i|w)"
                     r"|(?:datenquelle|bron|fuente|fonte|källa|kilde|źródło|quelle)\s*:)\s*"
                     r"(?P<source>[^.;\n]{2,300}?)(?=\s+(?:for|over|within|during|after|until)\s|\s{3}|[.;\n]|$)",
                     re.IGNORECASE)
# 'double charges', 'double bookings': a thing that happens twice, no doubling wanted.
NOT_A_DOUBLING = r"(?![- ](?:charg|book|bill|pay|entr|count|scan|tap|submi|click|post|dip|check)\w*)"
_UP = re.compile(r"\b(?:increase[sd]?|increasing|grow(?:s|th|ing)?|raise|boost|double" + NOT_A_DOUBLING
                 + r"|triple|lift|maximi[sz]e"
                 r"|more|higher|improve conversion"
                 # The same verbs in the languages tickets arrive in: 'aumentar', 'erhöhen', 'verhogen', 'öka'.
                 r"|aumentar|augmenter|aumentare|erhöhen|steigern|verhogen|öka|höja|zwiększyć|artırmak|lisätä"
                 r"|zvýšit)\b|↑", re.IGNORECASE)
_DOWN = re.compile(r"\b(?:decrease[sd]?|decreasing|reduce[sd]?|reducing|reduction|cut|lower|drop|shrink|halve"
                   r"|minimi[sz]e|fewer|less|eliminate|shorten"
                   r"|reducir|reduzir|réduire|ridurre|senken|verringern|reduzieren|verminderen|verlagen|minska|sänka"
                   r"|zmniejszyć|obniżyć|azaltmak|vähentää|snížit|bajar|baixar|diminuir|disminuir|diminuer"
                   r"|diminuire|abbassare)\b|↓", re.IGNORECASE)
_UP_WORDS = re.compile(r"\b(?:up|higher is better|up is good|increase|grow|more)\b|↑", re.IGNORECASE)
_DOWN_WORDS = re.compile(r"\b(?:down|lower is better|down is good|decrease|reduce|less|fewer)\b|↓", re.IGNORECASE)


def split_labels(text: str) -> tuple[dict[str, str], str]:
    """Return `Label: value` pieces ('Baseline: 120 / Target: 300') and the text outside them."""
    found: dict[str, str] = {}
    rest: list[str] = []
    for line in text.split("\n"):
        matches = list(_LABEL.finditer(line))
        if not matches:
            rest.append(line)
            continue
        rest.append(line[: matches[0].start()])
        for number, match in enumerate(matches):
            end = matches[number + 1].start() if number + 1 < len(matches) else len(line)
            label = " ".join(match.group("label").lower().split())
            key = "source" if label.startswith("measured") else _LABEL_KEYS.get(label, label)
            value = line[match.end() : end].strip().strip("/|;,").strip()
            if value and key not in found:
                found[key] = value
    return found, "\n".join(rest)


class Window(NamedTuple):
    """A measurement window: a number of days, an end date, and the spans they were read from."""

    days: int | None
    until: dt.date | None
    spans: list[tuple[int, int]]


def find_window(text: str, *, loose: bool, today: dt.date | None = None) -> Window:
    """Return the window in text ('within 30 days', '6 weeks after launch', 'until 2027-03-01', 'by Q3 2027')."""
    days = None
    spans: list[tuple[int, int]] = []
    patterns = (*_WINDOWS, _WINDOW_ANY) if loose else _WINDOWS
    for pattern in patterns:
        # 'collected within 7 days from 62 % to 90 % within 60 days': an earlier span belongs to the measure's name,
        # the last one is how long to measure.
        matches = list(pattern.finditer(text))
        match = matches[-1] if matches else None
        if match:
            word = match.group("u").lower()
            unit = _FOREIGN_UNITS.get(word) or word.rstrip("s") or "d"
            count = _NUMBER_WORDS.get(match.group("n").lower()) or int(match.group("n"))
            days = count * _UNIT_DAYS.get(unit, 1)
            spans.append((match.start(), match.end()))
            break
    if days is None:
        cjk = next((match for match in _CJK_WINDOW.finditer(text) if match.group("n") or not _CJK_TARGET_BEFORE.search(
            text[max(0, match.start() - 6) : match.start()])), None)
        if cjk is not None:
            days = int(cjk.group("n") or cjk.group("n2")) * _UNIT_DAYS[_CJK_UNITS[cjk.group("u") or cjk.group("u2")]]
            spans.append((cjk.start(), cjk.end()))
    until = None
    for match in _UNTIL.finditer(text):
        found = find_date(text[match.end() : match.end() + 40], today=today)
        if found is not None and found.start == 0:
            until = found.date
            spans.append((match.start(), match.end() + found.end))
            break
    if until is None:
        quarter = _QUARTER.search(text)
        bare = _BARE_QUARTER.search(text) if quarter is None and today is not None else None
        if quarter:
            year = int(quarter.group(2)) + (2000 if len(quarter.group(2)) == 2 else 0)
            until = _quarter_end(int(quarter.group(1)), year)
            spans.append((quarter.start(), quarter.end()))
        elif bare is not None and today is not None:
            # 'by end of Q3' means the next end of a third quarter from today.
            until = _quarter_end(int(bare.group(1)), today.year)
            if until is not None and until < today:
                until = _quarter_end(int(bare.group(1)), today.year + 1)
            spans.append((bare.start(), bare.end()))
        elif today is not None and (month := _BARE_MONTH.search(text)) is not None:
            number = MONTHS[month.group("mn")[:3].lower()]
            until = _month_end(number, today.year)
            if until is not None and until < today:
                until = _month_end(number, today.year + 1)
            spans.append((month.start(), month.end()))
        elif loose:
            found = find_date(text, today=today)
            if found is not None:
                until = found.date
                spans.append((found.start, found.end))
    return Window(days, until, spans)


def _month_end(month: int, year: int) -> dt.date | None:
    """Return the last day of a month, or None for a year out of range."""
    if not 1 <= year <= 9999:
        return None
    return dt.date(year, 12, 31) if month == 12 else dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _quarter_end(quarter: int, year: int) -> dt.date | None:
    """Return the last day of a quarter, or None for a year out of range."""
    return _month_end(quarter * 3, year)


# '(Metabase "reschedules by tutor")', 'in the Looker dashboard 114', 'per Amplitude': a tool where the metric lives.
_TOOL = re.compile(
    r"(?:\b(?:in|from|per|on|via|using)\s+(?:the\s+|our\s+|same\s+)?|\()(?P<source>(?i:metabase|looker|amplitude"
    r"|mixpanel|datadog|grafana|snowflake|bigquery|redshift|tableau|posthog|heap|pendo|ga4|google analytics|segment"
    r"|sentry|crashlytics|firebase|zendesk(?: explore)?|intercom|salesforce|sfdc|hubspot|stripe|prometheus|new relic"
    r"|honeycomb|statsig|optimizely|launchdarkly|matomo|plausible|app store connect|play console|power bi|superset"
    r"|redash|genesys)\b[^.;:\n()\d]{0,80})"
)


# 'Looker「ステーション充足率」ダッシュボードで計測', '以内容管理后台的统计为准', 'Amplitude 기준': where it is
# measured, said after it in these languages.
_CJK_SOURCE = re.compile(
    r"(?:以|据|根据)(?P<source2>[^、，,（()）。\n]{2,60}?)为准"
    r"|(?:(?<=[、，,（(\s])|^)(?P<source>[^、，,（()）。\n]{2,60}?)\s?"
    r"(?:で計測|で測定|で集計|にて計測|で確認|中统计|에서 측정|기준)(?=[、，,）)。\s]|$)"
)


def find_source(text: str) -> tuple[str, int, int] | None:
    """Return the data source a sentence names ('Source: ...', 'measured in Amplitude') and its span, else None."""
    match = _SOURCE.search(text) or _TOOL.search(text)
    if match is None and CJK.search(text):
        cjk = _CJK_SOURCE.search(text)
        if cjk is not None:
            return (cjk.group("source2") or cjk.group("source")).strip(), cjk.start(), cjk.end()
    return (match.group("source").strip(), match.start(), match.end()) if match else None


def stated_direction(text: str, *, loose: bool) -> Direction | None:
    """Return the direction words in text state; `loose` reads a Direction field (up, down, higher is better)."""
    up_pattern, down_pattern = (_UP_WORDS, _DOWN_WORDS) if loose else (_UP, _DOWN)
    up = up_pattern.search(text)
    down = down_pattern.search(text)
    if up and (not down or up.start() < down.start()):
        return Direction.INCREASE
    if down:
        return Direction.DECREASE
    return None
