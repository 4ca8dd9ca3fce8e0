"""Walk a body block by block for customer evidence outside the evidence section, where it must be unmistakable.

Under an evidence heading every line is read as an item (`evidence_items`). Elsewhere each kind of block has its
reader: table rows under a customer column, headings that name a customer call, quotes and pasted emails,
signatures, and the sentences of paragraphs and list items (`body_evidence.read_sentence`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from functools import lru_cache

from problemframe.customer_names import customer_key
from problemframe.model import Evidence, EvidenceKind
from problemframe.parse.body_evidence import (
    MAX_BODY_ITEMS,
    NEXT_LABEL,
    SOURCED,
    per_link,
    read_pieces,
    read_sentence,
)
from problemframe.parse.conversation import LINKS_LOOKED_AT, bold_title_item, conversation_item, their_messages
from problemframe.parse.customer_table import customer_column, pasted_rows, row_item
from problemframe.parse.data_lead_in import usage_lead_in
from problemframe.parse.document import Block, Document
from problemframe.parse.form_writer import form_writer
from problemframe.parse.handles import STAFF_HANDLE, commenter, writer_of_next
from problemframe.parse.labels import METRIC_KEYS
from problemframe.parse.named_orgs import BOLD_LEAD, LABEL_LEAD
from problemframe.parse.own_report import opened_by_user, own_report
from problemframe.parse.paragraph_subject import paragraph_org
from problemframe.parse.pasted_email import (
    email_domain,
    email_sender,
    ends_signed,
    is_header,
    opens_email,
    our_domains,
    sender_customer,
)
from problemframe.parse.quoted_evidence import (
    email_items,
    is_attribution_of_quote,
    one_quote,
    quote_items,
    signature,
    signed_quote_line,
    unsigned_voice,
)
from problemframe.parse.sections import INLINE_LABEL_LEVEL, MAX_LABEL_WORDS, Section
from problemframe.parse.template_help import is_help
from problemframe.parse.text import TASK_BOX, sentences, squash

_SKIPPED_LABELS = re.compile(
    r"\b(?:non.?goals?|out of scope|not in scope|what (?:is|are|it is) not|not solving"
    r"|won'?t do|will not do|alternatives"
    r"|how to reproduce|steps to reproduce|environment|(?:^|relevant |error |server |console |app )logs?(?: output)?$"
    r"|log output|stack ?trace|version|acceptance criteria|tasks?\b|todo"
    r"|checklist|implementation|technical|design|mockups?|rollout|dependencies|risks?)\b",
    re.IGNORECASE,
)
# Pasted comments: '+1 Japanese Windows', 'Same here with C:\Users\José' are others hitting the same thing.
# '**@bramvl** — +1 would love this': the commenter's handle may lead the line.
MAX_AGREEING_WORDS = 8
_INLINE_COMMENT = re.compile(r"^[*_\s]{0,4}@(?P<handle>[A-Za-z0-9][\w.-]{0,38})[*_]{0,2}\s*:[*_]{0,2}\s*"
                             r"(?P<said>\S[^\n]{2,})")
_HANDLE_SAME = re.compile(r"^\W{0,3}@?[A-Za-z0-9][\w.-]{1,38}[*_]{0,2}\s*[—–:-]\s*(?:same|this|bump|any update)\b",
                          re.IGNORECASE)
_SAME_HERE = re.compile(
    r"^\W{0,3}(?:@?[A-Za-z0-9][\w.-]{1,38}[*_]{0,2}\s*[—–:-]\s*)?(?:\+1\b|👍|:\+1:|same here"
    r"|same (?:issue|problem|error|bug|thing) (?:here|for (?:me|us))|me too\b"
    r"|same for (?:me|us)\b|we (?:have|see|hit|get) the same|also (?:seeing|hitting|affected|happening))",
    re.IGNORECASE,
)

_ITALIC_OPENINGS = frozenset({"_", "*"})
# The evidence section is read item by item elsewhere; the metric's numbers are no customers.
_NEVER_READ = frozenset({"evidence", *METRIC_KEYS})
MAX_LISTED_FIGURES = 12
MAX_SOURCE_LINE_WORDS = 6
"""A line this short that only links a source ('Zendesk: https://…') belongs to the paragraph above it."""


def scan_body(document: Document, sections: list[Section], *, today: dt.date | None,
              author: str | None = None) -> list[Evidence]:
    """Return unmistakable evidence items from every section but the evidence, metric and non-goal sections.

    `author` is who opened the issue, when its page header says: their own replies in the thread confirm nothing.
    """
    return _BodyScan(document, sections, today=today, author=author).run()


class _BodyScan:
    """One walk over a body's blocks, with what a block tells the next: a table's customer column, a lead-in."""

    def __init__(self, document: Document, sections: list[Section], *, today: dt.date | None,
                 author: str | None) -> None:
        self.document = document
        self.author = author
        self.sections = sections
        self.starts = [section.start for section in sections]
        self.today = today
        self.items: list[Evidence] = []
        self.voices: list[Evidence] = []
        self.agreed = 0
        self.commented = False  # the last paragraph was a pasted comment's header: the next one is its words
        self.column: int | None = None
        self.lead_in: str | None = None
        self.last_paragraph = ""  # the writer's own words of the paragraph read last
        self.commenters: list[str] = []
        self.pending: str | None = None  # the commenter whose words the next paragraph may be
        self.talk: Evidence | None = None

    def run(self) -> list[Evidence]:
        blocks = self.document.blocks
        quoted_until = -1
        for number, block in enumerate(blocks):
            if len(self.items) >= MAX_BODY_ITEMS:
                break
            if number <= quoted_until:
                continue
            if not self._scanned_at(block.start) and not self._customer_rows(block):
                self.column = None
                continue
            if block.kind == "row":
                self._row(block)
                continue
            self.column = None
            if block.kind == "paragraph" and block.text.lstrip()[:2] in ("**", "__") and (
                    talk := bold_title_item(block, blocks[number + 1 : number + 1 + LINKS_LOOKED_AT])) is not None:
                # '**Customer call notes — Kingsway Driving Academy** · Recording: […]' heads the notes as a heading
                # would.
                self.talk = talk
                self.items.append(talk)
                continue
            if block.kind in ("paragraph", "item"):
                self._text(block, blocks[number - 1] if number else None)
                if block.kind == "paragraph" and block.text.rstrip(" *_").endswith(":"):
                    self._data_lead_in(block, blocks[number + 1 : number + 1 + MAX_LISTED_FIGURES])
                continue
            self.lead_in = None
            if block.kind == "heading":
                talk = conversation_item(block, blocks[number + 1 : number + 1 + LINKS_LOOKED_AT])
                self.talk = talk
                if talk is not None:
                    self.items.append(talk)
                elif any(char.isdigit() for char in block.text):
                    # '### Churn survey (Oct, cancelled subscribers, n = 530, SurveyMonkey)' heads its own evidence.
                    self.items.extend(read_sentence(block.text, today=self.today))
            elif block.kind == "code":
                self._pasted_email(block)
                self.items.extend(pasted_rows(block, today=self.today))
            elif block.kind == "quote":
                quoted_until, whole = one_quote(self.document, number)
                if self._comment(whole, quoted=True) or self._agreeing(whole):
                    continue
                if self.talk is not None and self.talk.customer is not None:
                    said = their_messages(whole.text, self.talk.customer, kind=self.talk.kind)
                    if said:
                        self.items.extend(said)
                        continue
                following = blocks[quoted_until + 1] if quoted_until + 1 < len(blocks) else None
                above = blocks[number - 1] if number else None
                header = commenter(above.text) if above is not None and above.kind == "paragraph" else None
                if header is not None and header[1]:
                    # '**@lena-support** commented:' over a quote: one of us, who may pass on a customer's record.
                    self.items.extend(quote_items(whole, None, today=self.today, read_running=self._read))
                    continue
                said_by = writer_of_next(above.text) if above is not None and above.kind == "paragraph" else None
                quoted = quote_items(whole, following, today=self.today, read_running=self._read, said_by=said_by,
                                     context="\n".join(self.document.lines))
                self.voices.extend(item for item in quoted if unsigned_voice(item))
                self.items.extend(item for item in quoted if not unsigned_voice(item))
        if not any(item.customer or item.url for item in self.items):
            # Words quoted with no name beside a named or linked source are that source's, already counted; alone
            # they are a voice no one can look up.
            self.items.extend(self.voices)
        if not any(item.kind is EvidenceKind.FIRST_HAND for item in self.items):
            report = form_writer(self.document) or own_report(self.document, self.author) or opened_by_user(
                self.document, self.author)
            if report is not None:
                self.items.append(report)
        # The opener answering in their own thread ('Rebuilt the cache, thank you!') confirms nothing, whether the
        # page header names them or their report is signed with the same name ('Oakridge Lets', '@oakridge-lets').
        writers = {customer_key(item.customer) for item in self.items
                   if item.kind is EvidenceKind.FIRST_HAND and item.customer}
        self.commenters = [handle for handle in self.commenters
                           if handle != self.author and customer_key(handle) not in writers]
        others = self.agreed + len(self.commenters)
        if others:
            named = (handle if " " in handle else "@" + handle for handle in self.commenters)
            who = f" ({', '.join(named)})" if self.commenters else ""
            # A bare '+1' or 'same here' is a vote; a pasted comment is another user's report of the problem.
            reported = len(self.commenters)
            text = f"{others} other{'s' if others != 1 else ''} said the same{who}"
            if reported and self.agreed:
                # '1 other said the same (@dunmore-pilates), 1 more voted': a case of their own is not a '+1'.
                text = f"{reported} other{'s' if reported != 1 else ''} said the same{who}, {self.agreed} more voted"
            self.items.append(Evidence(kind=EvidenceKind.OTHER, count=others, reports=reported, text=text))
        return self.items[:MAX_BODY_ITEMS]

    def _agreeing(self, quote: Block) -> bool:
        """Count pasted '**jrk-ops**: +1' and '**mfreitas**: same' lines; True if the quote holds nothing else."""
        lines = [line.strip(" >") for line in quote.text.split("\n") if line.strip(" >")]
        # A longer line ('Same for me on the Android PWA, the draft is gone') is a report of its own, read as one.
        agreeing = sum(1 for line in lines if len(line.split()) <= MAX_AGREEING_WORDS and (
            _SAME_HERE.match(line) or _HANDLE_SAME.match(line)))
        self.agreed += agreeing
        return bool(lines) and agreeing == len(lines)

    def _comment(self, quote: Block, *, quoted: bool = False) -> bool:
        """Note the user behind a pasted issue comment ('**@jbrandvold** commented on Nov 4'); True if it is one.

        Users commenting on an issue are mostly others hitting it: each counts once, as one more report, not as a
        customer; a maintainer's or a bot's comment counts for nothing.
        """
        header = commenter(quote.text.split("\n", 1)[0])
        inline = _INLINE_COMMENT.match(quote.text) if header is None and "@" in quote.text[:8] else None
        if inline is not None:
            # '> **@tidewater-office**: Our customers on iPhone can't get in. Had 4 call in today.': the handle and
            # its comment on one line.
            header = inline.group("handle"), bool(STAFF_HANDLE.search(inline.group("handle")))
        if header is None:
            return False
        handle, ours = header
        said = inline.group("said") if inline is not None else (
            quote.text.split("\n", 1)[1] if "\n" in quote.text else "")
        # 'Really sorry about this @benji. Could you send the journal to support@…?': the reply of one of ours.
        ours = ours or _STAFF_REPLY.search(said) is not None
        named = [item for sentence in sentences(squash(said.replace(">", " ")))
                 for item in self._read(sentence)
                 if item.customer and item.kind is not EvidenceKind.INTERNAL] if not ours and quoted else []
        if named:
            # '**vitek-agrolet** commented 2 days ago / Same here at AgroLet.': the commenter speaks for a customer.
            self.items.extend(named)
        elif not ours and said.strip() and _bare_vote(said):
            # '**@mtrn** commented: +1, any update?': a vote under a header, no case of their own.
            self.agreed += 1
        elif not ours and handle not in self.commenters:
            self.commenters.append(handle)
            self.pending = handle
        return True

    def _vote_below_header(self, said: str) -> None:
        """Count the words under a pasted comment's header as a vote when that is all they are ('bump 🙏'), and as
        nobody's report when they are one of ours replying ('Could you send the journal to support@…?')."""
        pending, self.pending = self.pending, None
        if pending is None or not self.commenters or self.commenters[-1] != pending:
            return
        if _bare_vote(said):
            self.commenters.pop()
            self.agreed += 1
        elif _STAFF_REPLY.search(said):
            self.commenters.pop()

    def _read(self, sentence: str) -> list[Evidence]:
        return read_sentence(sentence, today=self.today)

    def _pasted_email(self, block: Block) -> None:
        """Read an email pasted into a code block ('{noformat}From: … Subject: …'): code is otherwise never read."""
        lines = [line.strip() for line in block.text.split("\n") if line.strip()]
        first = email_sender(lines)
        if first is None:
            return
        # A chain holds several emails; each starts at its own 'From:' line.
        starts = [number for number, line in enumerate(lines) if opens_email(line)]
        emails = [[line for line in lines[start:end] if line.strip("-_ ")]
                  for start, end in zip(starts, [*starts[1:], len(lines)], strict=True)]
        ours = our_domains(emails)
        for email in emails:
            sender = email_sender(email)
            if sender is not None and email_domain(sender) not in ours:
                self.items.extend(item for item in email_items(email, sender, block.text, read_running=self._read)
                                  if item.customer is not None)

    def _customer_rows(self, block: Block) -> bool:
        """Return whether a row belongs to a table of customers, read even in a section skipped for evidence.

        'What happened' in a postmortem may list who reported it: '| Customer | Channel | Link |' is unmistakable.
        """
        if block.kind != "row" or self._section_of(block.start).key in _NEVER_READ:
            return False
        return customer_column(block.cells, beyond_doubt=True) is not None if block.header else self.column is not None

    def _section_of(self, line: int) -> Section:
        return self.sections[max(0, bisect.bisect_right(self.starts, line) - 1)]

    def _row(self, block: Block) -> None:
        if block.header:
            self.column = customer_column(block.cells)
        elif self.column is not None:
            self.items.extend(row_item(block, self.column, today=self.today))
        elif len(block.cells) >= 2 and block.cells[-1].strip():
            # A field table's row reads as its label line ('| Customer | Kestrel Outdoor Co. |'); a count by period
            # ('| Zendesk tickets tagged `offline` | 41 | 318 |') as its latest column.
            self.items.extend(read_sentence(f"{block.cells[0].strip(' *_')}: {block.cells[-1]}", today=self.today))

    def _text(self, block: Block, previous: Block | None) -> None:
        """Read a paragraph or list item: a signature, pasted email headers, else its sentences."""
        if block.kind == "item" and TASK_BOX.match(block.text) and not _CITES.search(block.text):
            # '[ ] Promote to Ring 1 (5 % of customer hosts) only if …': a step of the plan, no one's evidence. A step
            # that links or cites a record ('[x] reply to Juniper Grove on ZD-48213') still says who asked.
            return
        if is_attribution_of_quote(block, previous) or (block.text[:1] in _ITALIC_OPENINGS and is_help(block.text)):
            # '_Which teams hit this? Example: "Payments and Search both raised it"_': the template's example.
            return
        signed = signature(block, after_sign_off=previous is not None and previous.kind == "paragraph"
                           and ends_signed(previous.text))
        if signed is not None:
            self.items.append(signed)
            return
        quoted = signed_quote_line(block.text, today=self.today) if block.kind == "item" else []
        if quoted:
            self.items.extend(quoted)
            return
        own = self._own_lines(block)
        counted, self.commented = self.commented, False
        if counted and block.kind == "paragraph":
            self._vote_below_header(own)
        if block.kind == "paragraph" and self._comment(block):
            # '**@dkaraca** commented:' and their words under it, pasted as plain text: one more user's report.
            own = own.split("\n", 1)[1] if "\n" in own else ""
            counted, self.commented = True, not own
        if _SAME_HERE.match(own) and not counted:
            self.agreed += 1
        lines = [line.strip() for line in own.split("\n") if line.strip()]
        sender = email_sender(lines) if block.kind == "paragraph" else None
        if sender is not None:
            # Pasted email headers: the sender, when named, is the customer; what follows is read as usual.
            customer = sender_customer(sender, "\n".join(self.document.lines))
            if customer is not None:
                self.items.append(Evidence(customer=customer, kind=EvidenceKind.EMAIL, text=squash(f"From: {sender}")))
            own = "\n".join(line for line in lines if not is_header(line))
        # A list item led by an organisation is one citation, whatever its sentences: '**Harlow & Finch** –
        # INC0093127. 14 policies stuck. "We can't keep telling clients to wait."'
        led = block.kind == "item" and (BOLD_LEAD.match(own) or LABEL_LEAD.match(own))
        found = [item for sentence in ([squash(own)] if led else sentences(own))
                 for field in NEXT_LABEL.split(sentence) for item in read_pieces(per_link(field), today=self.today)]
        unnamed = [item for item in found if item.customer is None and (item.url or item.kind in SOURCED)]
        if unnamed and not any(item.customer for item in found):
            # 'Larchmont Dental Group bought 40 codes … See [CRM account](…)': the customer named a sentence before;
            # 'Zendesk: https://…' on a line of its own under their paragraph is theirs too. Looked for only here:
            # most paragraphs cite no source left unnamed.
            alone = len(lines) == 1 and len(own.split()) <= MAX_SOURCE_LINE_WORDS
            named = (paragraph_org(sentences(own)) if block.kind == "paragraph" else None) or (
                paragraph_org(sentences(self.last_paragraph)) if alone and self.last_paragraph else None)
            found = [item.model_copy(update={"customer": named}) if named and item in unnamed else item
                     for item in found]
        if block.kind == "paragraph":
            self.last_paragraph = own
        if block.kind == "item" and self.lead_in is not None:
            # 'Customer Swiftline Couriers reported this:' and then their tickets, one per item.
            found = [item.model_copy(update={"customer": self.lead_in})
                     if item.customer is None and (item.url or item.kind in SOURCED) else item for item in found]
        elif block.kind == "paragraph":
            ends_with_colon = own.rstrip(" *_").endswith(":")
            self.lead_in = next((item.customer for item in found if item.customer), None) if ends_with_colon else None
        self.items.extend(found)

    def _data_lead_in(self, block: Block, below: list[Block]) -> None:
        """Read 'Numbers (Looker › search-health, 30 days):' and the list or table of figures under it."""
        listed: list[str] = []
        for following in below:
            if following.kind not in ("item", "row"):
                break
            listed.append(" | ".join(following.cells) if following.kind == "row" else following.text)
        found = usage_lead_in(block.text, listed) if listed else None
        if found is not None:
            self.items.append(found)

    def _scanned_at(self, line: int) -> bool:
        return _scanned(self._section_of(line), line)

    def _own_lines(self, block: Block) -> str:
        """Return a block's lines that stand in scanned sections (a label line can open a section mid-paragraph)."""
        if block.end - block.start <= 1 or self.starts[-1] <= block.start:
            return block.text
        lines = block.text.split("\n")
        return "\n".join(line for offset, line in enumerate(lines) if self._scanned_at(block.start + offset))


