"""Emails pasted into a ticket: who sent them, from the headers, the sign-off or the signature card.

A forwarded customer email is the customer's own words. Its sender is read from a `From:` header (when other
headers stand with it), from the name and organisation under 'Kind regards,', or from a signature card (name,
role, organisation, phone) just after the sign-off.
"""

from __future__ import annotations

import re

from problemframe.customer_names import customer_key
from problemframe.parse.attribution import attributed_customer, looks_like_org, speaks_for_us

SIGN_OFF = re.compile(
    r"^(?:kind |best |warm |many |warmest |with |bien |très |un |muchas |beste |liebe |herzliche |freundliche )?"
    r"(?:regards|best|thanks|thank you|cheers|sincerely|br|best wishes"
    r"|all the best|gracias|saludos|saludo|atentamente|danke|viele grüße|grüße|mit freundlichen grüßen|merci"
    r"|cordialement|salutations|obrigad[oa]|atenciosamente|abraços|grazie|cordiali saluti|distinti saluti|groeten"
    r"|met vriendelijke groet(?:en)?|pozdrawiam|hälsningar|saygılarımla|teşekkürler)\b[\w ]{0,12}[,.!]?$",
    re.IGNORECASE,
)
MAX_SIGNATURE_LINES = 4
_HEADER = re.compile(r"^\W{0,4}(?P<name>from|to|cc|sent|date|subject|de|von|van|da|para|an|à|a|aan|asunto|assunto"
                     r"|betreff|objet|oggetto|onderwerp|fecha|datum|data|enviado|gesendet|envoyé|inviato|verzonden)"
                     r"\s?:\W{0,4}(?P<value>.*)$", re.IGNORECASE)
# The headers of mail clients in the languages customers write in, by the English header they stand for.
_HEADER_NAMES = {"de": "from", "von": "from", "van": "from", "da": "from", "para": "to", "an": "to", "à": "to",
                 "a": "to", "aan": "to", "asunto": "subject", "assunto": "subject", "betreff": "subject",
                 "objet": "subject", "oggetto": "subject", "onderwerp": "subject", "fecha": "date", "datum": "date",
                 "data": "date", "enviado": "sent", "gesendet": "sent", "envoyé": "sent", "inviato": "sent",
                 "verzonden": "sent"}
_CONTACT_LINE = re.compile(
    r"\+?\d[\d ()-]{6,}|@|https?://|^\W*(?:t|tel|m|mob|phone|e|email|w|web)\s*[:.]", re.IGNORECASE
)
_ADDRESS = re.compile(r"<?\b[\w.+-]+@(?P<domain>[\w-]+(?:\.[\w-]+)+)>?")
_FREE_MAIL = frozenset({"gmail", "googlemail", "outlook", "hotmail", "yahoo", "icloud", "proton", "protonmail", "gmx",
                        "web", "aol", "live", "mail", "yandex", "qq", "163"})
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'.-]*(?:[ \t]+(?:&|and|of|[A-Z][\w'.-]*))*")


def signed_off(lines: list[str]) -> tuple[str, list[str]] | None:
    """Return ('— name, role | organisation', the words above) for an email that ends 'Kind regards, …'."""
    start = max(0, len(lines) - MAX_SIGNATURE_LINES - 1)
    for number in range(len(lines) - 2, start - 1, -1):
        if SIGN_OFF.match(lines[number]):
            signature = [line for line in lines[number + 1:] if not _CONTACT_LINE.search(line)]
            return ("— " + ", ".join(signature), lines[:number]) if signature else None
    return None


def ends_signed(text: str) -> bool:
    """Return whether a paragraph ends with a sign-off, alone or followed by a first name ('Kind regards,\\nAmira')."""
    lines = [line.strip() for line in text.strip().split("\n") if line.strip()]
    return any(SIGN_OFF.match(line) for line in lines[-2:]) and (
        SIGN_OFF.match(lines[-1]) is not None or len(lines[-1].split()) <= 2)


