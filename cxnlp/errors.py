"""The one error hierarchy of cxnlp.

Every error names the bad value, where it came from and what would have been
accepted, so that a user can fix the input without reading the code.
"""

from __future__ import annotations


class CxnlpError(Exception):
    """Base class of every error cxnlp raises on purpose."""


class ConfigError(CxnlpError):
    """A configuration key has a value that cannot be used."""


class RegistryError(CxnlpError):
    """A component name is not registered."""


class SourceError(CxnlpError):
    """A source could not be read at all (not a single bad row: those go to quarantine)."""


class ModelError(CxnlpError):
    """A model could not be loaded, trained or applied."""


class StoreError(CxnlpError):
    """The store is unreachable, locked, or has an unexpected schema."""
