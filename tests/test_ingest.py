"""Tests of warlog.ingest (reading text, HTML and JSON Lines inputs)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from warlog.ingest import read_inputs, sniff_format
from warlog.ingest.decode import NO_DATE_NOTE, decode_bytes, resolve_date
from warlog.models import Document, InputProblem

SEED = Path("/work/shared/seed/000_b389d2223fbaba74.txt")

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Clashes in Aleppo leave 12 dead | Levant Monitor</title>
<meta property="og:site_name" content="Levant Monitor">
<meta property="article:published_time" content="2016-04-12T08:30:00Z">
<meta name="author" content="Jane Doe">
<link rel="canonical" href="https://levantmonitor.example/aleppo-clashes">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/syria">Syria news</a></li></ul></nav>
<article>
<h1>Clashes in Aleppo leave 12 dead</h1>
<time datetime="2016-04-12">12 April 2016</time>
<figure><img src="a.jpg"><figcaption>Smoke rises over the old city. Photo: Levant Monitor
</figcaption></figure>
<p>ALEPPO — Fierce clashes between government forces and rebel fighters in the eastern
districts of Aleppo killed at least 12 people on Monday, a monitoring group said.</p>
<p>The fighting centred on the Sheikh Maqsoud neighbourhood, where rebels attacked army
positions with mortars and heavy machine guns during the night.</p>
<p>Residents said hundreds of families fled towards the western part of the city as the
shelling intensified on Tuesday morning.</p>
</article>
<div class="share"><a href="#">Share this on Facebook</a> <a href="#">Tweet this story</a></div>
<footer><div id="comments"><h3>Leave a comment</h3><form><textarea>Write your comment
</textarea><button>Post comment</button></form></div>
<p>Copyright 2016 Levant Monitor. All rights reserved.</p></footer>
</body></html>
"""


def _read(*inputs: str, **kwargs: object) -> list[Document | InputProblem]:
    """All results of read_inputs as a list."""
    return list(read_inputs(list(inputs), **kwargs))  # type: ignore[arg-type]


def _one(*inputs: str, **kwargs: object) -> Document | InputProblem:
    """The single result of read_inputs."""
    results = _read(*inputs, **kwargs)
    assert len(results) == 1, results
    return results[0]


# --- plain text --------------------------------------------------------------------------


def test_seed_report(tmp_path: Path) -> None:
    """The example report: text kept exactly, metadata and body spans filled."""
    if not SEED.exists():
        pytest.skip("example report not available")
    doc = _one(str(SEED))
    assert isinstance(doc, Document)
    raw = SEED.read_text(encoding="utf-8")
    assert doc.text == raw
    assert doc.doc_id == str(SEED) and doc.source_path == str(SEED)
    assert doc.content_hash == hashlib.sha256(raw.encode("utf-8")).hexdigest()
    assert doc.title == "ISIS militants advance in Syria\u2019s Hasakah despite airstrikes"
    assert doc.outlet == "ARA News" and doc.byline == "Zozan Shekho"
    assert doc.dateline == "Hasakah, Syria"
    assert doc.dateline_span and doc.text[slice(*doc.dateline_span)] == "Hasakah, Syria"
    for snippet in ("Photo: ARA News", "follow us on Twitter", "Short link", "Leave a comment"):
        start = raw.index(snippet)
        assert not doc.in_body(start, start + len(snippet))
    start = raw.index("Pro-Assad forces also withdrew")
    assert doc.in_body(start, start + 30)
    assert doc.publication_date is None and doc.date_note == NO_DATE_NOTE


def test_default_date_and_metadata_date(tmp_path: Path) -> None:
    """--date fills in a missing date; a date line in the report wins over it."""
    plain = tmp_path / "a.txt"
    plain.write_text("Title\n\nRebels attacked the town on Friday.\n", encoding="utf-8")
    dated = tmp_path / "b.txt"
    dated.write_text(
        "Title\nPublished: 2015-06-27\n\nRebels attacked the town on Friday.\n", encoding="utf-8"
    )
    default = date(2020, 1, 2)
    a, b = _read(str(plain), str(dated), default_date=default)
    assert isinstance(a, Document) and a.publication_date == default and a.date_note is None
    assert isinstance(b, Document) and b.publication_date == date(2015, 6, 27)
    start = b.text.index("Published")
    assert not b.in_body(start, start + 9)


