"""The training corpus lives in training/, regenerates byte for byte, and is the one the heads name."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pandas as pd
import pytest

from cxnlp.nlp.training import hash_corpus
from cxnlp.sampledata import noise
from training.corpus import generate_corpus

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "training" / "corpus"
TASKS = ("sentiment", "emotion")


def test_models_holds_only_model_folders() -> None:
    entries = sorted(p.name for p in (REPO / "models").iterdir())
    assert entries, "models/ is empty"
    for name in entries:
        folder = REPO / "models" / name
        assert folder.is_dir(), f"models/{name} is not a model folder"
        assert {"head.json", "MODEL_CARD.md"} <= {p.name for p in folder.iterdir()}, name


def test_the_generator_reproduces_the_committed_corpus(tmp_path: Path) -> None:
    rows = generate_corpus.generate(random.Random(generate_corpus.SEED))
    for task in TASKS:
        generate_corpus.write(rows, task, tmp_path / f"{task}_es.csv")
        committed = (CORPUS / f"{task}_es.csv").read_bytes()
        assert (tmp_path / f"{task}_es.csv").read_bytes() == committed, task


@pytest.mark.parametrize("head", ["head-v1", "head-use-v1"])
def test_the_shipped_heads_name_this_corpus(head: str) -> None:
    for task in TASKS:
        frame = pd.read_csv(CORPUS / f"{task}_es.csv", dtype=str, keep_default_na=False)
        meta = json.loads((REPO / "models" / f"{task}-{head}" / "head.json").read_text())
        assert meta["training_corpus_sha1"] == hash_corpus(frame["text"], frame["label"])


def test_the_corpus_draws_its_noise_from_the_shared_module() -> None:
    """One home for the Spanish noise: the generator keeps no copy of its own."""
    for name in ("strip_marks", "abbreviate", "swap_letters", "stretch_vowel"):
        assert getattr(generate_corpus, name) is getattr(noise, name)
    source = Path(generate_corpus.__file__).read_text(encoding="utf-8")
    assert "def strip" not in source and "unicodedata" not in source


def test_the_corpus_noise_changes_text_as_documented() -> None:
    rng = random.Random(3)
    assert noise.strip_marks("Vergüenza, año, ÉXITO", keep_n=True) == "Verguenza, año, EXITO"
    assert noise.strip_marks("año", keep_n=False) == "ano"
    swapped = noise.swap_letters(rng, "pésimo servicio")
    assert sorted(swapped) == sorted("pésimo servicio") and swapped != "pésimo servicio"
    stretched = noise.stretch_vowel(rng, "muy mal todo")
    assert stretched.startswith(("muy", "mal", "todo")) and len(stretched) > len("muy mal todo")
    assert noise.abbreviate(random.Random(0), "por favor que venga", n=10) != "por favor que venga"
