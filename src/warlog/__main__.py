"""``python -m warlog``."""

from warlog.cli import app

app(prog_name="warlog")
