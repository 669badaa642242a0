"""The ``warlog`` command: a thin shell over the library."""

from __future__ import annotations

import itertools
import json
import logging
import os
import sys
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from warlog.export import write_events
from warlog.ingest import read_inputs
from warlog.models import Document, InputProblem

app = typer.Typer(
    help="Turn news reports into coded, geocoded, evidence-backed conflict events (ACLED).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
gazetteer_app = typer.Typer(help="The gazetteer warlog geocodes with.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")

err = Console(stderr=True, soft_wrap=True, highlight=False)


class InputFormat(StrEnum):
    auto = "auto"
    text = "text"
    html = "html"
    jsonl = "jsonl"


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"
    table = "table"


class _State:
    db: str | None = None


state = _State()

Inputs = Annotated[list[str], typer.Argument(help="Files, directories, or - for standard input.")]
FormatOpt = Annotated[InputFormat, typer.Option("--input-format", help="How to read the inputs.")]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", help="Publication date (YYYY-MM-DD) for inputs that give none."),
]


@app.callback()
def main(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="WARLOG_DB",
            help="The store: SQLite file path, or postgresql://user@host:port/db.",
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress.")] = False,
) -> None:
    """warlog: conflict events from news reports."""
    state.db = db
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        msg = f"{value!r} is not a date (YYYY-MM-DD)"
        raise typer.BadParameter(msg, param_hint=option) from None


def _documents(
    inputs: list[str], input_format: InputFormat, default_date: date | None, problems: list
) -> Iterator[Document]:
    """The readable documents; each unreadable one is reported on stderr and counted."""
    for item in read_inputs(inputs, input_format.value, default_date, stdin=sys.stdin.buffer):
        if isinstance(item, InputProblem):
            problems.append(item)
            _skipped(item.source, item.message)
        else:
            yield item


def _skipped(source: str, message: str) -> None:
    """One line on stderr per document that could not be read or coded."""
    err.print(f"[yellow]skipped[/] {escape(source)}: {escape(message)}")


def _pipeline():
    from warlog.pipeline import Pipeline  # loads spaCy: only for the commands that need it

    pipeline = Pipeline.load()
    logging.getLogger(__name__).info("using %s", pipeline.describe())
    return pipeline


@app.command()
def code(
    inputs: Inputs,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.jsonl,
    input_format: FormatOpt = InputFormat.auto,
    pub_date: DateOpt = None,
    min_confidence: Annotated[
        float, typer.Option("--min-confidence", help="Drop events below this confidence.")
    ] = 0.0,
) -> None:
    """Code events and print them (no store needed)."""
    default_date = _parse_date(pub_date, "--date")
    problems: list[InputProblem] = []
    pipeline = _pipeline()

    coded = 0

    def events():
        nonlocal coded
        for result in pipeline.code(_documents(inputs, input_format, default_date, problems)):
            if result.error:
                problems.append(InputProblem(result.document.doc_id, result.error))
                _skipped(result.document.doc_id, result.error)
                continue
            coded += 1
            yield from (e for e in result.events if e.confidence >= min_confidence)

    write_events(events(), fmt.value, sys.stdout)
    if problems and not coded:
        raise typer.Exit(1)  # nothing could be read at all


def _coded(
    documents: Iterator[Document], processes: int, scheduler: str | None, workers: int | None
) -> Iterator:
    """Code in this process, in ``processes`` local processes, or on a Dask cluster."""
    if scheduler or workers:
        from warlog.distributed import code_on_cluster

        return code_on_cluster(documents, scheduler=scheduler, workers=workers, places=False)
    if processes > 1:
        from warlog.parallel import code_parallel

        return code_parallel(documents, processes, places=False)
    return _pipeline().code(documents)