def test_future_date(tmp_path: Path) -> None:
    """A publication date after tomorrow is ignored, with a note."""
    path = tmp_path / "future.txt"
    path.write_text("Title\nDate: 2099-01-01\n\nFighting went on.\n", encoding="utf-8")
    doc = _one(str(path))
    assert isinstance(doc, Document)
    assert doc.publication_date is None
    assert doc.date_note == "publication date 2099-01-01 is in the future; ignored"
    tomorrow = date.today() + timedelta(days=1)
    assert resolve_date(tomorrow, None) == (tomorrow, None)


def test_empty_file(tmp_path: Path) -> None:
    """Empty and whitespace-only files are problems."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\t\n", encoding="utf-8")
    results = _read(str(tmp_path / "empty.txt"), str(tmp_path / "blank.txt"))
    assert [type(r) for r in results] == [InputProblem, InputProblem]
    assert all(r.message == "empty document" for r in results)  # type: ignore[union-attr]


def test_binary_file(tmp_path: Path) -> None:
    """A file with NUL bytes (or mostly control bytes) is not a report."""
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (tmp_path / "noise.txt").write_bytes(bytes(range(1, 9)) * 100)
    for name in ("image.txt", "noise.txt"):
        problem = _one(str(tmp_path / name))
        assert isinstance(problem, InputProblem)
        assert "binary file, not a text report" in problem.message


def test_huge_file(tmp_path: Path) -> None:
    """A 50 MB file over the default limit is a problem, found without reading it."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(50_000_000)  # sparse: instant, no 50 MB written
    problem = _one(str(path))
    assert isinstance(problem, InputProblem)
    assert "too large" in problem.message and "50,000,000" in problem.message


def test_size_limit_on_stdin() -> None:
    """Standard input over max_bytes is a problem."""
    problem = _one("-", stdin=io.BytesIO(b"word " * 1000), max_bytes=100)
    assert isinstance(problem, InputProblem) and problem.source == "-"
    assert "too large" in problem.message


def test_invalid_utf8(tmp_path: Path) -> None:
    """Invalid UTF-8 is decoded with replacement or a fallback encoding, not rejected."""
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes("Title\n\nHasakah – fighting ".encode() + b"\xff\xfe went on.\n")
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(b"Title\n\nCaf\xe9 owners said \x93rebels\x94 fled \x96 on Monday.\n")
    a, b = _read(str(mixed), str(legacy))
    assert isinstance(a, Document) and "\ufffd" in a.text and "Hasakah –" in a.text
    assert isinstance(b, Document) and "Café owners said “rebels” fled – on Monday." in b.text


def test_bom_removed() -> None:
    """A UTF-8 byte order mark is not part of the text."""
    decoded = decode_bytes(b"\xef\xbb\xbfHello")
    assert decoded.text == "Hello" and decoded.warning is None


def test_text_kept_exactly(tmp_path: Path) -> None:
    """CRLF line ends and leading blank lines are preserved; offsets index them."""
    raw = "\r\n  Rebels advance\r\n\r\nIDLIB – Rebels advanced on Monday.\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(raw.encode("utf-8"))
    doc = _one(str(path))
    assert isinstance(doc, Document) and doc.text == raw
    assert doc.title_span and doc.text[slice(*doc.title_span)] == "Rebels advance"
    assert doc.dateline_span and doc.text[slice(*doc.dateline_span)] == "IDLIB"


# --- HTML --------------------------------------------------------------------------------


