"""``warlog watch``: poll RSS/Atom feeds and code their new articles into the store."""

from warlog.watch.fetch import Fetched, Fetcher, Politeness
from warlog.watch.state import Validators, WatchState
from warlog.watch.watcher import PollReport, Watcher

__all__ = [
    "Fetched",
    "Fetcher",
    "Politeness",
    "PollReport",
    "Validators",
    "WatchState",
    "Watcher",
]
