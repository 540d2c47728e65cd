"""Tests of cxnlp.text.encoding.decode_bytes."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest

from cxnlp.errors import SourceError
from cxnlp.text.encoding import decode_bytes

SAMPLE = (
    "id;comentario\n1;¿Por qué me cobraron dos veces? Pésimo, señor\n2;La canción de espera, €5\n"
)


@pytest.mark.parametrize(
    ("data", "expected_encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16"),
        (SAMPLE.encode("utf-32"), "utf-32"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (SAMPLE.encode("cp1252"), "cp1252"),
    ],
)
def test_decodes_common_export_encodings(data: bytes, expected_encoding: str) -> None:
    text, encoding = decode_bytes(data)
    assert text == SAMPLE
    assert encoding == expected_encoding
    assert not text.startswith("\ufeff")


def test_cp1252_word_from_excel() -> None:
    assert decode_bytes("canción".encode("cp1252")) == ("canción", "cp1252")
    assert decode_bytes("“Atención” – 3 € …".encode("cp1252"))[0] == "“Atención” – 3 € …"


def test_latin1_text_without_cp1252_only_characters() -> None:
    text = "Año nuevo, misma atención pésima"
    assert decode_bytes(text.encode("latin-1"))[0] == text


@pytest.mark.parametrize("text", ["canción", "niño", "¿Qué pasó con mi pedido?", "Ñandú cañón"])
def test_cp850_from_old_ms_dos_csv(text: str) -> None:
    assert decode_bytes(text.encode("cp850")) == (text, "cp850")


def test_character_cut_at_the_end_of_a_sample() -> None:
    data = "señal".encode()[:-1] + "ñ".encode()[:1]
    assert decode_bytes(data) == ("seña", "utf-8")


def test_empty_bytes() -> None:
    assert decode_bytes(b"") == ("", "utf-8")


def test_binary_file_raises_naming_the_source() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<row>" * 500)
    with pytest.raises(SourceError, match="encuestas.csv"):
        decode_bytes(buffer.getvalue(), source="encuestas.csv")


def test_nul_filled_utf8_is_binary() -> None:
    with pytest.raises(SourceError, match="could not decode"):
        decode_bytes(b"\x00\x01\x02\x03" * 100 + b"abc")
