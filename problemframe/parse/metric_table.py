"""Read a success metric from a markdown table: Metric | Baseline | Target | Window | Source, in any order."""

from __future__ import annotations

import re

from problemframe.parse.placeholders import is_placeholder
from problemframe.parse.template_help import is_help

_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # Each in English, then as teams head the column in the other languages tickets arrive in.
    ("baseline", re.compile(r"^(?:baseline|current(?: value)?|today|now|before|from|start(?:ing)?(?: point)?|as.is"
                            r"|actual|was|base|basis|basislijn|basvärde|heute|aktuell|ist|ausgangswert|nuläge|i dag"
                            r"|idag|utgångsläge|línea (?:de )?base"
                            r"|linha de base|valor actual|atual|hoy|hoje|actuel|aujourd['’]hui|situation actuelle"
                            r"|valeur actuelle|attuale|oggi|huidig|vandaag|obecnie|dziś|stan obecny|wartość bazowa"
                            r"|mevcut|bugün|nykyinen|nyt|současný stav|現状|現在|基準値|현재|기준"
                            r"|nu|nå|nu läge|teď|şimdi|ahora|agora|jetzt|maintenant|adesso|teraz)(?!\w)",
                            re.IGNORECASE)),
    ("target", re.compile(r"^(?:(?:slo |kr |q[1-4] |\w+-term )?target(?: value)?|goal|to|after|expected|desired"
                          r"|success(?: threshold)?|threshold"
                          r"|aim|want|ziel|zielwert|soll|mål|målvärde|meta|objetivo|objectif|cible|obiettivo|doel"
                          r"|streefwaarde|cel|wartość docelowa|hedef|tavoite|cíl|目標|목표)(?!\w)", re.IGNORECASE)),
    ("window", re.compile(r"^(?:(?:measurement )?window|when|by when|by|time ?frame|deadline|check date|date|horizon"
                          r"|period|measured (?:at|on|after)|due|bis|frist|zeitraum|plazo|prazo|échéance|délai"
                          r"|scadenza|termijn|termin|süre|期限|기한|tidsram|senast)(?!\w)", re.IGNORECASE)),
    ("source", re.compile(r"^(?:(?:data )?source|measured (?:in|by|with|via)|dashboard|tool|query|how (?:we )?measure"
                          r"|where|quelle|messung|källa|mätning|fuente|fonte|bron|źródło|kaynak|lähde|zdroj"
                          r"|データソース|출처)(?!\w)", re.IGNORECASE)),
    ("direction", re.compile(r"^direction\b", re.IGNORECASE)),
    ("metric", re.compile(r"^(?:(?:success )?metrics?|kpis?|measures?|key results?|krs?|indicator|what we measure"
                          r"|name|signal|outcome|kennzahl|metrik|mått|métrica|indicador|indicateur|mesure|metrica"
                          r"|indicatore|meetwaarde|wskaźnik|metryka|gösterge|mittari|metrika|指標|지표)(?!\w)",
                          re.IGNORECASE)),
)
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_NUMBER = re.compile(r"\d")
_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_EXAMPLE = re.compile(r"^\W*(?:e\.?g\.?|ex\.?|example|i\.e\.)\b", re.IGNORECASE)


def _cells(line: str) -> list[str]:
    line = line.strip()
    separator = "||" if line.startswith("||") else "|"
    return [cell.strip(" *_`") for cell in line.strip("|").split(separator)]


def _header_at(lines: list[str], number: int) -> bool:
    """Return whether a line heads a table: a rule follows it, it is a wiki header, or it opens a run of rows."""
    line = lines[number].strip()
    if not line.startswith("|"):
        return False
    if line.startswith("||") or (number + 1 < len(lines) and _RULE.match(lines[number + 1])):
        return True
    return number == 0 or not lines[number - 1].strip().startswith("|")


def read_metric_table(text: str) -> tuple[dict[str, str], str] | None:
    """Return the first real row of a metric table as pieces, and the text without the table; None without one."""
    lines = text.split("\n")
    for number, line in enumerate(lines[:-1]):
        if not _header_at(lines, number):
            continue
        columns = _map_columns(_cells(line))
        if "target" not in columns.values() and "baseline" not in columns.values():
            continue
        first = number + 1 + bool(_RULE.match(lines[number + 1]))
        end = first
        while end < len(lines) and lines[end].strip().startswith("|"):
            end += 1
        rest = "\n".join(lines[:number] + lines[end:])
        for row in lines[first:end]:
            pieces = {piece: cells for piece, cells in _row(_cells(row), columns).items() if cells}
            values = [pieces.get("baseline", ""), pieces.get("target", "")]
            if any(_EXAMPLE.match(value) or is_help(value) for value in values if value):
                continue
            if any(value and not is_placeholder(value) for value in values) and (
                    any(_NUMBER.search(_CLOCK.sub(" ", value)) for value in values) or row == lines[end - 1]):
                # '8:22 | ≤ 3:00' is a time of day as often as a duration: the next row's plain figures are read.
                return pieces, rest
        return {}, rest
    return None


def table_columns(headers: list[str]) -> dict[int, str]:
    """Return which piece of a metric each column holds, by its header ('Current (28d)' holds the baseline)."""
    return _map_columns([header.strip(" *_`") for header in headers])


def _map_columns(headers: list[str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for index, header in enumerate(headers):
        for piece, pattern in _COLUMNS:
            if pattern.match(header) and piece not in found.values():
                found[index] = piece
                break
    if found and "metric" not in found.values() and 0 not in found:
        found[0] = "metric"
    return found


def _row(cells: list[str], columns: dict[int, str]) -> dict[str, str]:
    return {piece: cells[index] for index, piece in columns.items() if index < len(cells)}