# What a vote says when it is written out: '+1', 'bump', 'any update?', 'following', 'would love this'.
_VOTE_WORDS = re.compile(
    r"^\W*(?:(?:\+1|👍|:\+1:|bump(?:ing)?|same(?: here)?|me too|following|subscribed?|subscribing|any (?:updates?|news"
    r"|progress|eta)(?: on (?:this|it))?|what(?:'s| is) the status|is there an eta"
    r"|would (?:love|like) (?:this|that|to see this)"
    r"|need(?:ing)? this(?: too)?|us too|please(?: add(?: this)?)?|pretty please|this!*|yes|upvoted?)\W*)+$",
    re.IGNORECASE,
)


_STAFF_REPLY = re.compile(
    r"\b(?:send|email|mail|forward) (?:it|them|this|that|the \w+) to (?:support|help|security)@|\bsorry about this @"
    r"|\bthanks? (?:you )?for (?:the report|reporting|flagging|raising)\b|\bwe(?:'ve| have) (?:added|logged|reproduced"
    r"|filed|tracked) (?:this|it)\b", re.IGNORECASE)


def _bare_vote(said: str) -> bool:
    """Return whether a comment's words are a vote only ('+1', 'bump, any update?'), with no case of its own."""
    words = said.split()
    return bool(words) and len(words) <= MAX_AGREEING_WORDS and _VOTE_WORDS.match(said.strip()) is not None


