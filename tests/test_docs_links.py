"""The README and docs/ point at files and commands that exist."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), REPO / "training" / "README.md"]
CARDS = sorted((REPO / "models").glob("*/MODEL_CARD.md"))
LINK = re.compile(r"\]\(([^)#\s]+)(#[^)\s]*)?\)")
MODULE = re.compile(r"python -m (training(?:\.\w+)+)")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_resolves(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    targets = [m.group(1) for m in LINK.finditer(text) if "://" not in m.group(1)]
    missing = [t for t in targets if not (page.parent / t).exists()]
    assert not missing, f"{page.relative_to(REPO)}: links to missing files {missing}"


def test_the_readme_links_every_docs_page() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    linked = {Path(m.group(1)).name for m in LINK.finditer(readme)}
    pages = {p.name for p in (REPO / "docs").glob("*.md")}
    assert pages, "docs/ has no page"
    assert pages <= linked, f"docs pages the README never links: {sorted(pages - linked)}"


@pytest.mark.parametrize("page", [*PAGES, *CARDS], ids=lambda p: str(p.relative_to(REPO)))
def test_every_training_command_names_a_module_that_exists(page: Path) -> None:
    modules = MODULE.findall(page.read_text(encoding="utf-8"))
    for module in modules:
        assert importlib.util.find_spec(module) is not None, f"{page}: {module}"
    text = page.read_text(encoding="utf-8")
    assert "models/corpus" not in text and "models/finetune" not in text
    assert "models/train_shipped_heads" not in text