def test_html_article(tmp_path: Path) -> None:
    """Main text and metadata of a page; nav, caption, share and comment text left out."""
    path = tmp_path / "article.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    doc = _one(str(path))
    assert isinstance(doc, Document)
    assert doc.title == "Clashes in Aleppo leave 12 dead"
    assert doc.publication_date == date(2016, 4, 12)
    assert doc.outlet == "Levant Monitor"
    assert doc.byline == "Jane Doe"
    assert doc.url == "https://levantmonitor.example/aleppo-clashes"
    assert "Fierce clashes between government forces" in doc.text
    assert "shelling intensified on Tuesday morning" in doc.text
    for absent in (
        "Smoke rises",
        "Share this",
        "Tweet this",
        "Leave a comment",
        "Write your comment",
        "Post comment",
        "Syria news",
        "All rights reserved",
    ):
        assert absent not in doc.text, absent
    assert doc.dateline == "ALEPPO"
    start = doc.text.index("Fierce clashes")
    assert doc.in_body(start, start + 10)
    assert doc.title_span and not doc.in_body(*doc.title_span)
    assert doc.content_hash == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def test_truncated_html(tmp_path: Path) -> None:
    """Truncated HTML does not crash: its text or a problem."""
    path = tmp_path / "cut.html"
    path.write_text("<html><body><p>Fighting in Aleppo killed", encoding="utf-8")
    result = _one(str(path), default_date=date(2016, 1, 1))
    if isinstance(result, Document):
        assert result.text.startswith("Fighting in Aleppo killed")
        assert result.publication_date == date(2016, 1, 1)
    else:
        assert result.message == "no article text found in HTML"


@pytest.mark.parametrize(
    "html",
    ["<html><head><title>x</title></head><body></body></html>", "<", "<<<>>>", "<html>\n"],
)
def test_html_without_text(tmp_path: Path, html: str) -> None:
    """A page without article text is a problem, not a crash."""
    path = tmp_path / "empty.htm"
    path.write_text(html, encoding="utf-8")
    result = _one(str(path))
    assert isinstance(result, InputProblem)


# --- JSON Lines --------------------------------------------------------------------------


def test_jsonl_with_bad_line(tmp_path: Path) -> None:
    """Two good records and a broken line between them: 2 Documents + 1 problem (line 2)."""
    path = tmp_path / "batch.jsonl"
    good1 = {
        "id": 41,
        "text": "Rebels attack Idlib\n\nIDLIB – Rebels attacked on Monday.",
        "title": "Rebels attack Idlib",
        "publication_date": "2015-06-27",
        "outlet": "Syria Direct",
        "url": "https://example.org/a",
        "byline": "A. Writer",
    }
    good2 = {"text": "Shelling hit Douma on Sunday.", "publication_date": "27/06/2015"}
    path.write_text(
        json.dumps(good1) + "\n" + '{"text": "broken\n' + json.dumps(good2) + "\n",
        encoding="utf-8",
    )
    results = _read(str(path))
    assert [type(r) for r in results] == [Document, InputProblem, Document]
    first, problem, second = results
    assert isinstance(first, Document) and isinstance(second, Document)
    assert isinstance(problem, InputProblem) and problem.source == f"{path}:2"
    assert first.doc_id == "41" and first.text == good1["text"]
    assert first.title == "Rebels attack Idlib" and first.title_span == (0, 19)
    assert first.publication_date == date(2015, 6, 27)
    assert (first.outlet, first.url, first.byline) == (
        "Syria Direct",
        "https://example.org/a",
        "A. Writer",
    )
    assert first.dateline == "IDLIB"
    assert not first.in_body(0, 19)
    assert second.doc_id == f"{path}:3"
    assert second.publication_date is None
    assert second.date_note and "not a valid YYYY-MM-DD" in second.date_note


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[1, 2]", "not a JSON object"),
        ('"text"', "not a JSON object"),
        ('{"id": 1}', "no 'text' field"),
        ('{"text": "   "}', "no 'text' field"),
        ('{"text": 5}', "no 'text' field"),
        ("{nope", "invalid JSON"),
    ],
)
def test_jsonl_bad_records(tmp_path: Path, line: str, message: str) -> None:
    """Each kind of bad line names its line number."""
    path = tmp_path / "bad.ndjson"
    path.write_text(line + "\n", encoding="utf-8")
    problem = _one(str(path))
    assert isinstance(problem, InputProblem)
    assert problem.source == f"{path}:1" and message in problem.message


def test_json_array_file(tmp_path: Path) -> None:
    """A .json file holding an array of records."""
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([{"text": "One report."}, {"text": "Two reports."}], indent=2))
    docs = _read(str(path))
    assert [d.text for d in docs if isinstance(d, Document)] == ["One report.", "Two reports."]