@app.command()
def ingest(
    inputs: Inputs,
    input_format: FormatOpt = InputFormat.auto,
    pub_date: DateOpt = None,
    processes: Annotated[
        int,
        typer.Option("--processes", "-p", min=1, help="Worker processes coding in parallel."),
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", help="Code on this Dask distributed scheduler (tcp://HOST:PORT)."
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Code on a local Dask cluster of N workers."),
    ] = None,
) -> None:
    """Code documents into the store (unchanged documents are skipped)."""
    from warlog.store import Store

    if scheduler and workers:
        raise typer.BadParameter("give --scheduler or --workers, not both", param_hint="--workers")
    default_date = _parse_date(pub_date, "--date")
    problems: list[InputProblem] = []
    counts = {"documents": 0, "events": 0, "unchanged": 0, "replaced": 0, "errors": 0}
    with Store.open(state.db) as store:

        def fresh() -> Iterator[Document]:
            for doc in _documents(inputs, input_format, default_date, problems):
                if store.has_hash(doc.content_hash):
                    counts["unchanged"] += 1
                    progress.advance(task)
                    continue
                yield doc

        with Progress(
            TextColumn("[bold]coding"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[events]} events"), TimeElapsedColumn(),
            console=err, disable=not err.is_terminal, transient=False,
        ) as progress:  # fmt: skip
            task = progress.add_task("coding", total=None, events=0)
            # spaCy and the gazetteer load only once a new or changed document arrives:
            # re-running over unchanged inputs takes seconds.
            new_docs = fresh()
            first = next(new_docs, None)
            results = iter(())
            if first is not None:
                docs = itertools.chain([first], new_docs)
                results = _coded(docs, processes, scheduler, workers)
            for result in results:
                progress.advance(task)
                if result.error:
                    counts["errors"] += 1
                    _skipped(result.document.doc_id, result.error)
                    continue
                outcome = store.add_document(result.document, result.events)
                if outcome == "unchanged":
                    counts["unchanged"] += 1
                    continue
                counts["documents"] += 1
                counts["replaced"] += outcome == "replaced"
                counts["events"] += len(result.events)
                progress.update(task, events=counts["events"])
        total = store.stats()
    counts["errors"] += len(problems)
    err.print(
        f"{counts['documents']} documents coded ({counts['replaced']} replaced), "
        f"{counts['events']} events, {counts['unchanged']} skipped as unchanged, "
        f"{counts['errors']} errors; store {store.label}: {total['documents']} documents "
        f"({total['duplicates']} near-duplicates), {total['events']} events "
        f"({total['merged_events']} merged)",
        highlight=False,
    )


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS or Atom feed URLs.")],
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit.")] = False,
    interval: Annotated[
        float, typer.Option(min=0, help="Seconds between two polls of the feeds.")
    ] = 900.0,
    delay: Annotated[
        float, typer.Option(min=0, help="Seconds between two requests to one host.")
    ] = 2.0,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds to wait for a server.")] = 20.0,
    retries: Annotated[
        int, typer.Option(min=0, help="Retries of a failed request (timeouts, 429, 5xx).")
    ] = 3,
    backoff: Annotated[
        float, typer.Option(min=0, help="Seconds before the first retry; doubled each time.")
    ] = 2.0,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Skip pages larger than this.")
    ] = 5_000_000,
    ignore_robots: Annotated[
        bool,
        typer.Option("--ignore-robots", help="Fetch pages that a host's robots.txt disallows."),
    ] = False,
    state_file: Annotated[
        str | None,
        typer.Option("--state", help="Watch state file (default: <store>.watch.sqlite)."),
    ] = None,
    pub_date: DateOpt = None,
) -> None:
    """Poll RSS/Atom feeds and code their new articles into the store."""
    from warlog.store import Store
    from warlog.watch import Fetcher, Politeness, Watcher, WatchState

    default_date = _parse_date(pub_date, "--date")
    polite = Politeness(delay, timeout, retries, backoff, max_bytes, not ignore_robots)

    def say(kind: str, url: str, message: str) -> None:
        colour = "yellow" if kind == "skipped" else "red"
        err.print(f"[{colour}]{kind}[/] {escape(url)}: {escape(message)}")

    def on_poll(report) -> None:
        err.print(f"poll: {report.summary()}", highlight=False)

    with Store.open(state.db) as store:
        if state_file is None:
            if store.path is None:
                raise typer.BadParameter(
                    "this store has no file: give --state", param_hint="--state"
                )
            state_file = str(store.path) + ".watch.sqlite"
        pipeline = _pipeline()
        with WatchState(state_file) as watch_state, Fetcher(polite) as fetcher:
            watcher = Watcher(store, watch_state, fetcher, pipeline.code, say, default_date)
            try:
                watcher.run(feeds, interval, once=once, on_poll=on_poll)
            except KeyboardInterrupt:
                err.print("stopped")


@app.command()
def events(
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.csv,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    country: Annotated[str | None, typer.Option(help="Country name or ISO number.")] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="Event type or sub-event type.")
    ] = None,
    actor: Annotated[str | None, typer.Option(help="Part of an actor's name.")] = None,
    bbox: Annotated[str | None, typer.Option(help="min_lon,min_lat,max_lon,max_lat")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    unmerged: Annotated[
        bool,
        typer.Option(
            "--unmerged",
            help="The raw per-article records, instead of one merged event per real event.",
        ),
    ] = False,
) -> None:
    """Query the store and export events (csv in ACLED's column order, jsonl, geojson).

    By default one event per real event: the reports of several articles (same day,
    place, actors and event type) merged, with every source and ``sources_count``.
    """
    from warlog.store import Store

    box = None
    if bbox:
        try:
            parts = [float(x) for x in bbox.split(",")]
        except ValueError:
            parts = []
        if len(parts) != 4:
            raise typer.BadParameter(
                "four numbers: min_lon,min_lat,max_lon,max_lat", param_hint="--bbox"
            )
        box = (parts[0], parts[1], parts[2], parts[3])
    with Store.open(state.db) as store, store.snapshot():  # consistent while ingest writes
        rows = store.query_events(
            since=_parse_date(since, "--since"), until=_parse_date(until, "--until"),
            country=country, event_type=event_type, actor=actor, bbox=box, limit=limit,
            merged=not unmerged,
        )  # fmt: skip
        write_events(rows, fmt.value, sys.stdout)


