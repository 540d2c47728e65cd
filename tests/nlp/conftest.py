"""Shared fixtures of the nlp tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]


def eval_dir() -> Path | None:
    """Return the shared evaluation folder when this checkout has one."""
    for candidate in (REPO.parent / "shared" / "eval", Path("/work/shared/eval")):
        if (candidate / "sentiment_airline_dev.csv").is_file():
            return candidate
    return None


class FakeEmbedder:
    """A deterministic embedder: hashed character trigrams, L2-normalised."""

    name = "tests.fake.v1"
    version = "fake/1"
    dim = 64

    def embed(self, texts):  # noqa: ANN001, ANN201 - test double
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            padded = f"  {text.lower()}  "
            for j in range(len(padded) - 2):
                out[i, hash(padded[j : j + 3]) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms


@pytest.fixture(scope="session")
def fake_embedder_name() -> str:
    """Register the fake embedder once and return its name."""
    from cxnlp.registry import register

    fake = FakeEmbedder()
    register("embedders", FakeEmbedder.name)(_make_fake)
    _FAKE["instance"] = fake
    return FakeEmbedder.name


_FAKE: dict[str, FakeEmbedder] = {}


def _make_fake(**options):  # noqa: ANN003, ANN202
    return _FAKE.setdefault("instance", FakeEmbedder())


TOY_SENTIMENT = [
    ("me encanta, gracias por todo", "POS"),
    ("excelente servicio, muy contenta", "POS"),
    ("genial la atención, gracias", "POS"),
    ("todo perfecto, lo recomiendo", "POS"),
    ("muy buen trato, gracias", "POS"),
    ("estupendo, volveré", "POS"),
    ("¿a qué hora abren?", "NEU"),
    ("¿cómo cambio mi tarifa?", "NEU"),
    ("¿dónde está la oficina?", "NEU"),
    ("¿cuánto cuesta el envío?", "NEU"),
    ("¿qué horario tienen?", "NEU"),
    ("¿me mandan la factura?", "NEU"),
    ("pésimo servicio, una vergüenza", "NEG"),
    ("sois unos ladrones, fatal", "NEG"),
    ("horrible, nadie me atiende", "NEG"),
    ("un desastre, muy mal", "NEG"),
    ("fatal todo, vergüenza", "NEG"),
    ("malísimo, no lo recomiendo", "NEG"),
]
