"""Items under an evidence heading, completed by what a running read of the same line finds."""

from __future__ import annotations

import datetime as dt

from problemframe.model import Evidence, EvidenceKind
from problemframe.parse.body_evidence import read_sentence
from problemframe.parse.labelled_fields import LABEL_LINE
from problemframe.parse.named_orgs import emphasised_orgs
from problemframe.parse.signals import find_signals
from problemframe.parse.text import find_links, replace_links


def completed(items: list[Evidence], *, today: dt.date | None) -> list[Evidence]:
    """Return the items with the customer and count a line states in running text, when the item read lacks them.

    An evidence section is read item by item (customer, link, kind, ARR, date, quote); a line such as '👍 87 on
    this issue' or '#455 was opened by the platform team at **Halvorsen Marine**' says how many or who in a
    sentence, which only the running read understands.
    """
    return [_completed(item, today=today) for item in items]


def _completed(item: Evidence, *, today: dt.date | None) -> Evidence:
    line = item.text.split(" > ", 1)[0]
    # 'Organizations: Torvik Marine', or the row '| Organizations | Torvik Marine |': a field names the customer in its
    # value, as the same line reads anywhere else in the ticket; the field's name is no customer.
    field = line if ":" in line else line.replace(" — ", ": ", 1)
    if item.customer is not None and LABEL_LINE.match(field):
        named = next((read.customer for read in read_sentence(field, today=today) if read.customer), None)
        if named is not None and named != item.customer:
            item = item.model_copy(update={"customer": named})
    # 'Several of our larger customers have asked' counts as it does anywhere else in the ticket: thin, not nothing.
    wants_count = item.count is None
    if item.customer is not None:
        # Only the figure can be missing: the signals alone say it, without a whole running read.
        signals = find_signals(replace_links(line, find_links(line))) if wants_count else []
        if not signals:
            return item
        best = max(signals, key=lambda signal: signal.figure)
        kind = best.kind if item.kind is EvidenceKind.OTHER else item.kind
        return item.model_copy(update={"count": best.figure, "kind": kind})
    if item.quote:
        # The customer's own words name no one: 'Aa de.' in quotes is what was said, not who said it.
        line = line.replace(item.quote, " ")
    reads = read_sentence(line, today=today)
    update: dict[str, object] = {}
    if wants_count:
        count = max((read.count for read in reads if read.count is not None), default=None)
        if count is not None:
            update["count"] = count
            if item.kind is EvidenceKind.OTHER:
                update["kind"] = next(read.kind for read in reads if read.count == count)
    # Under an evidence heading an organisation set in bold or italics is the customer the line cites.
    customer = next((read.customer for read in reads if read.customer), None) or next(
        iter(emphasised_orgs(line)), None)
    if customer is not None:
        update["customer"] = customer
    # 'This is the same failure as #1182 and #1207': other people's reports, as the line counts them anywhere else.
    reports = max((read.reports for read in reads), default=0)
    if reports > item.reports:
        update["reports"] = reports
    return item.model_copy(update=update) if update else item
