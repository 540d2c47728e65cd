"""Score root-cause grouping end to end against a sample's planted truth (issue 16 targets).

One command generates a sample, runs the whole pipeline on it and judges the backlog::

    python bench/eval_causes.py --style fresh            # held-out airline sample, default models
    python bench/eval_causes.py --style demo --fast      # the demo's sample, USE embedder
    python bench/eval_causes.py --style fresh --keep /tmp/eval --json /tmp/eval.json

``--style fresh`` uses :func:`cxnlp.sampledata.fresh.generate_fresh` (surveys
only); ``--style demo`` uses :func:`cxnlp.sampledata.generate_sample` with its
three sources (surveys, social, tickets), as ``make demo`` runs it: its truth
labels every row of every source. The config copies ``configs/default.yaml``;
``--fast`` swaps in the USE embedder and the ``models/*-head-use-v1`` heads.

Judged on the answers of the run's window (``topics.window_days`` before the
run). An answer *mentions* a planted theme when the truth lists it (second
themes included); it is *in* a backlog item when :func:`answer_causes` puts it
in the item's cause. Per planted negative cause it prints the items mostly
(>= 50% of their answers) about it and, for its item (the one of those that
holds most of its mentions), the item's purity, the share of the cause's
mentions inside it and its backlog rank; per decoy, confounder and positive
theme whether an item is mostly about it; then one PASS/FAIL line per target.
``--reuse DIR`` (a folder kept by ``--keep``) re-runs only the ranking and
backlog steps of the kept run, with the ranking section of today's
``configs/default.yaml`` and any ``--set ranking.KEY=VALUE``, and scores again:
a grouping setting costs seconds, not a pipeline run. Tune on the demo style
this way, never on the held-out one::

    python bench/eval_causes.py --reuse /tmp/demo --set ranking.group_knn_full=0.2
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

REPO = Path(__file__).resolve().parents[1]
MOSTLY = 0.5
TARGET_PURITY = 0.85
TARGET_COVERAGE = 0.85
MAX_ITEMS_RATIO = 1.5
NON_CAUSE_KINDS = ("decoy", "confounder", "positive")
FAST_MODELS = {
    "embedder": "cxnlp.embedder.use.v1",
    "sentiment": "models/sentiment-head-use-v1",
    "emotion": "models/emotion-head-use-v1",
}


@dataclass
class Truth:
    """What a sample planted: per answer the themes it mentions, and each theme's kind."""

    rows: pd.DataFrame  # source, source_id, themes (frozenset of theme ids), families
    kinds: dict[str, str]  # theme id -> negative | decoy | confounder | positive | background
    labels: dict[str, str]
    expected_rank: dict[str, int]  # negative causes only


def load_truth(sample_dir: Path) -> Truth:
    """Read ``truth.json`` and ``truth_rows.csv`` of either generator into one shape.

    The demo's truth has ``neutral`` causes (its decoy) and one ``cause_id`` per
    row ("none" for background); the fresh sample's has ``kind`` and a ``causes``
    column listing every theme a row mentions.
    """
    doc = json.loads((sample_dir / "truth.json").read_text(encoding="utf-8"))
    rows = pd.read_csv(sample_dir / "truth_rows.csv", dtype=str, keep_default_na=False)
    kinds: dict[str, str] = {}
    labels: dict[str, str] = {}
    ranks: dict[str, int] = {}
    for cause in doc["causes"]:
        cid = cause["cause_id"]
        kind = cause.get("kind") or ("decoy" if cause.get("neutral") else "negative")
        kinds[cid] = kind
        labels[cid] = cause.get("label_es", cid)
        rank = cause.get("expected_rank", cause.get("expected_impact_rank"))
        if kind == "negative" and rank is not None:
            ranks[cid] = int(rank)
    listed = rows["causes"] if "causes" in rows.columns else rows["cause_id"]
    tags = rows["tags"] if "tags" in rows.columns else pd.Series("", index=rows.index)
    rows = rows[["source", "source_id"]].copy()
    # the fresh sample tags each theme's paraphrase family: family:<theme>:<family>
    rows["families"] = [
        frozenset(t.split(":", 1)[1] for t in str(v).split(";") if t.startswith("family:"))
        for v in tags
    ]
    # the demo calls its background "none": one name for both, so a noise item shows as such
    rows["themes"] = [
        frozenset("background" if t == "none" else t for t in str(v).split(";") if t)
        for v in listed
    ]
    kinds.setdefault("background", "background")
    labels.setdefault("background", "sin causa plantada")
    return Truth(rows, kinds, labels, ranks)


