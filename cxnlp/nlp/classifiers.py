"""Classifier backends by registered name, and :func:`load_classifier`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cxnlp.errors import ConfigError
from cxnlp.nlp.config import ClassifierConfig
from cxnlp.nlp.head_classifier import HeadClassifier
from cxnlp.nlp.protocols import Classifier
from cxnlp.registry import get, register

HEAD = "cxnlp.classifier.head.v1"
TRANSFORMERS = "cxnlp.classifier.transformers.v1"

REPO_ROOT = Path(__file__).resolve().parents[2]


def resolve_model_path(path: str | Path) -> Path:
    """Return ``path`` as given if it exists, else relative to the repository root.

    The shipped heads live in ``models/`` of the repository; a relative path in
    config is first read from the working directory, then from there.
    """
    candidate = Path(path)
    if candidate.exists() or candidate.is_absolute():
        return candidate
    fallback = REPO_ROOT / candidate
    return fallback if fallback.exists() else candidate


@register("classifiers", HEAD)
def make_head(path: str, **options: Any) -> Classifier:
    """Load a trained head from directory ``path``; ``options`` go to its embedders."""
    return HeadClassifier.load(resolve_model_path(path), **options)


@register("classifiers", TRANSFORMERS)
def make_transformers(**options: Any) -> Classifier:
    """Load a sequence-classification model (option ``model`` = hub id or local path)."""
    from cxnlp.nlp.transformers_backend import make_transformers_classifier

    return make_transformers_classifier(**options)


def load_classifier(classifier_config: ClassifierConfig) -> Classifier:
    """Build the classifier a :class:`ClassifierConfig` names.

    For ``head`` the config's ``path`` is used; for ``transformers`` the
    ``options`` must include ``model``.

    Raises:
        RegistryError: unknown name (the message lists the known ones).
        ModelError: the model cannot be loaded.
    """
    factory = get("classifiers", classifier_config.name)
    options = dict(classifier_config.options)
    try:
        if classifier_config.name == HEAD:
            return factory(path=options.pop("path", classifier_config.path), **options)
        return factory(**options)
    except TypeError as exc:
        raise ConfigError(
            f"classifier {classifier_config.name!r} got options it does not accept "
            f"{classifier_config.options}: {exc}"
        ) from exc
