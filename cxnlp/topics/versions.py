"""Library versions a topic model is fitted with, and the warning when they differ."""

from __future__ import annotations

import platform
import warnings
from importlib import metadata

_LIBRARIES = (
    "cxnlp",
    "bertopic",
    "numpy",
    "scipy",
    "scikit-learn",
    "pandas",
    "umap-learn",
    "hdbscan",
    "safetensors",
)


class TopicModelVersionWarning(UserWarning):
    """A saved topic model is loaded under other library versions than it was fitted with."""


def library_versions() -> dict[str, str]:
    """Installed versions of the libraries that shape a topic model."""
    out = {"python": platform.python_version()}
    for name in _LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def warn_if_versions_differ(saved: dict[str, str], where: str) -> list[str]:
    """Warn (``TopicModelVersionWarning``) listing each library whose version changed.

    Returns:
        One ``"name saved -> now"`` entry per difference.
    """
    now = library_versions()
    diffs = [
        f"{name} {saved[name]} -> {now.get(name, 'not installed')}"
        for name in sorted(saved)
        if saved[name] != now.get(name, "not installed")
    ]
    if diffs:
        warnings.warn(
            f"topic model at {where} was saved with other library versions ({'; '.join(diffs)}); "
            "results may differ slightly, refit to be sure",
            TopicModelVersionWarning,
            stacklevel=3,
        )
    return diffs
