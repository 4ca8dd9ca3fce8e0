"""A configuration problem, as the configuration check reports it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem: an error stops `serve`, a warning only limits what it does."""

    severity: Severity
    message: str

    def line(self) -> str:
        """Return the finding as the one line an operator reads."""
        return f"{self.severity}: {self.message}"
