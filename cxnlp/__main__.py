"""``python -m cxnlp`` runs the CLI."""

from __future__ import annotations

from cxnlp.cli import main

main()
