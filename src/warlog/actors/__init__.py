"""Actors stage: an analyst-editable lexicon of ACLED actors and a fast text matcher."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from warlog.actors.lexicon import ActorEntry, ActorLexicon, Country, interaction_code
from warlog.actors.matcher import ActorMatcher, attach_associates
from warlog.models import Actor, ActorMention

__all__ = [
    "ActorEntry",
    "ActorLexicon",
    "ActorMatcher",
    "Country",
    "attach_associates",
    "default_lexicon",
    "find_actors",
    "interaction_code",
    "resolve",
]


@lru_cache(maxsize=1)
def default_lexicon() -> ActorLexicon:
    """The packaged lexicon plus the WARLOG_ACTORS file, loaded once."""
    return ActorLexicon.load()


def find_actors(
    text: str,
    start: int = 0,
    end: int | None = None,
    country: str | None = None,
    on: date | None = None,
) -> list[ActorMention]:
    """Actor mentions in ``text[start:end]`` (offsets into ``text``), resolved for the
    country the report is about (name or ISO2) and, optionally, the event date ``on``
    (which picks the government years of state forces)."""
    return default_lexicon().find_actors(text, start, end, country, on)


def resolve(key: str, country: str | None = None, on: date | None = None) -> Actor:
    """The Actor for lexicon ``key`` acting in ``country`` (see ActorLexicon.resolve)."""
    return default_lexicon().resolve(key, country, on)
