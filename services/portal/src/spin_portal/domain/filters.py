"""What a dashboard page is narrowed to: a month range, a site, a practitioner (the read side
queries by it; web/ parses it from the query string)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    site_id: str | None = None
    practitioner_id: str | None = None

    def query(self) -> dict[str, str]:
        """The filters as query parameters (for links and export URLs)."""
        values = {
            "from": f"{self.start:%Y-%m}" if self.start else None,
            "to": f"{self.end:%Y-%m}" if self.end else None,
            "site": self.site_id,
            "practitioner": self.practitioner_id,
        }
        return {k: v for k, v in values.items() if v}
