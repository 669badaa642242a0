"""The event coder on short reports through the real pipeline (spaCy, places, actors)."""

from __future__ import annotations

import json

import pytest

from warlog.ingest.jsonl import iter_jsonl
from warlog.models import Document, Event
from warlog.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.load()


def code(pipeline: Pipeline, text: str, on: str = "2019-07-08") -> list[Event]:
    line = json.dumps({"id": "t", "text": text, "publication_date": on}).encode()
    docs = [d for d in iter_jsonl([line], "test") if isinstance(d, Document)]
    (result,) = pipeline.code(docs)
    return result.events


def test_without_a_parsed_subject_the_first_actor_named_acts(pipeline: Pipeline) -> None:
    # "it" is the subject of "killed": the clause's first actor is the attacker
    text = (
        "On July 8, Iraqi forces targeted IS militants in the al Qaim desert area where it "
        "destroyed two vehicles and killed all those on board."
    )
    (event,) = code(pipeline, text)
    assert event.actor1.startswith("Military Forces of Iraq") and event.inter1 == 1
    assert event.actor2 == "Islamic State (Iraq)"
