"""Read a table of customers outside the evidence section: one item per row, the customer from its own column."""

from __future__ import annotations

import csv
import datetime as dt
import re

from problemframe.model import Evidence
from problemframe.parse.attribution import has_org_suffix, names_a_role
from problemframe.parse.customers import plausible_name, tidy_name
from problemframe.parse.document import Block
from problemframe.parse.evidence_items import denies_evidence, read_item
from problemframe.parse.text import find_links, replace_links, squash

_CUSTOMER_COLUMN = re.compile(r"^(?:customer|account|company|client|organi[sz]ation|org|logo|tenant|merchant"
                              r"|practice|school|who|seller|buyer|brand|partner|prospect|opportunity"
                              r"|deal|clinic|hospital|restaurant|district|agency|firm|institution|venue"
                              r"|carrier|fleet|dealer|reseller|member|store|shop|outlet|pharmacy|studio|salon"
                              r"|association|council|municipality|3pl|retailer|publisher|customer account"
                              # The same columns in other languages teams write in.
                              r"|cuenta|cliente|empresa|conta|kunde|kunden|firma|unternehmen|compte|entreprise|soci[ée]t[ée]"
                              r"|klant|bedrijf|klient|klienci|kund|kunder|asiakas|asiakkaat|zákazník|organizacja|müşteri|şirket|işletme|pelanggan|perusahaan"
                              r"|verkäufer|händler|kundin|vendedor|vendedora|loja|tienda|comercio|vendeur|commerçant"
                              r"|marchand|venditore|negozio|azienda|winkel|verkoper|sprzedawca|firma|satıcı|penjual"
                              r"|instituição|institución|institut|istituto|einrichtung|escola|escuela|école|scuola"
                              r"|schule|universidad|universidade|clínica|klinik|praxis|farmacia|apotheke|cooperativa"
                              r"|municipio|prefeitura|gemeente|gemeinde|kommune"
                              r"|顧客|お客様|取引先|客户)(?:\s+name)?s?$", re.IGNORECASE)
# A bracketed tail of two capitalised words is the name again in Latin letters ('小林精機株式会社 (Kobayashi Seiki)').
_BRACKETED_TAIL = re.compile(r"\s*\((?![A-Z][\w'-]+\s+[A-Z])[^()]*\)\s*$")
# 'Hausarztpraxis Dr. med. Yildirim & Kollegen, Kassel': the town after a comma is where they are, not their name.
_TOWN_TAIL = re.compile(r",\s*[A-ZÀ-Ý][\w'-]+$")


# Only these name customers beyond doubt: a rollout plan's 'Tenants' or 'Store' column lists no one who asked.
_CUSTOMER_WORD = re.compile(r"^(?:customer|client|account|company|organi[sz]ation|(?:design )?partner|cliente|kunde"
                            r"|kunden|klant|klient|klienci|kund|kunder|asiakas|asiakkaat|zákazník"
                            r"|müşteri|compte|empresa|instituição|institución|institution)(?:\s+name)?s?$",
                            re.IGNORECASE)


# A table of store reviews names each reviewer, who wrote the row's words; its 'Store' column is where they did.
_REVIEWER_COLUMN = re.compile(r"^(?:reviewer|arvostelija|rezensent|bewerter|recensent|recenseur|avaliador|reseñador"
                              r"|recensore|recenzent|anmelder|anmälare)(?:\s+name)?s?$", re.IGNORECASE)
# Only beside a store, a review site, a rating or their words: an RFC's 'Reviewers' are colleagues.
_REVIEW_COLUMN = re.compile(r"^(?:store|app store|platform|(?:review )?site|rating|stars?|quote|review|zitat"
                            r"|citation|cita|citação|citazione|citaat|cytat|lainaus|kauppa|tähdet|arvio|sterne|bewertung|étoiles"
                            r"|estrellas|estrelas|stelle|sterren|gwiazdki|hvězdy|stjerner|stjärnor|[★☆⭐]+)$",
                            re.IGNORECASE)


def customer_column(cells: list[str], *, beyond_doubt: bool = False) -> int | None:
    """Return the index of a table's customer column ('Customer', 'Account name'), never an ID column."""
    heads = [squash(cell.strip("*_ ")) for cell in cells]
    if not beyond_doubt and any(_REVIEW_COLUMN.match(head) for head in heads):
        reviewer = next((index for index, head in enumerate(heads) if _REVIEWER_COLUMN.match(head)), None)
        if reviewer is not None:
            return reviewer
    pattern = _CUSTOMER_WORD if beyond_doubt else _CUSTOMER_COLUMN
    return next((index for index, head in enumerate(heads) if pattern.match(head)), None)


def row_item(block: Block, column: int, *, today: dt.date | None) -> list[Evidence]:
    """Return the item a row of a customer table gives."""
    if column >= len(block.cells):
        return []
    links = find_links(block.cells[column])
    # 'Bergmann Trachten OHG (Graz)': the town or plan in brackets is not part of the name.
    name = tidy_name(_BRACKETED_TAIL.sub("", squash(replace_links(block.cells[column], links))))
    town = _TOWN_TAIL.search(name)
    if town is not None and not has_org_suffix(town.group(0).strip(", ")):
        name = name[: town.start()]
    head, comma, rest = name.partition(",")
    if comma and names_a_role(rest.split(",", 1)[0]):
        name = head  # 'Derek S., production manager, 11–50 employees': a reviewer signs with what they do
    if not name or not plausible_name(name, strict=False) or name.replace(" ", "").isdigit():
        return []
    joined = " — ".join(cell for cell in block.cells if cell)
    if denies_evidence(joined):
        return []  # '| Thistle Home | — | check-in skipped | No feedback yet |' is listed, not heard from
    item = read_item(joined, today=today)
    if item is None:
        return []
    return [item.model_copy(update={"customer": name})]


MAX_PASTED_ROWS = 50


def pasted_rows(block: Block, *, today: dt.date | None) -> list[Evidence]:
    """Return one item per row of an export pasted as code ('score,account,plan,comment'), read by its header.

    Code is otherwise never evidence; a CSV or TSV export whose header names a customer column is a table of them.
    """
    lines = [line for line in block.text.split("\n") if line.strip()]
    if len(lines) < 2:
        return []
    delimiter = "\t" if "\t" in lines[0] else ","
    if lines[0].count(delimiter) < 1:
        return []
    rows = list(csv.reader(lines[: MAX_PASTED_ROWS + 1], delimiter=delimiter, skipinitialspace=True))
    column = customer_column(rows[0])
    if column is None:
        return []
    width = len(rows[0])
    return [item for row in rows[1:] if len(row) >= width
            for item in row_item(Block("row", block.start, block.end, " | ".join(row), cells=row), column,
                                 today=today)]
