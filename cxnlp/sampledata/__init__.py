"""Seeded Spanish sample data (placeholder docstring)."""

from __future__ import annotations

from .generator import SampleManifest, generate_sample

__all__ = ["SampleManifest", "generate_sample"]
