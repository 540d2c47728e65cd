"""Tests of cxnlp.text.dedup."""

from __future__ import annotations

import random
import time

import pytest

from cxnlp.errors import ConfigError
from cxnlp.text.dedup import canonical_text, find_duplicates

COMPLAINT = (
    "Llevo tres semanas esperando que me devuelvan el dinero de un pedido que nunca "
    "llegó. He llamado cinco veces al servicio de atención al cliente y cada vez me dicen "
    "una cosa distinta: primero que estaba en reparto, luego que se había perdido en el "
    "almacén y ahora que no consta ningún envío a mi nombre. Es una vergüenza y exijo una "
    "solución inmediata o pondré una reclamación formal ante consumo"
)


def ids(n: int) -> list[str]:
    return [f"f{i}" for i in range(n)]


def test_canonical_text() -> None:
    assert canonical_text("RT @alguien: ¡Qué VERGÜENZA de servicio!! [URL]") == (
        "que verguenza de servicio"
    )
    assert canonical_text("  Qué vergüenza, de servicio ") == "que verguenza de servicio"
    assert canonical_text(None) == ""


def test_retweets_and_exact_copies() -> None:
    texts = [
        "Sin luz en todo el barrio desde anoche, nadie da explicaciones",
        "RT @vecina: Sin luz en todo el barrio desde anoche, nadie da explicaciones",
        "RT @otro: sin luz en todo el barrio desde anoche... ¡nadie da explicaciones!",
        "Otra cosa completamente distinta sobre la factura del gas",
    ]
    assert find_duplicates(texts, ids(4)) == [None, "f0", "f0", None]


def test_copy_paste_complaint_with_a_changed_word() -> None:
    texts = [
        COMPLAINT,
        "La aplicación se cierra sola cada vez que intento pagar con la tarjeta",
        COMPLAINT.replace("cinco veces", "seis veces"),
        COMPLAINT.replace("consumo", "la oficina del consumidor"),
    ]
    assert find_duplicates(texts, ids(4)) == [None, None, "f0", "f0"]


def test_unrelated_texts_sharing_phrases_are_not_merged() -> None:
    texts = [
        "el servicio de atención al cliente no contesta nunca por teléfono",
        "el servicio de atención al cliente fue rápido y muy amable conmigo",
        "la factura de este mes llegó con un cobro que no reconozco",
        "la factura de este mes llegó antes que nunca, todo correcto",
    ]
    assert find_duplicates(texts, ids(4)) == [None, None, None, None]


def test_short_texts_are_only_exact_duplicates() -> None:
    texts = ["muy mal servicio", "Muy mal servicio!!", "muy buen servicio", "mal servicio"]
    assert find_duplicates(texts, ids(4)) == [None, "f0", None, None]


def test_empty_texts_are_never_duplicates() -> None:
    assert find_duplicates(["", None, "", "[URL]"], ids(4)) == [None, None, None, None]


def test_duplicates_point_to_the_first_row_of_the_group() -> None:
    texts = [COMPLAINT, COMPLAINT.replace("cinco", "seis"), COMPLAINT.replace("cinco", "seis")]
    assert find_duplicates(texts, ids(3)) == [None, "f0", "f0"]


def test_threshold_changes_what_counts() -> None:
    a = "la app del banco no me deja entrar desde la actualización de ayer por la tarde"
    b = "la app del banco no me deja entrar desde la actualización de ayer por la noche"
    assert find_duplicates([a, b], ids(2), threshold=0.85) == [None, "f0"]
    assert find_duplicates([a, b], ids(2), threshold=0.95) == [None, None]


def test_validation() -> None:
    with pytest.raises(ConfigError, match="2 texts but 1 ids"):
        find_duplicates(["a", "b"], ["x"])
    with pytest.raises(ConfigError, match="1.5"):
        find_duplicates(["a"], ["x"], threshold=1.5)


def test_100k_texts_in_well_under_a_minute() -> None:
    rng = random.Random(7)
    vocab = [f"palabra{i}" for i in range(3000)]
    texts = [" ".join(rng.choices(vocab, k=rng.randint(3, 40))) for _ in range(100_000)]
    for k in range(0, 100_000, 100):
        texts[k + 1] = texts[k]  # exact copy
        if texts[k].count(" ") >= 39:
            texts[k + 2] = texts[k] + " extra"  # one word added to a 40-word text
    start = time.perf_counter()
    out = find_duplicates(texts, ids(len(texts)))
    elapsed = time.perf_counter() - start
    assert elapsed < 45.0, f"dedup of 100k texts took {elapsed:.1f} s"
    for k in range(0, 100_000, 100):
        assert out[k + 1] == f"f{k}"
        if texts[k].count(" ") >= 39:
            assert out[k + 2] == f"f{k}"
    assert sum(x is not None for x in out) < 2_000