def answer_causes(con: Any, run_id: str, start: datetime, end: datetime) -> pd.DataFrame:
    """Every answer of the run's window and the set of root causes it is counted in.

    The single place that defines membership: an answer's topic (``topic_assignments``)
    mapped through the run's ``causes`` table (topic -> cause id; a topic missing
    there is its own cause). When the store has a ``clause_topics`` table (one row
    per clause: ``feedback_id`` or ``source``/``source_id``, ``clause_no``,
    ``topic_id``; ``run_id`` when per run) the answer is also counted in the cause
    of every one of its clauses (the outlier topic -1 counts nowhere).

    Args:
        con: an open DuckDB connection to the store.
        run_id: the run whose topics and causes to use.
        start: window start (inclusive), as the run's ``created_at`` clock.
        end: window end (exclusive).

    Returns:
        Columns ``source``, ``source_id``, ``causes`` (frozenset of int cause ids; empty
        for an answer in no topic).
    """
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    cause_of: dict[int, int] = {}
    if "causes" in tables:
        for topic, cause in con.execute(
            "SELECT topic_id, cause_id FROM causes WHERE run_id = ?", [run_id]
        ).fetchall():
            cause_of[int(topic)] = int(cause)
    answers = con.execute(
        "SELECT f.feedback_id, f.source, f.source_id, coalesce(a.topic_id, -1) AS topic_id "
        "FROM feedback f "
        "LEFT JOIN topic_assignments a ON a.feedback_id = f.feedback_id AND a.run_id = ? "
        "WHERE f.created_at >= ? AND f.created_at < ?",
        [run_id, start, end],
    ).df()
    key_of = dict(
        zip(
            answers["feedback_id"],
            zip(answers["source"], answers["source_id"], strict=True),
            strict=True,
        )
    )
    topics: dict[tuple[str, str], set[int]] = {
        (s, i): ({int(t)} if int(t) != -1 else set())
        for s, i, t in answers[["source", "source_id", "topic_id"]].itertuples(index=False)
    }
    if "clause_topics" in tables:
        columns = {r[0] for r in con.execute("DESCRIBE clause_topics").fetchall()}
        where, params = ("WHERE run_id = ?", [run_id]) if "run_id" in columns else ("", [])
        if "feedback_id" in columns:
            owner = "feedback_id, NULL"
        elif {"source", "source_id"} <= columns:
            owner = "source, source_id"
        else:
            owner = ""
        if owner and "topic_id" in columns:
            for a, b, t in con.execute(
                f"SELECT {owner}, topic_id FROM clause_topics {where}", params
            ).fetchall():
                key = key_of.get(a) if b is None else (a, b)
                if key in topics and t is not None and int(t) != -1:
                    topics[key].add(int(t))
    return pd.DataFrame(
        {
            "source": [k[0] for k in topics],
            "source_id": [k[1] for k in topics],
            "causes": [frozenset(cause_of.get(t, t) for t in ts) for ts in topics.values()],
        }
    )


def read_backlog(store_con: Any, run_id: str, exports_dir: Path) -> pd.DataFrame:
    """The run's open backlog items (from the exported ``backlog.json``, else the store)."""
    path = exports_dir / run_id / "backlog.json"
    if path.exists():
        items = pd.DataFrame(json.loads(path.read_text(encoding="utf-8")))
    else:
        items = store_con.execute("SELECT * FROM backlog WHERE run_id = ?", [run_id]).df()
    if items.empty:
        return pd.DataFrame(columns=["item_id", "topic_id", "title", "rank", "status"])
    items = items[items["status"].astype(str) == "open"].copy()
    items["topic_id"] = items["topic_id"].astype(int)
    return items.sort_values("rank").reset_index(drop=True)


