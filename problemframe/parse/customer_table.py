"""Read a table of customers outside the evidence section: one item per row, the customer from its own column."""

from __future__ import annotations

import datetime as dt
import re

from problemframe.model import Evidence
from problemframe.parse.customers import plausible_name, tidy_name
from problemframe.parse.document import Block
from problemframe.parse.evidence_items import read_item
from problemframe.parse.text import find_links, replace_links, squash

_CUSTOMER_COLUMN = re.compile(r"^(?:customer|account|company|client|organi[sz]ation|org|logo|tenant|merchant"
                              r"|practice|school|who|seller|buyer|brand|partner|prospect|opportunity"
                              r"|deal|clinic|hospital|restaurant|district|agency|firm|institution|venue"
                              r"|carrier|fleet|dealer|reseller|member)(?:\s+name)?s?$", re.IGNORECASE)


def customer_column(cells: list[str]) -> int | None:
    """Return the index of a table's customer column ('Customer', 'Account name'), never an ID column."""
    for index, cell in enumerate(cells):
        if _CUSTOMER_COLUMN.match(squash(cell.strip("*_ "))):
            return index
    return None


def row_item(block: Block, column: int, *, today: dt.date | None) -> list[Evidence]:
    """Return the item a row of a customer table gives."""
    if column >= len(block.cells):
        return []
    links = find_links(block.cells[column])
    name = tidy_name(squash(replace_links(block.cells[column], links)))
    if not name or not plausible_name(name, strict=False) or name.replace(" ", "").isdigit():
        return []
    item = read_item(" — ".join(cell for cell in block.cells if cell), today=today)
    if item is None:
        return []
    return [item.model_copy(update={"customer": name})]
