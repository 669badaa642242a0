"""A throwaway PostgreSQL database per test, on the server named by WARLOG_TEST_POSTGRES.

``.ci/run`` starts a server on 127.0.0.1 and exports ``WARLOG_TEST_POSTGRES``
(``postgresql://postgres@127.0.0.1:PORT/postgres``). Without it, PostgreSQL tests are
skipped with this reason (``pytest -rs`` shows it); when it is set but the server does not
answer, they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

ENV = "WARLOG_TEST_POSTGRES"
SKIP_REASON = (
    f"{ENV} is not set: no PostgreSQL server to test against "
    "(.ci/run installs and starts one; or export "
    f"{ENV}=postgresql://user@127.0.0.1:PORT/postgres)"
)


def admin_url() -> str:
    url = os.environ.get(ENV)
    if not url:
        pytest.skip(SKIP_REASON)
    return url


@contextmanager
def pg_database() -> Iterator[str]:
    """Create an empty database, yield its URL, drop it."""
    import psycopg

    url = admin_url()
    name = f"warlog_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_db(url, name)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _with_db(url: str, name: str) -> str:
    """``url`` with its database name replaced by ``name``."""
    head, sep, query = url.partition("?")
    scheme, _, rest = head.partition("://")
    host = rest.split("/", 1)[0]
    return f"{scheme}://{host}/{name}" + (sep + query if sep else "")
