"""The embedded SQLite store of documents, events and evidence.

>>> with Store.open("warlog.db") as store:  # doctest: +SKIP
...     store.add_document(doc, events)
...     for event in store.query_events(country="Syria", since="2015-06-01"):
...         print(event.event_id)
"""

from warlog.store.migrations import SCHEMA_VERSION, SchemaTooNewError, StoreError
from warlog.store.queries import GROUPS, SORTS, EventFilter
from warlog.store.store import (
    EVENT_COLUMNS,
    AmbiguousIdError,
    Store,
    content_hash_of,
    default_location,
)

__all__ = [
    "EVENT_COLUMNS",
    "GROUPS",
    "SCHEMA_VERSION",
    "SORTS",
    "AmbiguousIdError",
    "EventFilter",
    "SchemaTooNewError",
    "Store",
    "StoreError",
    "content_hash_of",
    "default_location",
]
