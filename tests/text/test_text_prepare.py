"""Tests of cxnlp.text.prepare_texts and the package's public surface."""

from __future__ import annotations

import cxnlp.text as text_pkg
from cxnlp.schema import FEEDBACK_COLUMNS, text_hash
from cxnlp.text import TEXT_COLUMNS, normalize_text, prepare_texts


def test_columns_match_the_feedback_schema() -> None:
    assert set(TEXT_COLUMNS) <= set(FEEDBACK_COLUMNS)


def test_prepare_redacts_before_normalising() -> None:
    raw = [
        "Hola, soy María López y mi móvil es 612 345 678. PÉSIMOOO servicio!!!! #SinLuz",
        None,
        "   ",
        "The delivery never arrived and support did not answer",
    ]
    frame = prepare_texts(raw, keep_raw=False)
    assert list(frame.columns) == list(TEXT_COLUMNS)
    assert len(frame) == 4
    first = frame.iloc[0]
    assert first["text_raw"] is None
    assert "María" not in first["text"] and "612" not in first["text"]
    assert first["text"] == (
        "Hola, soy [NOMBRE] y mi móvil es [TELEFONO]. PÉSIMOOO servicio!!!! #SinLuz"
    )
    assert (
        first["text_norm"]
        == "Hola, soy [NOMBRE] y mi móvil es [TELEFONO]. PÉSIMO servicio!! sin luz"
    )
    assert first["text_hash"] == text_hash(first["text_norm"])
    assert first["lang"] == "es" and bool(first["is_spanish"]) is True
    for i in (1, 2):
        row = frame.iloc[i]
        assert (row["text"], row["text_norm"], row["text_hash"]) == ("", "", "")
        assert row["lang"] is None
        assert bool(row["is_spanish"]) is False
    assert frame.iloc[3]["lang"] == "en"
    assert frame["is_spanish"].dtype == bool


def test_keep_raw_keeps_the_original() -> None:
    raw = ["Escribidme a ana@correo.es", None]
    frame = prepare_texts(raw, keep_raw=True)
    assert frame["text_raw"].tolist() == ["Escribidme a ana@correo.es", None]
    assert frame["text"].tolist() == ["Escribidme a [EMAIL]", ""]


def test_pii_hidden_by_invisible_characters_or_entities_is_caught() -> None:
    raw = ["mi correo: ana&#64;correo.es y el 612\u200b345\u200b678"]
    frame = prepare_texts(raw, keep_raw=False)
    assert frame.iloc[0]["text"] == "mi correo: [EMAIL] y el [TELEFONO]"


def test_pii_revealed_by_normalisation_is_redacted_again() -> None:
    frame = prepare_texts(["llamadme #Tel612345678 ya"], keep_raw=False)
    assert "612345678" not in frame.iloc[0]["text_norm"]
    assert "[TELEFONO]" in frame.iloc[0]["text_norm"]


def test_text_norm_is_stable_under_normalisation() -> None:
    frame = prepare_texts(["RT @x: holaaaa jajaja https://t.co/x #MalServicio"], keep_raw=False)
    norm = frame.iloc[0]["text_norm"]
    assert normalize_text(norm) == norm


def test_public_names_are_exported() -> None:
    for name in text_pkg.__all__:
        assert hasattr(text_pkg, name), name