def evaluate(members: pd.DataFrame, truth: Truth, items: pd.DataFrame) -> dict[str, Any]:
    """Judge the backlog ``items`` against the truth, on the answers in ``members``.

    Args:
        members: :func:`answer_causes`'s frame (the window's answers and their causes).
        truth: the planted truth.
        items: open backlog items with ``item_id``, ``topic_id`` (the cause id),
            ``title`` and ``rank``.

    Returns:
        Per item and per theme figures, and ``targets``: one boolean per issue-16 target.
    """
    joined = members.merge(truth.rows, on=["source", "source_id"], how="inner")
    item_rows = []
    for item in items.itertuples(index=False):
        inside = joined[[int(item.topic_id) in c for c in joined["causes"]]]
        n = len(inside)
        shares = {
            t: (sum(t in th for th in inside["themes"]) / n if n else 0.0) for t in truth.kinds
        }
        top = max(shares, key=lambda t: shares[t]) if shares else None
        item_rows.append(
            {
                "item_id": str(item.item_id),
                "cause_id": int(item.topic_id),
                "title": str(item.title),
                "rank": int(item.rank),
                "n": n,
                "shares": shares,
                "mostly": top if top is not None and shares[top] >= MOSTLY else None,
                "top_theme": top,
                "top_share": shares[top] if top is not None else 0.0,
            }
        )
    themes: dict[str, dict[str, Any]] = {}
    for theme, kind in truth.kinds.items():
        mentions = [theme in th for th in joined["themes"]]
        n_mentions = int(sum(mentions))
        mine = [r for r in item_rows if r["mostly"] == theme]
        # its item: the one (mostly about it) that holds most of its mentions
        held = {
            r["item_id"]: sum(
                m and r["cause_id"] in c for m, c in zip(mentions, joined["causes"], strict=True)
            )
            for r in mine
        }
        best = max(mine, key=lambda r: (held[r["item_id"]], r["shares"][theme])) if mine else None
        covered = held[best["item_id"]] if best else 0
        themes[theme] = {
            "kind": kind,
            "label": truth.labels.get(theme, theme),
            "n_mentions": n_mentions,
            "n_items": len(mine),
            "items": [r["item_id"] for r in mine],
            "best_item": best["item_id"] if best else None,
            "best_title": best["title"] if best else None,
            "purity": best["shares"][theme] if best else None,
            "coverage": covered / n_mentions if best and n_mentions else None,
            "rank": best["rank"] if best else None,
            "expected_rank": truth.expected_rank.get(theme),
        }
    negatives = [t for t, k in truth.kinds.items() if k == "negative"]
    neg = [themes[t] for t in negatives]
    top_ranks = sorted(x["rank"] for x in neg if x["rank"] is not None)
    n_items = len(item_rows)
    targets = {
        "one_item_per_cause": all(x["n_items"] == 1 for x in neg),
        "purity_at_least_85": all((x["purity"] or 0.0) >= TARGET_PURITY for x in neg),
        "mentions_at_least_85": all((x["coverage"] or 0.0) >= TARGET_COVERAGE for x in neg),
        "causes_on_top": top_ranks == list(range(1, len(neg) + 1)),
        "no_item_for_non_causes": all(
            themes[t]["n_items"] == 0 for t, k in truth.kinds.items() if k in NON_CAUSE_KINDS
        ),
        "items_at_most_1_5x": n_items <= MAX_ITEMS_RATIO * len(neg),
    }
    return {
        "n_answers": len(joined),
        "n_items": n_items,
        "n_planted": len(neg),
        "items": item_rows,
        "themes": themes,
        "families": _family_homes(joined, item_rows, negatives),
        "targets": targets,
        "passed": all(targets.values()),
    }


def _family_homes(
    joined: pd.DataFrame, item_rows: list[dict[str, Any]], negatives: list[str]
) -> dict[str, dict[str, Any]]:
    """Per paraphrase family of a negative cause: its answers and the items holding them."""
    if "families" not in joined.columns:
        return {}
    homes: dict[str, dict[str, Any]] = {}
    keys = sorted({f for fs in joined["families"] for f in fs if f.split(":")[0] in negatives})
    for key in keys:
        mine = joined[[key in fs for fs in joined["families"]]]
        held = {r["item_id"]: sum(r["cause_id"] in c for c in mine["causes"]) for r in item_rows}
        top = sorted((k for k in held if held[k]), key=lambda k: -held[k])[:3]
        homes[key] = {"n": len(mine), "items": {k: held[k] / len(mine) for k in top}}
    return homes


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def format_report(result: dict[str, Any]) -> list[str]:
    """The printed lines of an evaluation (English: a developer's bench)."""
    lines = [
        f"answers in the window: {result['n_answers']}; open backlog items: {result['n_items']}"
    ]
    lines.append("backlog (rank, item, answers, title -> main planted theme and its share):")
    for r in result["items"]:
        lines.append(
            f"  {r['rank']:>2} {r['item_id']} n={r['n']:<4} {r['title'][:48]!r} -> "
            f"{r['top_theme']} {_pct(r['top_share'])}"
        )
    lines.append(
        "planted negative causes (items mostly it; best item purity, mentions in it, rank):"
    )
    for theme, x in result["themes"].items():
        if x["kind"] != "negative":
            continue
        lines.append(
            f"  {theme:<22} mentions={x['n_mentions']:<5} items={x['n_items']} "
            f"purity={_pct(x['purity'])} in_item={_pct(x['coverage'])} rank={x['rank'] or '-'} "
            f"(expected {x['expected_rank'] or '-'}) {x['best_item'] or ''}"
        )
    if result.get("families"):
        lines.append("paraphrase families (answers -> the items holding them):")
        for key, home in result["families"].items():
            where = ", ".join(f"{k} {_pct(v)}" for k, v in home["items"].items()) or "no item"
            lines.append(f"  {key:<36} n={home['n']:<4} -> {where}")
    lines.append("themes that must stay out of the backlog:")
    for theme, x in result["themes"].items():
        if x["kind"] in NON_CAUSE_KINDS:
            verdict = "in backlog: " + ", ".join(x["items"]) if x["items"] else "no item"
            lines.append(f"  {theme:<22} ({x['kind']}, mentions={x['n_mentions']}) {verdict}")
    noise = sum(1 for r in result["items"] if r["mostly"] in (None, "background"))
    lines.append(f"items mostly background or of no single theme: {noise}")
    ratio = result["n_items"] / max(1, result["n_planted"])
    lines.append(
        f"items {result['n_items']} for {result['n_planted']} planted causes ({ratio:.2f}x)"
    )
    for name, ok in result["targets"].items():
        lines.append(f"{'PASS' if ok else 'FAIL'} {name}")
    lines.append(f"{'PASS' if result['passed'] else 'FAIL'} all targets")
    return lines