def test_jsonl_streams(tmp_path: Path) -> None:
    """Records come one at a time (the generator does not read the whole file first)."""
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"text": f"Report {i}."}) + "\n" for i in range(1000)))
    iterator = read_inputs([str(path)])
    first = next(iterator)
    assert isinstance(first, Document) and first.text == "Report 0."
    assert sum(1 for _ in iterator) == 999


# --- inputs ------------------------------------------------------------------------------


def test_directory_walk(tmp_path: Path) -> None:
    """Directories are walked recursively in sorted order; other files are skipped."""
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / "b" / "2.txt").write_text("Second report text.")
    (tmp_path / "a" / "deep" / "1.txt").write_text("First report text.")
    (tmp_path / "a" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "c.html").write_text(ARTICLE_HTML)
    (tmp_path / "d.jsonl").write_text('{"id": "d1", "text": "Fourth report."}\n')
    results = _read(str(tmp_path))
    assert all(isinstance(r, Document) for r in results), results
    assert [Path(r.doc_id).name for r in results] == ["1.txt", "2.txt", "c.html", "d1"]


def test_unsupported_and_missing(tmp_path: Path) -> None:
    """An explicit unsupported file or a missing path is a problem."""
    pdf = tmp_path / "notes.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    problem, missing = _read(str(pdf), str(tmp_path / "nope.txt"))
    assert isinstance(problem, InputProblem) and "unsupported file type .pdf" in problem.message
    assert isinstance(missing, InputProblem) and missing.source == str(tmp_path / "nope.txt")


def test_forced_format(tmp_path: Path) -> None:
    """input_format overrides the extension."""
    path = tmp_path / "report.dat"
    path.write_text("A report without a known extension.")
    doc = _one(str(path), input_format="text")
    assert isinstance(doc, Document) and doc.text == "A report without a known extension."
    with pytest.raises(ValueError):
        _read(str(path), input_format="pdf")


def test_stdin_formats() -> None:
    """Standard input: text, HTML and JSON Lines, sniffed."""
    doc = _one("-", stdin=io.BytesIO("Title\n\nHOMS – Shelling on Monday.\n".encode()))
    assert isinstance(doc, Document) and doc.doc_id == "-" and doc.dateline == "HOMS"
    html = _one("-", stdin=io.BytesIO(ARTICLE_HTML.encode()))
    assert isinstance(html, Document) and html.title == "Clashes in Aleppo leave 12 dead"
    lines = b'{"text": "One."}\n\n{"id": "x", "text": "Two."}\n'
    docs = _read("-", stdin=io.BytesIO(lines))
    assert [d.doc_id for d in docs] == ["-:1", "x"]
    assert sniff_format(b"  {") == "jsonl" and sniff_format(b"<!DOCTYPE") == "html"
    assert sniff_format(b"Hello") == "text"


def test_stdin_long_jsonl_line() -> None:
    """An over-long JSON Lines line on stdin is a problem; the next line is still read."""
    data = b'{"text": "' + b"x" * 200_000 + b'"}\n{"text": "Short."}\n'
    results = _read("-", stdin=io.BytesIO(data), max_bytes=1000)
    assert isinstance(results[0], InputProblem) and results[0].source == "-:1"
    assert isinstance(results[1], Document) and results[1].text == "Short."


def test_seed_copy_in_directory(tmp_path: Path) -> None:
    """The example report read through a directory gives the same document."""
    if not SEED.exists():
        pytest.skip("example report not available")
    shutil.copy(SEED, tmp_path / SEED.name)
    doc = _one(str(tmp_path))
    assert isinstance(doc, Document) and doc.byline == "Zozan Shekho"


def test_only_boilerplate(tmp_path: Path) -> None:
    """A report with no article text (only boilerplate lines) is a problem."""
    path = tmp_path / "junk.txt"
    path.write_text("Leave a comment\n\nShare this\n\none × one =\n", encoding="utf-8")
    problem = _one(str(path))
    assert isinstance(problem, InputProblem) and "no article text" in problem.message
    lines = tmp_path / "junk.jsonl"
    lines.write_text(json.dumps({"text": "Click here\nSubscribe"}) + "\n", encoding="utf-8")
    problem = _one(str(lines))
    assert isinstance(problem, InputProblem) and problem.source == f"{lines}:1"
