"""ACLED's spelling of admin areas (``data/acled_admin_names.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class AdminNames:
    """GeoNames admin names → ACLED's, per country."""

    by_country: dict[str, dict[str, str]]
    drop: re.Pattern[str]

    @classmethod
    @cache
    def load(cls) -> AdminNames:
        raw = resources.files("warlog.data").joinpath("acled_admin_names.yaml").read_text("utf-8")
        data = yaml.safe_load(raw)
        words = "|".join(re.escape(w) for w in data.get("drop_words", []))
        drop = (
            re.compile(rf"^(?:{words})\s+|\s+(?:{words})$", re.I) if words else re.compile("(?!)")
        )
        return cls(data.get("countries") or {}, drop)

    def acled(self, name: str, country_code: str | None) -> str:
        """ACLED's name for an admin area of a country (the clean GeoNames name if unknown)."""
        if not name:
            return ""
        mapped = self.by_country.get(country_code or "", {}).get(name)
        return mapped or self.drop.sub("", name).strip()