def write_config(
    root: Path, sample: Path, *, style: str, fast: bool, sources: Iterable[str] | None = None
) -> Path:
    """A config like ``configs/default.yaml`` whose sources, store and outputs live under ``root``."""
    config = yaml.safe_load((REPO / "configs" / "default.yaml").read_text(encoding="utf-8"))
    config["root"] = str(root)
    keep = set(sources) if sources else ({"surveys"} if style == "fresh" else None)
    config["sources"] = [s for s in config["sources"] if keep is None or s["name"] in keep]
    for source in config["sources"]:
        source["path"] = str(sample / Path(source["path"]).name)
    config["store"]["path"] = str(root / "var" / "cxnlp.duckdb")
    config["output"]["reports_dir"] = str(root / "reports")
    config["output"]["exports_dir"] = str(root / "exports")
    config["sample"]["dir"] = str(sample)
    for head in ("sentiment", "emotion"):
        config["models"][head]["path"] = str(REPO / config["models"][head]["path"])
    if fast:
        config["models"]["embedder"] = FAST_MODELS["embedder"]
        for head in ("sentiment", "emotion"):
            config["models"][head]["path"] = str(REPO / FAST_MODELS[head])
    path = root / "config.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def generate(style: str, sample: Path, *, days: int, end: date, seed: int | None) -> None:
    """Write the sample of ``style`` ending on ``end``."""
    if style == "fresh":
        from cxnlp.sampledata.fresh import generate_fresh

        generate_fresh(sample, days=days, end_date=end, **({"seed": seed} if seed else {}))
    else:
        from cxnlp.config import load_config
        from cxnlp.sampledata import generate_sample

        default_seed = load_config(REPO / "configs" / "default.yaml").sample.seed
        generate_sample(sample, seed=seed or default_seed, days=days, end_date=end)


