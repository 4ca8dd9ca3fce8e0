"""Find numbers with units and amounts of money: 120, 40s, 35/month, 12.5%, $120k ARR, €8k MRR."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import NamedTuple

from problemframe.model import Money

# '6,2 %', '1,5 s': a decimal comma, as most of Europe writes it, when a unit or a second one follows; '1,250'
# stays a thousand.
_NUMBER = (r"(?P<int>\d{1,3}(?:,\d{3})+(?!,\d)|\d+)(?P<dec>\.\d+|,\d{1,2}(?=\s?(?:%|ms\b|s\b|sec|min|h\b|€|zł|kr\b"
           # '3,2 dagen', '4,5 Tage', '1,5 días': a duration in the writer's own words.
           r"|days?\b|dag(?:en|ar)?\b|tage?n?\b|días?\b|dias?\b|jours?\b|giorni\b|dni\b|päivää\b|gün\b|hours?\b"
           r"|horas?\b|heures?\b|ore\b|uur\b|stunden?\b|timmar\b|minut\w*|weeks?\b|wochen\b|weken\b|semanas?\b"
           r"|semaines?\b|settimane\b|kg\b|km\b"
           # '4,5 dakika', '2,5 tuntia', '1,5 godziny', '0,5 sekund': minutes, hours and seconds in more languages.
           r"|dakika\w*|saniye\w*|saat\w*|minuut\w*|tunti\w*|sekunt\w*|sekund\w*|godzin\w*|hodin\w*|timer\b"
           # 'da 2,1 a 2,6 entro 8 settimane', '2,4 → 0,5', '| 2,4 |': a pair of decimal commas, one alone in a cell,
           # one followed by its window.
           r"|\s?(?:→|->|a|à|al|to|til|tot|naar|auf|bis|para|do|till)\s*[~≈<>≤≥]?\s*\d+,\d(?!\d{2})|\s*\||\s*$"
           r"|\s+(?:entro|within|binnen|innerhalb|dans|en|em|in|inom|innen|inden|w|v|con|per|pro|par|dal|del)\s)))?")
_MULT = r"(?P<mult>(?:[kKmMB]|mm|MM|bn)(?![A-Za-z])|\s?(?:million|thousand|billion)\b)?"
_QUANTITY = re.compile(
    # A version ('3.4.2', '15.x') is no value: the number may not run on into another '.digit' or '.x'.
    # A time of day ('08:00–11:00', '2:10pm') is no value either.
    # 'PT-2024-07', 'CVE-2024-1234': a number inside an identifier is none either.
    # A CJK character may run into the number ('月40件'): the languages that write them use no spaces.
    r"(?<![.,#:第])(?<![^\W\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])(?<![A-Za-z0-9]-)"
    r"(?P<cur>[$£€])?(?P<sign>(?<![A-Za-z0-9])[-−](?=\d))?" + _NUMBER
    + r"(?![\d:])(?!\d*\.(?:\d|[xX]\b))" + _MULT
    + r"(?P<unit>\s?%|\s?(?:ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?|x)(?![A-Za-z])"
    r"|/\s?[A-Za-z]{1,20}|\s(?:per|a)\s(?:day|week|month|year|user|customer|account)\b)?"
)
# _NUMBER with no word, dot, comma or currency symbol before it; the look-behind follows the first digit so that
# the search can skip ahead to digits.
_FREE_NUMBER = r"(?P<int>\d(?<![\w.,$£€]\d)(?:\d{0,2}(?:,\d{3})+|\d*))(?P<dec>\.\d+)?"
_CODES = "USD|GBP|EUR|CAD|AUD|NZD|CHF|JPY|SEK|NOK|DKK|INR|SGD|BRL|MXN|ZAR|PLN"
_MONEY_PATTERNS = (
    re.compile(r"(?<![\w$£€])(?P<cur>US\$|[$£€]|" + _CODES + r")\s?" + _NUMBER + _MULT),
    re.compile(_FREE_NUMBER + _MULT + r"\s?(?P<cur>(?:" + _CODES + r")\b|€|£)"),
    re.compile(_FREE_NUMBER + _MULT + r"\s?(?=(?:ARR|MRR|ACV)\b)"),
    re.compile(r"\b(?:ARR|MRR|ACV)\s*(?:of|is|:|=|-|—)?\s*" + _NUMBER + _MULT),
)
_CODE = re.compile(_CODES)
_PERIOD_WORDS = ("ARR", "MRR", "ACV")
_CURRENCIES = {"$": "USD", "US$": "USD", "£": "GBP", "€": "EUR", "USD": "USD", "GBP": "GBP", "EUR": "EUR"}
_MULTIPLIERS = {"k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "mm": 1e6, "MM": 1e6, "B": 1e9, "bn": 1e9,
                "thousand": 1e3, "million": 1e6, "billion": 1e9}
_MONTHLY_AFTER = re.compile(r"\s{0,3}(?:MRR\b|/\s?mo(?:nth)?\b|per month\b|a month\b|monthly\b|pm\b|p/m\b)",
                            re.IGNORECASE)
_PERIOD_AFTER = re.compile(r"\s{0,3}(?:ARR|MRR|ACV|/\s?(?:mo|month|yr|year)|per (?:month|year|annum)|a (?:month|year)"
                           r"|annual(?:ly)?|monthly|yearly|pa|pm|p/m)\b", re.IGNORECASE)
_PERIOD_BEFORE = re.compile(r"\b(?:ARR|MRR|ACV)\s*(?:of|is|:|=|-|—)?\s*$", re.IGNORECASE)
_MONTHLY_BEFORE = re.compile(r"\bMRR\b\s*(?:of|is|:|=|-|—)?\s*$", re.IGNORECASE)
_UNITS = {"sec": "s", "secs": "s", "second": "s", "seconds": "s", "min": "min", "mins": "min", "minute": "min",
          "minutes": "min", "hr": "h", "hrs": "h", "hour": "h", "hours": "h", "day": "days", "week": "weeks",
          "month": "months"}


class Quantity(NamedTuple):
    """A number as written, with its unit, and where it was in the text."""

    value: float
    unit: str | None
    start: int
    end: int


def _number(match: re.Match[str]) -> float:
    """Return the value of a matched number with its k/m/bn multiplier applied."""
    value = float(match.group("int").replace(",", "") + (match.group("dec") or "").replace(",", "."))
    mult = (match.group("mult") or "").strip()
    return value * _MULTIPLIERS.get(mult, 1.0)


_A_YEAR = re.compile(r"^(?:19[5-9]\d|20\d\d)$")
# 'from 2019 onwards', '2021 or later': a year the sentence runs from, not a value.
# '2025年3月末まで', '2025년 봄 시즌': the year a date is written from.
_AFTER_A_YEAR = re.compile(r"\s*(?:(?:onwards?|and (?:later|after|earlier|before)|or (?:later|earlier))\b|年|년)",
                           re.IGNORECASE)
_BEFORE_A_YEAR = re.compile(r"(?:\b(?:Q[1-4]|H[12]|FY|in|by|since|until|till|end of|early|late|mid|during)"
                            r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?)\s*[-/]?\s*$",
                            re.IGNORECASE)


_EFFORT_AFTER = re.compile(r"\s?(?:sprints?|story points?|pts|person-?(?:days?|weeks?|months?)"
                           r"|engineer-?(?:days?|weeks?|months?)|dev-?days?)\b", re.IGNORECASE)
_PRODUCTS = (
    r"postgres(?:ql)?|pg|mysql|mariadb|python|node(?:\.?js)?|java|jdk"
    r"|ruby|rails|php|golang|go|rust|chrome|safari|firefox|edge|ios|ipados|android|macos|windows|ubuntu|debian"
    r"|kubernetes|k8s|eks|aks|gke|helm|terraform|django|react|angular|vue|electron|spring boot|kotlin|swift|xcode"
    r"|elasticsearch|opensearch|redis|kafka|mongodb|laravel|wordpress|woocommerce|magento|openssl|nginx|\.net"
    r"|typescript|webpack|esbuild|vite|rollup|babel|eslint|jest|pytest|numpy|pandas|pyarrow|spark|scala|flutter"
    r"|dart|unity|gradle|maven|docker|alpine"
)
# 'since 11.2', 'v4.3', 'PostgreSQL 13.14 to 16.4', 'iOS 17.4': a release of something, not a value.
_VERSION_BEFORE = re.compile(rf"(?:\b(?:since|version|release|ver\.?|build|{_PRODUCTS})\s*|\bv)$", re.IGNORECASE)
# 'PostgreSQL 13 reaches end of life', 'from PostgreSQL 13 to 16': major releases named by their product alone,
# read backwards from the number.
_MAJOR_BEFORE = re.compile(rf"\b(?:{_PRODUCTS})\s?v?(?:\d{{1,2}}\s*(?:→|->|to)\s*v?)?$", re.IGNORECASE)
_RELEASE_NUMBER = re.compile(r"(?<![\w.])\d+\.\d+(?!\.?\d)")
# 'mysql:8.4', 'node:20.11': an image tag names a release as well.
_TAG_BEFORE = re.compile(r"[a-z][\w-]*:$", re.IGNORECASE)


# 'Upgrade EKS clusters 1.27 → 1.29', 'bump the SDK from 4.2 to 5.0': one release to another.
_UPGRADE = re.compile(r"\b(?:upgrad|bump|migrat|updat)\w*\b[^.\n]{0,40}?(?<![\w.])(\d+\.\d+)\s*(?:→|->|to)\s*"
                      r"v?(\d+\.\d+)(?!\.?\d)", re.IGNORECASE)


def release_numbers(text: str, wanted: Iterable[float] = ()) -> set[float]:
    """Return the numbers text names as releases somewhere ('MySQL 8.4', 'v3.2', 'mysql:8.4', 'upgrade 1.27 → 1.29');
    a whole number ('PostgreSQL 13') only among those `wanted`."""
    found = {float(number) for match in _UPGRADE.finditer(text) for number in match.groups()}
    for value in wanted:
        if value.is_integer() and 0 <= value < 100 and (written := str(int(value))) in text:
            for match in re.finditer(rf"(?<![\w.]){written}(?![\w.,%])", text):
                if _MAJOR_BEFORE.search(text, max(0, match.start() - 40), match.start()):
                    found.add(value)
                    break
    for match in _RELEASE_NUMBER.finditer(text):
        before = text[max(0, match.start() - 16) : match.start()]
        if _VERSION_BEFORE.search(before) or _TAG_BEFORE.search(before):
            found.add(float(match.group(0)))
    return found


_ADDRESS = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]{0,20}://[^\s)\]>|]+")


def find_quantities(text: str, *, limit: int = 20) -> list[Quantity]:
    """Return the numbers in text with their units ('m' alone is minutes unless money)."""
    found: list[Quantity] = []
    # A number inside a link ('…/pages/88120331/Upgrades', '?id=4512') is an address, never a value.
    addresses = [match.span() for match in _ADDRESS.finditer(text)] if "://" in text else []
    for match in _QUANTITY.finditer(text):
        if addresses and any(start <= match.start() < end for start, end in addresses):
            continue
        value = float(match.group("int").replace(",", "") + (match.group("dec") or "").replace(",", "."))
        mult = (match.group("mult") or "").strip()
        unit = _unit(match.group("unit"))
        currency = _CURRENCIES.get(match.group("cur") or "")
        if mult == "m" and currency is None:
            unit = unit or "min"
        else:
            value *= _MULTIPLIERS.get(mult, 1.0)
        if match.group("sign"):
            value = -value
        if not math.isfinite(value):
            continue
        if unit is None and currency is None and _A_YEAR.match(match.group(0).strip()) and (_BEFORE_A_YEAR.search(
                text[max(0, match.start() - 12) : match.start()]) or _AFTER_A_YEAR.match(text, match.end())):
            # 'Q3 2026', 'by end of 2026': a date, not a value.
            continue
        if unit is None and currency is None and (_EFFORT_AFTER.match(text, match.end()) or (
                match.group("dec") and _VERSION_BEFORE.search(text[max(0, match.start() - 16) : match.start()]))):
            # '2 sprints', '13 story points': effort. 'since 11.2', 'v4.3': a release, not a value.
            continue
        found.append(Quantity(value, currency or unit, match.start(), match.end()))
        if len(found) >= limit:
            break
    return found


def _unit(raw: str | None) -> str | None:
    """Return a unit in its short form: 's' for seconds, '/month' for 'per month'."""
    if not raw:
        return None
    unit = raw.strip()
    if unit.startswith(("per ", "a ")):
        return "/" + unit.split()[1]
    if unit.startswith("/"):
        return "/" + unit[1:].strip()
    return _UNITS.get(unit, unit)


_SECONDS = {"ms": 0.001, "s": 1, "min": 60, "h": 3600, "days": 86400, "weeks": 604800, "months": 2592000}


def convert(quantity: Quantity, unit: str) -> Quantity:
    """Return the quantity in another time unit ('2 days' in h is 48); other units are left as they are."""
    if quantity.unit == unit or quantity.unit not in _SECONDS or unit not in _SECONDS:
        return quantity
    return quantity._replace(value=quantity.value * _SECONDS[quantity.unit] / _SECONDS[unit], unit=unit)


class FoundMoney(NamedTuple):
    """An amount of money, yearly, and where it was in the text."""

    money: Money
    start: int
    end: int


def find_money(text: str) -> FoundMoney | None:
    """Return the first amount of money in text as yearly revenue (MRR times 12); no currency means USD."""
    best: re.Match[str] | None = None
    # Each pattern needs a currency symbol, a currency code or a period word; skip those whose marker is absent.
    symbol = "$" in text or "£" in text or "€" in text
    coded = _CODE.search(text) is not None
    period = -1
    for word in _PERIOD_WORDS:
        at = text.find(word)
        if at >= 0 and (period < 0 or at < period):
            period = at
    if symbol or coded:
        best = _MONEY_PATTERNS[0].search(text)
    if coded or "£" in text or "€" in text:
        match = _MONEY_PATTERNS[1].search(text)
        if match and (best is None or match.start() < best.start()):
            best = match
    # An amount before 'ARR' beats a currency symbol only if the word comes first: no currency symbol or code
    # can sit inside '40k ' and the like. Only a match of the first pattern is known to be such a symbol or code.
    if period >= 0 and (best is None or period < best.start() or best.re is not _MONEY_PATTERNS[0]):
        match = _MONEY_PATTERNS[2].search(text)
        if match and (best is None or match.start() < best.start()):
            best = match
    # 'ARR 40k' starts at its word, so it only wins when the word comes before the best match so far.
    if period >= 0 and (best is None or period < best.start()):
        match = _MONEY_PATTERNS[3].search(text)
        if match and (best is None or match.start() < best.start()):
            best = match
    if best is None:
        return None
    amount = _number(best)
    groups = best.groupdict()
    if not groups.get("mult") and len(groups.get("dec") or "") == 4:
        # '€120.000' writes thousands with a dot; nobody writes revenue to a tenth of a cent.
        amount = float(groups["int"].replace(",", "") + groups["dec"][1:])
    if not math.isfinite(amount * 12):
        return None
    code = groups.get("cur") or ""
    currency = _CURRENCIES.get(code, code or "USD")
    before = text[max(0, best.start() - 16) : best.start()]
    # Both labels before an amount need 'ARR', 'MRR' or 'ACV' in some case; most amounts have none before them.
    lowered = before.lower()
    labelled = "rr" in lowered or "acv" in lowered
    monthly = best.group(0)[:3].upper() == "MRR" or (labelled and _MONTHLY_BEFORE.search(before))
    if monthly or _MONTHLY_AFTER.match(text, best.end()):
        amount *= 12
    after = _PERIOD_AFTER.match(text, best.end())
    label = _PERIOD_BEFORE.search(before) if labelled else None
    start = best.start() - (len(before) - label.start()) if label else best.start()
    return FoundMoney(Money(amount=amount, currency=currency), start, after.end() if after else best.end())