def signature_card(text: str) -> str | None:
    """Return the organisation a signature card names ('Amira Chaudhry / Head of Operations / Fenwick & Rowe Ltd')."""
    lines = [line.strip(" *_") for line in text.strip().split("\n") if line.strip(" *_")]
    kept = [line for line in lines if not _CONTACT_LINE.search(line)]
    if not kept or len(lines) > MAX_SIGNATURE_LINES + 2 or any(len(line.split()) > 8 for line in kept):
        return None
    customer = attributed_customer("— " + ", ".join(kept))
    return customer if customer is not None and looks_like_org(customer) else None


def email_sender(lines: list[str]) -> str | None:
    """Return the `From:` value of pasted email headers: a `From:` line with `To:`, `Sent:`, `Date:` or `Subject:`."""
    headers = _headers(lines)
    if "from" not in headers or len(headers) < 2:
        return None
    return headers["from"] or None


def sender_customer(sender: str, text: str) -> str | None:
    """Return the organisation that sent an email: named in the `From:` value, else the one its address belongs to.

    'Maren Solberg, Head of Customer Operations, Pellworth Home' names it; 'Ilse <i.m@verdane-logistics.nl>' names it
    through the address when the email's text spells the same organisation ('Verdane Logistics').
    """
    if speaks_for_us(sender):
        return None
    address = _ADDRESS.search(sender)
    value = _ADDRESS.sub(" ", sender).strip(" ,;")
    person = re.split(r"[,(|]", value, maxsplit=1)[0].strip()
    named = attributed_customer(value)
    # The first words of a `From:` value are the person; an organisation stands after them.
    if named is not None and named != person and looks_like_org(named):
        return named
    if address is None:
        return None
    stem = address.group("domain").split(".")[0].lower()
    if stem in _FREE_MAIL or len(stem) < 4:
        return None
    wanted = stem.replace("-", "").replace("_", "")
    for match in _CAPITALISED_RUN.finditer(text):
        words = match.group(0).split()
        # 'Fenwick & Rowe Outfitters Ltd' for fenwickrowe.co.uk: the address spells the first words of the name.
        for end in range(len(words), 0, -1):
            name = " ".join(words[:end])
            key = customer_key(name).replace(" ", "")
            if len(key) >= 4 and (key == wanted or (wanted.startswith(key) and end > 1)) and looks_like_org(
                    " ".join(words)):
                return " ".join(words).rstrip(".,;:")
    return None


def is_header(line: str) -> bool:
    """Return whether a line is an email header ('**From:** …', 'Subject: …', 'Asunto: …')."""
    return _header(line) is not None


def opens_email(line: str) -> bool:
    """Return whether a line is the `From:` header an email starts at ('From: …', '**De:** …', 'Von: …')."""
    match = _header(line)
    return match is not None and _HEADER_NAMES.get(match.group("name").lower(), match.group("name").lower()) == "from"


def email_domain(value: str) -> str | None:
    """Return the domain of the first address in a header value ('Naomi <naomi.c@brightdesk.io>' -> 'brightdesk.io')."""
    address = _ADDRESS.search(value)
    return address.group("domain").lower() if address else None


def our_domains(emails: list[list[str]]) -> set[str]:
    """Return the domains a chain's emails were sent to by someone else: the team receiving them, not the customer.

    'From: graham@fenwicklowe.co.uk / To: support@brightdesk.io' then 'From: naomi@brightdesk.io': Naomi is us.
    """
    ours: set[str] = set()
    for lines in emails:
        headers = _headers(lines)
        sender = email_domain(headers.get("from", ""))
        for name in ("to", "cc"):
            domain = email_domain(headers.get(name, ""))
            if domain is not None and domain != sender:
                ours.add(domain)
    return ours


def _headers(lines: list[str]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in lines[:8]:
        match = _header(line)
        if match:
            name = match.group("name").lower()
            headers.setdefault(_HEADER_NAMES.get(name, name), match.group("value").strip())
    return headers


def _header(line: str) -> re.Match[str] | None:
    # '**From:** …' in markdown: the header is read without its bold.
    return _HEADER.match(line.replace("**", "").replace("__", ""))
