"""`warlog show`: one event, its fields, and its article with the evidence highlighted."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from warlog.models import ACLED_COLUMNS, Document, Event

# One colour per kind of field, so that the reader sees which words support what.
FIELD_STYLES = {
    "event_type": "bold black on yellow",
    "sub_event_type": "bold black on yellow",
    "actor1": "bold white on red",
    "inter1": "bold white on red",
    "assoc_actor_1": "white on dark_red",
    "actor2": "bold white on blue",
    "inter2": "bold white on blue",
    "event_date": "bold black on green",
    "time_precision": "bold black on green",
    "fatalities": "bold white on magenta",
    "source": "black on cyan",
}
PLACE_STYLE = "bold black on bright_white"


def render_event(event: Event, document: Document | None, console: Console) -> None:
    """Print the event's fields, then its document with every evidence span highlighted."""
    fields = Table(show_header=False, box=None, pad_edge=False)
    fields.add_column(style="bold")
    fields.add_column()
    for name in ("event_id", "doc_id", "record_type", "confidence", *ACLED_COLUMNS):
        value = getattr(event, name)
        if value not in (None, ""):
            fields.add_row(name, str(value))
    if event.date_note:
        fields.add_row("date_note", event.date_note)
    console.print(Panel(fields, title=f"event {event.event_id}", expand=False))

    evidence = Table("field", "text", "start", "end", title="evidence", title_justify="left")
    for ev in event.evidence:
        evidence.add_row(ev.field, ev.text, str(ev.start), str(ev.end))
    console.print(evidence)
    if document is None:
        console.print(f"[yellow]the document {event.doc_id!r} is not in the store[/]")
        return
    text = Text(document.text)
    for ev in event.evidence:
        if 0 <= ev.start < ev.end <= len(document.text):
            text.stylize(FIELD_STYLES.get(ev.field, PLACE_STYLE), ev.start, ev.end)
    title = document.title or document.doc_id
    console.print(Panel(text, title=title, subtitle=document.doc_id))
