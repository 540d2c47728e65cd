"""Helpers for the end-to-end tests: a small sample and a config that points at it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def write_small_setup(
    root: Path,
    *,
    days: int = 40,
    end_date: date = date(2026, 11, 21),
    surveys_per_day: int = 40,
    social_per_day: int = 20,
    tickets_per_day: int = 12,
    story_end: date | None = None,
) -> Path:
    """Generate a small sample under ``root/sample`` and a config using it; return the config."""
    from cxnlp.sampledata import generate_sample

    sample = root / "sample"
    generate_sample(
        sample,
        days=days,
        end_date=end_date,
        surveys_per_day=surveys_per_day,
        social_per_day=social_per_day,
        tickets_per_day=tickets_per_day,
        story_end=story_end,
    )
    config = yaml.safe_load((REPO / "configs" / "default.yaml").read_text(encoding="utf-8"))
    config["root"] = str(root)
    for source in config["sources"]:
        source["path"] = str(sample / Path(source["path"]).name)
    config["store"]["path"] = str(root / "var" / "cxnlp.duckdb")
    config["output"] = {"reports_dir": str(root / "reports"), "exports_dir": str(root / "exports")}
    config["models"]["sentiment"]["path"] = str(REPO / config["models"]["sentiment"]["path"])
    config["models"]["emotion"]["path"] = str(REPO / config["models"]["emotion"]["path"])
    config["sample"]["dir"] = str(sample)
    config["topics"]["min_topic_size"] = 15
    config["ranking"]["bootstrap"] = 200
    path = root / "config.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


FAST_MODELS = {
    "embedder": "cxnlp.embedder.use.v1",
    "sentiment": "models/sentiment-head-use-v1",
    "emotion": "models/emotion-head-use-v1",
}


def use_fast_models(config_path: Path, **overrides: object) -> Path:
    """Point a config written by :func:`write_small_setup` at the fast (USE) models.

    ``overrides`` set top-level sections key by key, e.g.
    ``topics={"min_topic_size": 5}``.
    """
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["models"]["embedder"] = FAST_MODELS["embedder"]
    config["models"]["sentiment"]["path"] = str(REPO / FAST_MODELS["sentiment"])
    config["models"]["emotion"]["path"] = str(REPO / FAST_MODELS["emotion"])
    config["ranking"]["bootstrap"] = 50
    for section, values in overrides.items():
        if isinstance(values, dict):
            config.setdefault(section, {}).update(values)
        else:
            config[section] = values
    config_path.write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return config_path
