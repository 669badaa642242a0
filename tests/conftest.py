"""Shared fixtures: the example report and its reference coding."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "000_b389d2223fbaba74.txt"
SHARED = Path(os.environ.get("WARLOG_SHARED", ROOT.parent / "shared"))
SHARED_GOLD = SHARED / "seed" / "000_b389d2223fbaba74.gold.json"


@pytest.fixture(scope="session")
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def gold() -> dict:
    """The reference coding; the tests need ../shared beside the checkout."""
    if not SHARED_GOLD.exists():
        pytest.fail(f"no reference coding at {SHARED_GOLD}: put shared/ beside the checkout")
    return json.loads(SHARED_GOLD.read_text("utf-8"))
