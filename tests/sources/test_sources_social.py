"""Social file connector: messy JSONL, JSON arrays and CSV from listening tools."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from cxnlp.errors import SourceError
from cxnlp.sources import SourceConfig, make_connector


def mention(mid: str | None, **extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "mention_id": mid,
        "published_at": "2026-02-01T09:00:00Z",
        "platform": "twitter",
        "author": "@cliente_" + (mid or "x"),
        "followers": 120,
        "likes": 3,
        "shares": 1,
        "url": f"https://x.com/cliente/status/{mid}",
        "text": "Otra vez sin cobertura en el centro",
    }
    values.update(extra)
    return values


BIG = "no funciona " * 90_000  # about 1 MB

# (JSONL line, expected outcome: "ok", "blank" or the field of the first problem)
MESSY: list[tuple[str, str]] = [
    (json.dumps(mention("m01")), "ok"),
    ('{"mention_id": "m02", "published_at": "2026-02-01T09:00:00Z", "text": "sin cerrar', "(row)"),
    (json.dumps(mention(None)), "source_id"),
    (json.dumps(mention("m01", text="copia")), "source_id"),
    (json.dumps(mention("m05", published_at="2099-05-01T00:00:00Z")), "published_at"),
    (json.dumps(mention("m06", published_at="ayer por la tarde")), "published_at"),
    (json.dumps(mention("m07", followers=-5)), "followers"),
    (json.dumps(mention("m08", followers="1.2K", likes="3,4M")), "ok"),
    (json.dumps(mention("m09", likes="muchos")), "likes"),
    (json.dumps(mention("m10", published_at=1769936400000)), "ok"),  # epoch ms
    (json.dumps(mention("m11", published_at="Sun Feb 01 09:00:00 +0000 2026")), "ok"),
    (json.dumps(mention("m12", text="")), "ok"),  # empty text still counts for volume
    ("", "blank"),
    ('["not", "an", "object"]', "(row)"),
    (json.dumps(mention("m15", text="co\u0000bro")), "ok"),  # NUL escaped in JSON
    (json.dumps(mention("m16", text="<a href='#'>pésimo</a> &amp; caro")), "ok"),  # HTML
    (json.dumps(mention("m17", extra_field={"nested": True}, lang="es")), "ok"),  # extra keys
    (json.dumps(mention("m18", platform=None, url="https://www.instagram.com/p/abc")), "ok"),
    (json.dumps(mention("m19", text=BIG)), "ok"),
    (json.dumps(mention("m20", text="línea uno\nlínea dos\u2028tres")), "ok"),  # raw newlines
    (json.dumps(mention("m21", shares=2.5)), "shares"),
    (json.dumps(mention("m22", text="=1+1 y @usuario #fallo")), "ok"),
]
FIELD = {"published_at": "created_at"}  # export column -> canonical field


@pytest.fixture
def social_config(make_config: Callable[..., SourceConfig]) -> Callable[..., SourceConfig]:
    def build(path: Path, **fields: Any) -> SourceConfig:
        fields.setdefault("mapping_preset", "cxnlp_sample")
        return make_config("social", name="menciones", path=str(path), **fields)

    return build


def test_messy_jsonl_every_good_row_loads_every_bad_row_is_quarantined(
    tmp_path: Path, social_config: Callable[..., SourceConfig]
) -> None:
    path = tmp_path / "social.jsonl"
    # json.dumps escapes U+2028; write one raw to check lines split on \n only.
    lines = [line.replace("\\u2028", "\u2028") for line, _ in MESSY]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    batch = make_connector(social_config(path)).load(None)

    expected_ok = {f"m{n:02d}" for n, (_, o) in enumerate(MESSY, start=1) if o == "ok"}
    assert set(batch.records["source_id"]) == expected_ok
    expected_bad = {
        n: FIELD.get(o, o) for n, (_, o) in enumerate(MESSY, start=1) if o not in ("ok", "blank")
    }
    got = dict(zip(batch.rejects["row_number"].astype(int), batch.rejects["field"], strict=True))
    assert got == expected_bad
    assert batch.stats["blank_rows"] == 1 and batch.stats["truncated_texts"] == 1

    by_id = batch.records.set_index("source_id")
    assert by_id.loc["m08", "followers"] == 1200 and by_id.loc["m08", "likes"] == 3_400_000
    assert by_id.loc["m10", "created_at"] == pd.Timestamp("2026-02-01 09:00")
    assert by_id.loc["m11", "created_at"] == pd.Timestamp("2026-02-01 09:00")
    assert by_id.loc["m12", "text_raw"] is None
    assert by_id.loc["m15", "text_raw"] == "cobro"
    assert (
        by_id.loc["m18", "platform"] == "instagram" and by_id.loc["m18", "channel"] == "instagram"
    )
    assert by_id.loc["m01", "channel"] == "twitter"
    assert by_id.loc["m20", "text_raw"] == "línea uno\nlínea dos\u2028tres"
    reasons = dict(
        zip(batch.rejects["row_number"].astype(int), batch.rejects["reason"], strict=True)
    )
    assert reasons[2].startswith("invalid JSON")
    assert reasons[7] == "followers=-5 negative count"
    assert "not an object" in reasons[14]


def test_json_array_and_wrapped_object(
    tmp_path: Path, social_config: Callable[..., SourceConfig]
) -> None:
    items = [mention("a1"), mention("a2", followers="abc"), None, mention("a4")]
    (tmp_path / "array.json").write_text(json.dumps(items), encoding="utf-8")
    batch = make_connector(social_config(tmp_path / "array.json")).load(None)
    assert list(batch.records["source_id"]) == ["a1", "a4"]
    assert list(batch.rejects["row_number"]) == [2]

    (tmp_path / "wrapped.json").write_text(
        json.dumps({"total": 2, "data": items}), encoding="utf-8"
    )
    wrapped = make_connector(social_config(tmp_path / "wrapped.json")).load(None)
    assert list(wrapped.records["source_id"]) == ["a1", "a4"]

    (tmp_path / "broken.json").write_text('[{"mention_id": "x",', encoding="utf-8")
    with pytest.raises(SourceError, match="invalid JSON at line 1"):
        make_connector(social_config(tmp_path / "broken.json")).load(None)


def test_listening_tool_csv_with_preamble_and_own_column_names(
    tmp_path: Path, social_config: Callable[..., SourceConfig]
) -> None:
    preset = tmp_path / "escucha.yaml"
    preset.write_text(
        "name: escucha\n"
        "skip_rows_before_header: 3\n"
        "columns:\n"
        "  source_id: Mention Id\n"
        "  created_at: Date\n"
        "  platform: Page Type\n"
        "  author: Author\n"
        "  followers: [Twitter Followers, Reach]\n"
        "  url: Url\n"
        "  text_raw: [Title, Snippet]\n"
        "date_format: '%Y-%m-%d %H:%M:%S.%f'\n"
        "timezone: UTC\n",
        encoding="utf-8",
    )
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("Report: Menciones banco\nBrand: demo\n\n")
        writer = csv.writer(handle)
        writer.writerow(
            ["Date", "Mention Id", "Page Type", "Author", "Reach", "Url", "Title", "Snippet"]
        )
        writer.writerow(
            [
                "2026-02-03 10:00:00.0",
                "9001",
                "twitter",
                "@a",
                "1.500",
                "https://x.com/a/1",
                "",
                "Mal servicio",
            ]
        )
        writer.writerow(
            [
                "2026-02-03 11:00:00.0",
                "9002",
                "news",
                "Diario",
                "",
                "https://diario.example/n",
                "Titular",
                "Cuerpo de la noticia",
            ]
        )
        writer.writerow(
            ["03/02/2026", "9003", "twitter", "@b", "7", "https://x.com/b/2", "", "fecha rara"]
        )
    batch = make_connector(social_config(path, mapping_preset=str(preset))).load(None)
    assert list(batch.records["source_id"]) == ["9001", "9002"]
    assert batch.records.loc[0, "followers"] == 1500
    assert batch.records.loc[1, "text_raw"] == "Titular. Cuerpo de la noticia"
    assert batch.records.loc[0, "created_at"] == pd.Timestamp("2026-02-03 10:00")
    assert list(batch.rejects["source_id"]) == ["9003"]
