"""The pipeline's fast path (parse only what can hold an event) and its parallel coding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SHARED
from warlog.events import EventRules
from warlog.ingest import read_inputs
from warlog.ingest.jsonl import document_from_record
from warlog.models import Document
from warlog.pipeline import Pipeline
from warlog.selective import Selection, Selector, parse_batch, sentence_units

BENCH = SHARED / "bench" / "articles.jsonl"
# Realistic texts with triggers from the bench corpus (news agencies; lower-cased Times of
# India). Chosen at random among those whose events do not depend on the order events are
# created in memory (see the report: demonstrations absorbing each other break ties by id()).
SAMPLE_IDS = (
    "trnews-1030005", "trnews-1030014", "trnews-1260001", "india-563", "india-925",
    "india-308",
)  # fmt: skip


def doc(text: str, **kw) -> Document:
    return Document(doc_id=kw.pop("doc_id", "t"), text=text, **kw)


def test_sentence_units_end_at_line_breaks_and_full_stops_not_abbreviations() -> None:
    text = "Mr. Smith said U.S. forces came. They left!\n\nA second line? Yes.  End"
    units = [text[s:e] for s, e in sentence_units(text)]
    assert units == [
        "Mr. Smith said U.S. forces came.", "They left!", "A second line?", "Yes.", "End",
    ]  # fmt: skip


@pytest.fixture(scope="module")
def rules() -> EventRules:
    return EventRules.load()


def test_plan_is_empty_without_any_trigger(rules) -> None:
    selector = Selector(rules)
    plan = selector.plan(doc("The council met on Tuesday to discuss the school budget."))
    assert plan.regions == [] and plan.names == []


def test_plan_parses_trigger_units_with_their_neighbours_and_cited_sources(rules) -> None:
    text = (
        "Officials in Aleppo said the market reopened.\n"  # 0: cites a source
        "The weather was mild.\n"  # 1
        "Schools stayed open in Homs.\n"  # 2: names a place
        "Traffic was light.\n"  # 3: neighbour
        "Rebels clashed with troops near the bridge.\n"  # 4: trigger
        "Shops closed early.\n"  # 5: neighbour
        "The weather was mild again.\n"  # 6
    )
    units = sentence_units(text)
    plan = Selector(rules, Selection(neighbours=1, sources=2)).plan(doc(text))
    covered = {i for i, (s, e) in enumerate(units) for r in plan.regions if r[0] <= s < r[1]}
    assert covered == {0, 3, 4, 5}
    named = {i for i, (s, e) in enumerate(units) for r in plan.names if r[0] <= s < r[1]}
    assert named == {2}


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.load()


def test_partial_parse_keeps_document_offsets(pipeline) -> None:
    text = (
        "The weather was mild on Monday.\n\n"
        "Gunmen attacked a police checkpoint in Kirkuk, killing two officers, police said.\n\n"
        "Markets stayed open in Erbil.\n\nThe weather was mild again on Tuesday."
    )
    plan = pipeline.selector.plan(doc(text))
    [sdoc] = parse_batch(pipeline.nlp, [(text, plan)])
    assert sdoc.text == text
    full = pipeline.nlp(text)
    assert [t.idx for t in sdoc] == [t.idx for t in full]
    trigger = next(s for s in full.sents if "Gunmen" in s.text)
    same = next(s for s in sdoc.sents if s.start_char == trigger.start_char)
    assert same.end_char == trigger.end_char
    assert [(t.dep_, t.head.i, t.pos_, t.lemma_, t.ent_type_) for t in same] == [
        (t.dep_, t.head.i, t.pos_, t.lemma_, t.ent_type_) for t in trigger
    ]
    # the unparsed units are sentences of their own, and their names are recognised
    assert any(s.text.startswith("Markets stayed open") for s in sdoc.sents)
    assert "Erbil" in [e.text for e in sdoc.ents]


def event_dicts(results) -> dict[str, list[dict]]:
    return {
        r.document.doc_id: sorted(
            (e.to_dict() for e in r.events), key=lambda d: json.dumps(d, sort_keys=True)
        )
        for r in results
    }


@pytest.fixture(scope="module")
def sample() -> list[Document]:
    if not BENCH.exists():
        pytest.fail(f"no bench corpus at {BENCH}: put shared/ beside the checkout")
    records = {}
    with BENCH.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["id"] in SAMPLE_IDS:
                records[r["id"]] = r
    return [document_from_record(records[i], i) for i in SAMPLE_IDS]


def test_fast_path_codes_the_same_events_as_a_full_parse(pipeline, sample) -> None:
    assert all(pipeline.selector.plan(d).regions for d in sample)  # all have triggers
    fast = event_dicts(pipeline.code(sample))
    full = event_dicts(pipeline.code_full(sample))
    assert sum(len(v) for v in full.values()) >= 10
    for doc_id in full:
        assert fast[doc_id] == full[doc_id], doc_id


def test_fast_path_on_the_example_report(pipeline, example_path: Path) -> None:
    [d] = [x for x in read_inputs([str(example_path)], "auto", None) if isinstance(x, Document)]
    assert event_dicts(pipeline.code([d])) == event_dicts(pipeline.code_full([d]))


def test_text_without_trigger_is_not_parsed(pipeline, monkeypatch) -> None:
    calls: list = []
    real = pipeline.nlp.pipe
    monkeypatch.setattr(pipeline.nlp, "pipe", lambda *a, **k: calls.append(1) or real(*a, **k))
    d = doc("The museum opened a new wing on Sunday; visitors praised the paintings.")
    [result] = list(pipeline.code([d]))
    assert result.events == [] and result.error is None
    assert calls == []


def test_parallel_processes_code_the_same_events(pipeline, sample) -> None:
    from warlog.parallel import code_parallel

    docs = sample[:4]
    parallel = list(code_parallel(docs, processes=2, batch_size=1))
    assert [r.document.doc_id for r in parallel] == [d.doc_id for d in docs]  # input order
    assert event_dicts(parallel) == event_dicts(pipeline.code(docs))


def test_batches_finishing_out_of_order_come_back_in_input_order() -> None:
    from warlog.parallel import Outcome, in_input_order

    docs = [Document(doc_id=f"d{i}", text=f"text {i}") for i in range(7)]
    started: list[int] = []
    in_flight_max = 0

    def submit(seq: int, batch: list[Document]) -> None:
        nonlocal in_flight_max
        started.append(seq)
        in_flight_max = max(in_flight_max, len(started) - len(finished))

    finished: list[int] = []

    def next_result() -> tuple[int, list[Outcome]]:
        # the newest running batch finishes first: the reverse of the input order
        seq = max(s for s in started if s not in finished)
        finished.append(seq)
        size = len(docs[seq * 2 : seq * 2 + 2])
        return seq, [Outcome(error=f"batch {seq}") for _ in range(size)]

    out = list(in_input_order(docs, 2, 3, submit, next_result))
    assert [r.document.doc_id for r in out] == [d.doc_id for d in docs]
    assert [r.error for r in out] == ["batch 0"] * 2 + ["batch 1"] * 2 + ["batch 2"] * 2 + [
        "batch 3"
    ]
    assert finished != sorted(finished)  # the batches did finish out of order
    assert in_flight_max == 3


def test_a_sentence_starts_only_after_a_line_break_or_an_end_mark() -> None:
    from warlog.text.nlp import load_nlp

    nlp = load_nlp()
    text = (
        "On Aug 12, the PMF along with (brigade 21) Badr fighters killed 3 militants in the "
        "U.S. The army left.\nA title without a stop\nThe body."
    )
    sents = [s.text.strip() for s in nlp(text).sents]
    assert sents[0].startswith("On Aug 12") and "Badr fighters killed" in sents[0]
    assert "The army left." in sents and "A title without a stop" in sents
