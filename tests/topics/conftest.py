"""Fixtures of the topics tests: the small corpus and its embeddings, computed once."""

from __future__ import annotations

import numpy as np
import pytest

from topics.corpus import Corpus, embed, make_corpus


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return make_corpus()


@pytest.fixture(scope="session")
def corpus_embeddings(corpus: Corpus) -> np.ndarray:
    return embed(corpus.texts)
