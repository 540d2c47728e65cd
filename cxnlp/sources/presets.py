"""Where mapping presets live and how a preset name or path is found.

Kept apart from :mod:`cxnlp.sources.mapping` so that the source config can check a
preset name without importing the mapping module (which imports the config).
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from cxnlp.errors import ConfigError

MAPPINGS_ENV = "CXNLP_MAPPINGS_DIR"


def mapping_dirs(root: str | os.PathLike[str] | None = None) -> list[Path]:
    """Directories searched for presets, in order.

    Args:
        root: the configuration's root; its ``configs/mappings`` comes after
            ``$CXNLP_MAPPINGS_DIR`` and before the working directory's.
    """
    dirs = []
    if os.environ.get(MAPPINGS_ENV):
        dirs.append(Path(os.environ[MAPPINGS_ENV]))
    if root is not None:
        dirs.append(Path(root) / "configs" / "mappings")
    dirs.append(Path.cwd() / "configs" / "mappings")
    dirs.append(Path(__file__).resolve().parents[2] / "configs" / "mappings")
    unique: list[Path] = []
    for directory in dirs:
        if directory not in unique:
            unique.append(directory)
    return unique


def available_presets(root: str | os.PathLike[str] | None = None) -> list[str]:
    """Names of the presets found in :func:`mapping_dirs`."""
    names = {p.stem for d in mapping_dirs(root) if d.is_dir() for p in d.glob("*.yaml")}
    return sorted(names)


def find_preset(name_or_path: str, *, root: str | os.PathLike[str] | None = None) -> Path:
    """Return the YAML file a preset name (``"qualtrics"``) or path names.

    A relative path is read against ``root`` (when given), then the working directory.

    Raises:
        ConfigError: naming the presets that exist, and the closest one to a typo.
    """
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml"):
        places = [candidate] if candidate.is_absolute() else []
        if not candidate.is_absolute():
            places = [Path(root) / candidate] if root is not None else []
            places.append(candidate)
        for place in places:
            if place.is_file():
                return place
        raise ConfigError(
            f"mapping preset file {name_or_path!r} not found"
            + (f" (relative to {root})" if root is not None and not candidate.is_absolute() else "")
        )
    existing = [p for p in (d / f"{name_or_path}.yaml" for d in mapping_dirs(root)) if p.is_file()]
    if existing:
        return existing[0]
    names = available_presets(root)
    close = difflib.get_close_matches(name_or_path, names, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise ConfigError(
        f"mapping preset {name_or_path!r} not found{hint}; available: "
        f"{', '.join(names) or '(none)'} (searched "
        f"{', '.join(str(d) for d in mapping_dirs(root))}); or give a path to a YAML file"
    )