def reuse_config(root: Path, overrides: Iterable[str]) -> Path:
    """The kept run's config with the ranking section of today's ``configs/default.yaml``.

    ``overrides`` are ``ranking.KEY=VALUE`` (YAML values), applied on top: a grouping
    setting can be tried on a kept store without a new pipeline run.
    """
    config = yaml.safe_load((root / "config.yaml").read_text(encoding="utf-8"))
    default = yaml.safe_load((REPO / "configs" / "default.yaml").read_text(encoding="utf-8"))
    config["ranking"] = default.get("ranking", {})
    for item in overrides:
        name, sep, value = item.partition("=")
        section, dot, key = name.partition(".")
        if not sep or not dot or section != "ranking":
            raise SystemExit(f"--set {item!r}: expected ranking.KEY=VALUE")
        config["ranking"][key] = yaml.safe_load(value)
    path = root / "config.reuse.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def rerank(settings: Any) -> tuple[str, datetime, str]:
    """Re-run the ranking (grouping included) and backlog steps of a kept store's last run.

    Returns:
        The run id, its ``as_of`` and its status.
    """
    from cxnlp.run.backlog import export_backlog
    from cxnlp.run.context import RunContext
    from cxnlp.run.drivers import rank_root_causes
    from cxnlp.store import Store

    with Store(settings.resolve(settings.store.path)) as store:
        run_id, as_of, versions, status = store.con.execute(
            "SELECT run_id, as_of, model_versions, status FROM runs ORDER BY run_id DESC LIMIT 1"
        ).fetchone()
        versions = json.loads(versions) if isinstance(versions, str) else versions or {}
        ctx = RunContext(
            settings=settings,
            store=store,
            run_id=run_id,
            as_of=as_of,
            models_key=versions.get("key"),
            previous_run=store.last_successful_run(before=run_id),
        )
        rank_root_causes(ctx)
        export_backlog(ctx)
    return run_id, as_of, str(status)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", choices=("fresh", "demo"), default="fresh")
    parser.add_argument("--fast", action="store_true", help="USE embedder and heads")
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--end", default=None, help="last day of the sample (default: yesterday)")
    parser.add_argument("--keep", default=None, help="work in this folder and keep it")
    parser.add_argument("--json", default=None, help="write the figures to this file")
    parser.add_argument(
        "--reuse",
        default=None,
        help="a folder kept by --keep: re-run only the ranking and backlog steps of its run "
        "(ranking section from today's configs/default.yaml) and score again",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="ranking.KEY=VALUE",
        help="with --reuse: override a ranking setting (repeatable)",
    )
    args = parser.parse_args(argv)
    if args.reuse:
        return rescore(Path(args.reuse).resolve(), args)

    from cxnlp.config import load_config
    from cxnlp.pipeline import run_pipeline
    from cxnlp.store import Store

    end = date.fromisoformat(args.end) if args.end else datetime.utcnow().date() - timedelta(days=1)
    as_of = datetime.combine(end + timedelta(days=1), datetime.min.time()) + timedelta(hours=3)
    holder = None if args.keep else tempfile.TemporaryDirectory(prefix="cxnlp-eval-")
    root = Path(args.keep or (holder.name if holder else ".")).resolve()
    try:
        root.mkdir(parents=True, exist_ok=True)
        sample = root / "sample"
        started = time.perf_counter()
        generate(args.style, sample, days=args.days, end=end, seed=args.seed)
        settings = load_config(write_config(root, sample, style=args.style, fast=args.fast))
        summary = run_pipeline(settings, as_of=as_of)
        elapsed = time.perf_counter() - started
        run_id = summary.run_id
        truth = load_truth(sample)
        window_start = as_of - timedelta(days=settings.topics.window_days)
        with Store(settings.resolve(settings.store.path), read_only=True) as store:
            members = answer_causes(store.con, run_id, window_start, as_of)
            items = read_backlog(store.con, run_id, settings.resolve(settings.output.exports_dir))
        result = evaluate(members, truth, items)
        result.update(
            style=args.style,
            fast=args.fast,
            embedder=settings.models.embedder,
            days=args.days,
            end=end.isoformat(),
            run_id=run_id,
            status=summary.status,
            seconds=round(elapsed, 1),
        )
        print(
            f"style={args.style} embedder={settings.models.embedder} days={args.days} "
            f"end={end} run={run_id} status={summary.status} in {elapsed:.0f} s"
        )
        print("\n".join(format_report(result)))
        if args.json:
            Path(args.json).write_text(
                json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n",
                encoding="utf-8",
            )
        return 0 if result["passed"] else 1
    finally:
        if holder is not None:
            holder.cleanup()


def rescore(root: Path, args: argparse.Namespace) -> int:
    """``--reuse``: rank and build the backlog again on a kept store, then judge it."""
    from cxnlp.config import load_config
    from cxnlp.store import Store

    started = time.perf_counter()
    settings = load_config(reuse_config(root, args.set))
    run_id, as_of, status = rerank(settings)
    elapsed = time.perf_counter() - started
    truth = load_truth(root / "sample")
    window_start = as_of - timedelta(days=settings.topics.window_days)
    with Store(settings.resolve(settings.store.path), read_only=True) as store:
        members = answer_causes(store.con, run_id, window_start, as_of)
        items = read_backlog(store.con, run_id, settings.resolve(settings.output.exports_dir))
    result = evaluate(members, truth, items)
    result.update(
        reuse=str(root),
        overrides=list(args.set),
        embedder=settings.models.embedder,
        run_id=run_id,
        status=status,
        seconds=round(elapsed, 1),
    )
    print(f"reuse={root} run={run_id} overrides={args.set} re-ranked in {elapsed:.0f} s")
    print("\n".join(format_report(result)))
    if args.json:
        Path(args.json).write_text(
            json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
        )
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
