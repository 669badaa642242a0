"""Schemathesis against the workbench API's own OpenAPI description (in-process ASGI).

For every operation, generated requests (valid ones, and invalid ones) must never get a
5xx, and every response must conform to the description (status code, content type,
headers, body schema). Bounded: EXAMPLES per operation and mode.

(schemathesis' own ``@schema.parametrize()`` does not run under pytest 9 yet, so each
operation's Hypothesis strategy is driven here directly.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from pgutil import pg_database
from test_store import fill_coded
from warlog.store import Store
from warlog.web import create_app

TOKEN = "schema-test-token"
EXAMPLES = 25
# The operations, read from the description itself (create_app opens no store).
OPERATIONS = sorted(
    (method.upper(), path)
    for path, methods in create_app(":memory:").openapi()["paths"].items()
    for method in methods
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def api_schema(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The API over a small store (five events, one merged), ingest on with TOKEN; on
    SQLite, and on PostgreSQL when there is a server to test against (pgutil)."""
    if request.param == "sqlite":
        db: str | Path = tmp_path_factory.mktemp("schema") / "schema.db"
        with Store.open(db) as store:
            fill_coded(store)
        yield schemathesis.openapi.from_asgi("/openapi.json", create_app(db, token=TOKEN))
        return
    with pg_database() as url:
        with Store.open(url) as store:
            fill_coded(store)
        yield schemathesis.openapi.from_asgi("/openapi.json", create_app(url, token=TOKEN))


def test_every_route_is_described() -> None:
    assert len(OPERATIONS) == 8, OPERATIONS


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("method,path", OPERATIONS)
def test_api_conforms_to_its_description(api_schema, method: str, path: str, mode) -> None:
    operation = api_schema[path][method]
    # A report can be refused beyond what a schema says (no article text in it, only a
    # title and boilerplate): a 422 there is an answer, not a failure.
    excluded = [positive_data_acceptance] if method == "POST" else []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case) -> None:
        case.call_and_validate(
            headers={"Authorization": f"Bearer {TOKEN}"}, excluded_checks=excluded
        )

    try:
        check()
    except Unsatisfiable:
        if mode is GenerationMode.POSITIVE:
            raise
        pytest.skip(f"{method} {path} has no parameter an invalid value can be made for")
