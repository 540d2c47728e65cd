"""Typed configuration: ``configs/*.yaml`` loaded into pydantic models.

Any key can be overridden from the environment with ``CXNLP__`` followed by
the key path in upper case, parts joined by double underscores; list items are
addressed by index::

    CXNLP__STORE__PATH=/data/cx.duckdb
    CXNLP__MODELS__EMBEDDER=cxnlp.embedder.use.v1
    CXNLP__SOURCES__0__PATH=/exports/encuesta.csv

Values are parsed as YAML scalars, so ``true``, ``42`` and ``[a, b]`` keep their
types. A bad value fails at load time with the key, the value and the reason.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from cxnlp.alerts.config import AlertsConfig
from cxnlp.errors import ConfigError
from cxnlp.nlp.config import ModelsConfig
from cxnlp.ranking_config import RankingConfig
from cxnlp.sources.config import SourceConfig
from cxnlp.sources.db_url import hide_passwords
from cxnlp.topics.config import TopicsConfig

ENV_PREFIX = "CXNLP__"


class StoreConfig(BaseModel):
    """Where the store lives: a DuckDB file (default), or a PostgreSQL database.

    PostgreSQL is chosen by naming where its URL is kept, never the URL itself:
    ``url_env`` (an environment variable) or ``url_secret`` (a Prefect Secret
    block, read by the flows). ``path`` then only places the run host's local files
    (the status snapshot, the saved topic models) beside it.
    """

    model_config = ConfigDict(extra="forbid")

    path: str = "var/cxnlp.duckdb"
    url_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    url_secret: str | None = Field(default=None, min_length=1)
    lock_timeout_s: float = Field(default=600.0, ge=0)  # a second run waits this long, then exits
    # DuckDB's memory cap for this process ("256MB", "2GB"; None: DuckDB's own default of 80%
    # of RAM). Over the cap DuckDB drops cached blocks and spills large operations to disk,
    # so the store's share of a run's peak stays flat as the history grows
    memory_limit: str | None = Field(
        default="256MB", pattern=r"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$"
    )


class PrivacyConfig(BaseModel):
    """What personal data may be kept."""

    model_config = ConfigDict(extra="forbid")

    keep_raw_text: bool = False  # the unredacted text is stored only when this is true
    # contact fields (e-mail, phone) in the call-back list: redacted unless this is true
    export_contacts: bool = False


class OutputConfig(BaseModel):
    """Where reports and exports are written."""

    model_config = ConfigDict(extra="forbid")

    reports_dir: str = "var/reports"
    exports_dir: str = "var/exports"
    callback_days: int = Field(default=14, ge=1)


class ScheduleConfig(BaseModel):
    """The nightly deployment."""

    model_config = ConfigDict(extra="forbid")

    cron: str = "30 2 * * *"
    timezone: str = "Europe/Madrid"
    deployment_name: str = "cxnlp-nightly"
    # intraday micro-batches (new rows, classified, placed, hot alerts); None: off
    intraday_cron: str | None = None
    intraday_deployment_name: str = "cxnlp-intraday"

    @field_validator("cron", "intraday_cron")
    @classmethod
    def _check_cron(cls, value: str | None) -> str | None:
        if value is None:
            return value
        parts = value.split()
        if len(parts) != 5:
            raise ValueError(f"cron {value!r} must have 5 fields (minute hour day month weekday)")
        return value


class ScaleConfig(BaseModel):
    """Chunking and scale-out of the enrichment step."""

    model_config = ConfigDict(extra="forbid")

    chunk_size: int = Field(default=2000, ge=10)
    dask_address: str | None = None  # e.g. tcp://10.0.0.5:8786; None runs in-process
    dask_local_workers: int = Field(default=0, ge=0)  # >0 starts a local cluster of processes


class SampleConfig(BaseModel):
    """The bundled demo data."""

    model_config = ConfigDict(extra="forbid")

    dir: str = "var/sample"
    seed: int = 20261122
    days: int = Field(default=120, ge=14)


class Settings(BaseModel):
    """The whole configuration of a cxnlp installation."""

    model_config = ConfigDict(extra="forbid")

    project: str = "cxnlp"
    root: str = "."  # relative paths resolve against this (itself relative to the config file)
    sources: list[SourceConfig] = Field(default_factory=list)
    store: StoreConfig = Field(default_factory=StoreConfig)
    privacy: PrivacyConfig = Field(default_factory=PrivacyConfig)
    models: ModelsConfig = Field(default_factory=ModelsConfig)
    topics: TopicsConfig = Field(default_factory=TopicsConfig)
    ranking: RankingConfig = Field(default_factory=RankingConfig)
    output: OutputConfig = Field(default_factory=OutputConfig)
    schedule: ScheduleConfig = Field(default_factory=ScheduleConfig)
    scale: ScaleConfig = Field(default_factory=ScaleConfig)
    sample: SampleConfig = Field(default_factory=SampleConfig)
    alerts: AlertsConfig = Field(default_factory=AlertsConfig)

    @field_validator("sources")
    @classmethod
    def _unique_names(cls, value: list[SourceConfig]) -> list[SourceConfig]:
        seen: set[str] = set()
        for source in value:
            if source.name in seen:
                raise ValueError(f"source name {source.name!r} is used twice")
            seen.add(source.name)
        return value

    def resolve(self, path: str | os.PathLike[str]) -> Path:
        """Return ``path`` made absolute against the configured root."""
        p = Path(path).expanduser()
        return p if p.is_absolute() else (Path(self.root) / p).resolve()

    def config_hash(self) -> str:
        """A short hash of everything that changes results (paths excluded)."""
        payload = self.model_dump(mode="json", exclude={"root", "store", "output", "schedule"})
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:12]


def _parse_env_value(raw: str) -> Any:
    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError:
        return raw


def _set_path(tree: Any, parts: list[str], value: Any, env_key: str) -> None:
    node = tree
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                raise ConfigError(
                    f"{env_key}: list index {part!r} does not exist (list has {len(node)} items)"
                )
            if last:
                node[int(part)] = value
            else:
                node = node[int(part)]
            continue
        if not isinstance(node, dict):
            raise ConfigError(f"{env_key}: cannot set a key inside a scalar value")
        # keys are matched case-insensitively because environment names are upper case
        key = next((k for k in node if str(k).lower() == part.lower()), part.lower())
        if last:
            node[key] = value
        else:
            node = node.setdefault(key, {})


def _env_paths(environ: Mapping[str, str]) -> dict[tuple[str, ...], str]:
    """Key path (lower case) -> the ``CXNLP__`` variable that sets it."""
    paths: dict[tuple[str, ...], str] = {}
    for env_key in sorted(environ):
        if env_key.startswith(ENV_PREFIX):
            parts = tuple(p.lower() for p in env_key[len(ENV_PREFIX) :].split("__") if p)
            if parts:
                paths[parts] = env_key
    return paths


def apply_env_overrides(data: dict[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    """Apply ``CXNLP__A__B=value`` variables to a raw config tree (in place).

    Raises:
        ConfigError: if a variable addresses a list item that does not exist.
    """
    for env_key in sorted(environ):
        if not env_key.startswith(ENV_PREFIX):
            continue
        parts = [p for p in env_key[len(ENV_PREFIX) :].split("__") if p]
        if parts:
            _set_path(data, parts, _parse_env_value(environ[env_key]), env_key)
    return data


def _from_env(loc: tuple[Any, ...], env_paths: dict[tuple[str, ...], str]) -> str | None:
    """The variable that set the value at ``loc`` (or the key above or below it)."""
    where = tuple(str(p).lower() for p in loc)
    matches = [
        (len(path), key)
        for path, key in env_paths.items()
        if where and (where[: len(path)] == path or path[: len(where)] == where)
    ]
    return max(matches)[1] if matches else None


def _format_validation_error(
    exc: ValidationError,
    origin: str,
    data: dict[str, Any],
    env_paths: dict[tuple[str, ...], str] | None = None,
) -> str:
    lines: list[str] = []
    from_env = 0
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        value = err.get("input")
        # a database URL put where its variable's name belongs must not be echoed whole
        shown = hide_passwords(json.dumps(value, ensure_ascii=False, default=str))
        if len(shown) > 120:
            shown = shown[:117] + "..."
        variable = _from_env(tuple(err["loc"]), env_paths or {})
        source = f" (set by environment variable {variable})" if variable else ""
        from_env += variable is not None
        lines.append(f"  {loc} = {shown}{source}: {hide_passwords(err['msg'])}")
    if from_env == len(lines):
        head = f"invalid configuration from the environment (over {origin}):"
    elif from_env:
        head = f"invalid configuration in {origin} and the environment:"
    else:
        head = f"invalid configuration in {origin}:"
    return "\n".join([head, *lines])


def load_config(
    path: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Load a YAML config file, apply environment overrides, and validate it.

    Args:
        path: YAML file; ``None`` uses ``configs/default.yaml`` under the current
            directory, or the built-in defaults when that file is absent.
        environ: environment to read ``CXNLP__`` overrides from (default ``os.environ``).
        overrides: nested keys applied last (used by the CLI and tests).

    Raises:
        ConfigError: naming the file, the key and the bad value.
    """
    environ = os.environ if environ is None else environ
    if path is None and "CXNLP_CONFIG" in environ:
        path = environ["CXNLP_CONFIG"]
    cfg_path = Path(path) if path is not None else Path("configs/default.yaml")
    data: dict[str, Any] = {}
    origin = str(cfg_path)
    if cfg_path.exists():
        try:
            loaded = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ConfigError(f"{cfg_path}: not valid YAML: {exc}") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise ConfigError(
                f"{cfg_path}: the top level must be a mapping, got {type(loaded).__name__}"
            )
        data = loaded or {}
    elif path is not None:
        raise ConfigError(f"config file {cfg_path} does not exist")
    else:
        origin = "built-in defaults"
    apply_env_overrides(data, environ)
    if overrides:
        _deep_merge(data, dict(overrides))
    base = cfg_path.resolve().parent
    if base.name == "configs":
        base = base.parent
    root = Path(str(data.get("root", ".")))
    data["root"] = str(root if root.is_absolute() else (base / root).resolve())
    try:
        # The root lets a source's mapping preset be looked up next to the config.
        return Settings.model_validate(data, context={"root": data["root"]})
    except ValidationError as exc:
        env_paths = {
            path: key
            for path, key in _env_paths(environ).items()
            if not any(path[: len(p)] == p for p in _paths(overrides or {}))
        }
        message = _format_validation_error(exc, origin, data, env_paths)
        raise ConfigError(message) from None


def _paths(tree: Mapping[str, Any], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The lower-case key paths of a nested mapping's leaves."""
    out: list[tuple[str, ...]] = []
    for key, value in tree.items():
        path = (*prefix, str(key).lower())
        out.extend(_paths(value, path) if isinstance(value, Mapping) and value else [path])
    return out


def _deep_merge(target: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _deep_merge(target[key], value)
        else:
            target[key] = value
