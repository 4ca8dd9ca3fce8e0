"""Read tickets in every format people write them and write frames back as issue-form markdown."""

from problemframe.parse.form import format_body
from problemframe.parse.ticket import parse_ticket

__all__ = ["format_body", "parse_ticket"]