@app.command()
def show(
    event_id: Annotated[str, typer.Argument(help="An event id (or its unique start).")],
) -> None:
    """An event and its article, with the evidence highlighted."""
    from warlog.export.show import render_event
    from warlog.store import Store

    with Store.open(state.db) as store:
        try:
            event = store.get_event(event_id)
        except LookupError as exc:
            err.print(f"[red]error[/] {exc}")
            raise typer.Exit(2) from None
        if event is None:
            err.print(f"[red]error[/] no event {event_id!r} in {store.path}")
            raise typer.Exit(2)
        document = store.get_document(event.doc_id)
    render_event(event, document, Console())


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="WARLOG_API_TOKEN",
            help="Turn on POST /api/documents for requests bearing this token.",
        ),
    ] = None,
    tiles: Annotated[
        str | None,
        typer.Option(help="Tile server URL template for the map, e.g. https://…/{z}/{x}/{y}.png"),
    ] = None,
) -> None:
    """Serve the workbench (map, timeline, table, evidence) and its JSON API over the store."""
    import uvicorn

    from warlog.store import Store, default_location
    from warlog.web import create_app

    location = state.db or str(default_location())
    with Store.open(location) as store:  # create or migrate it now, and fail early
        label = store.label
    err.print(f"warlog workbench over {escape(label)}: http://{host}:{port}/", highlight=False)
    if token:
        err.print("ingest through the API is on (POST /api/documents with the token)")
    uvicorn.run(create_app(location, token=token, tiles=tiles), host=host, port=port)


@app.command()
def geoparse(inputs: Inputs, input_format: FormatOpt = InputFormat.auto) -> None:
    """Find and resolve the places of each document (one JSON line per document)."""
    from warlog.export.places import places_record

    problems: list[InputProblem] = []
    pipeline = _pipeline()
    for result in pipeline.geoparse(_documents(inputs, input_format, None, problems)):
        if result.error:
            _skipped(result.document.doc_id, result.error)
            continue
        sys.stdout.write(json.dumps(places_record(result), ensure_ascii=False) + "\n")


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="A reference coding (gold JSON).", exists=True)],
    article: Annotated[
        Path | None, typer.Option(help="The article (default: beside the gold file).")
    ] = None,
) -> None:
    """Score warlog against a hand-coded reference: recall, spurious events, field accuracy."""
    from warlog.eval.gold import evaluate_gold, format_report

    report = evaluate_gold(gold, _pipeline(), article)
    Console().print(format_report(report), highlight=False)


@gazetteer_app.command("info")
def gazetteer_info() -> None:
    """Which gazetteer is in use, and its size."""
    from warlog.places import Gazetteer

    info = Gazetteer.open().info()
    for key, value in info.items():
        typer.echo(f"{key}: {value}")


@gazetteer_app.command("import")
def gazetteer_import(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="GeoNames dump files: allCountries.zip, cities500.zip, SY.zip (or .txt), "
            "alternateNamesV2.zip, admin1CodesASCII.txt, countryInfo.txt.",
            exists=True,
            dir_okay=False,
        ),
    ],
    db: Annotated[
        Path | None,
        typer.Option("--to", help="The gazetteer to write (default: the user data directory)."),
    ] = None,
    use: Annotated[
        bool, typer.Option("--use/--no-use", help="Make it the gazetteer warlog uses.")
    ] = True,
) -> None:
    """Import GeoNames dumps into an indexed SQLite gazetteer (resumable: rerun to continue)."""
    from warlog.places.gazetteer import ENV_PATH, import_target, use_gazetteer
    from warlog.places.importer import ImportError_, import_geonames

    target = db or import_target()
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn(),
        console=err, disable=not err.is_terminal,
    ) as progress:  # fmt: skip

        def bar(name: str, total: int):
            task = progress.add_task(name, total=total or None)
            return lambda n: progress.advance(task, n)

        try:
            counts = import_geonames([str(f) for f in files], target, bar)
        except ImportError_ as exc:
            err.print(f"[red]error[/] {escape(str(exc))}")
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err.print(f"interrupted: run the same command again to resume into {target}")
            raise typer.Exit(130) from None
    err.print(f"{target}: {counts['places']:,} places, {counts['names']:,} names")
    if use:
        use_gazetteer(target)
        err.print(f"warlog now uses {target} (`warlog gazetteer use builtin` to switch back)")
        if os.environ.get(ENV_PATH):
            err.print(f"note: {ENV_PATH} is set and takes precedence")


@gazetteer_app.command("use")
def gazetteer_use(
    path: Annotated[str, typer.Argument(help="A gazetteer file, or 'builtin'.")],
) -> None:
    """Choose the gazetteer warlog uses ($WARLOG_GAZETTEER still takes precedence)."""
    from warlog.places.gazetteer import use_gazetteer

    if path != "builtin" and not Path(path).is_file():
        err.print(f"[red]error[/] no gazetteer file {escape(path)}")
        raise typer.Exit(2)
    chosen = use_gazetteer(None if path == "builtin" else path)
    typer.echo(f"using {chosen}")


if __name__ == "__main__":  # pragma: no cover
    app()