def _scanned(section: Section, line: int) -> bool:
    """Return whether a line of a section is read for evidence (not the evidence, metric or non-goals sections).

    A skipped label with its value on the same line ('*Environment:* Chrome 124') covers its paragraph only.
    """
    if section.key == "evidence" or section.key in METRIC_KEYS:
        return False
    if not _skipped_label(section.label):
        return True
    # '### Environment … ---  **@gwen-tanaka** commented:': a rule ends the skipped section's own text.
    if any(number < line and _RULE_LINE.match(text) for text, number in zip(section.lines, section.numbers,
                                                                            strict=True)):
        return True
    inline = section.level == INLINE_LABEL_LEVEL and section.numbers[:1] == [-1]
    return inline and any(number < line and not text.strip() for text, number in zip(section.lines, section.numbers,
                                                                                      strict=True))


_CITES = re.compile(r"https?://|#\d{3,}|\b[A-Z][A-Z0-9]{1,9}-\d{2,}")
_RULE_LINE = re.compile(r"^ {0,3}(?:-{3,}|\*{3,}|_{3,})\s*$")


@lru_cache(maxsize=512)
def _skipped_label(label: str) -> bool:
    # A long heading is the ticket's title ('Export the audit log to our SIEM'), not a 'Logs' section.
    return bool(label) and len(label.split()) <= MAX_LABEL_WORDS and _SKIPPED_LABELS.search(label) is not None
