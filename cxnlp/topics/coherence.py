"""Topic coherence: normalised pointwise mutual information (NPMI) over the window.

For each topic, its top unigram keys are paired; each pair scores
``log(P(a,b) / (P(a) P(b))) / -log P(a,b)`` with probabilities counted as
shares of the window's comments that contain the keys (a key co-occurs with
another when both appear in one comment). Pairs that never meet score -1.
Bigrams are left out because a bigram always co-occurs with its own words,
which would inflate the score. Scores run from -1 to 1; 0 means independent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse

from cxnlp.topics.spanish import TopicAnalyzer


def npmi_by_topic(
    doc_term: sparse.csr_matrix,
    vocabulary: Mapping[str, int],
    topic_keys: Mapping[int, Sequence[str]],
    *,
    top_n: int = 10,
) -> dict[int, float]:
    """NPMI of each topic's top ``top_n`` unigram keys (topics with < 2 such keys are left out)."""
    n_docs = doc_term.shape[0]
    if n_docs == 0:
        return {}
    binary = (doc_term > 0).astype(np.float64).tocsc()
    out: dict[int, float] = {}
    for tid, keys in topic_keys.items():
        cols = [vocabulary[k] for k in keys if " " not in k and k in vocabulary][:top_n]
        if len(cols) < 2:
            continue
        sub = binary[:, cols]
        co = (sub.T @ sub).toarray() / n_docs
        p = np.diag(co).copy()
        scores = []
        for a in range(len(cols)):
            for b in range(a + 1, len(cols)):
                pab = co[a, b]
                if pab <= 0:
                    scores.append(-1.0)
                elif pab >= 1:
                    scores.append(1.0)
                else:
                    scores.append(float(np.log(pab / (p[a] * p[b])) / -np.log(pab)))
        out[int(tid)] = float(np.mean(scores))
    return out


def npmi_coherence(
    texts: Sequence[str],
    topic_keys: Mapping[int, Sequence[str]],
    analyzer: TopicAnalyzer | None = None,
    *,
    top_n: int = 10,
) -> tuple[float | None, dict[int, float]]:
    """Mean NPMI of the topics over ``texts`` and the score of each topic.

    Args:
        texts: the window's comments.
        topic_keys: topic id -> keys best first (``TopicModelResult.keyword_keys``).
        analyzer: the analyzer the keys came from (default settings when None).
        top_n: unigram keys per topic.
    """
    analyzer = analyzer or TopicAnalyzer()
    wanted = sorted({k for keys in topic_keys.values() for k in keys if " " not in k})
    vocabulary = {k: i for i, k in enumerate(wanted)}
    rows, cols = [], []
    for r, text in enumerate(texts):
        present = {vocabulary[k] for k in analyzer(text or "") if k in vocabulary}
        rows.extend([r] * len(present))
        cols.extend(sorted(present))
    matrix = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(vocabulary))
    )
    per_topic = npmi_by_topic(matrix, vocabulary, topic_keys, top_n=top_n)
    mean = float(np.mean(list(per_topic.values()))) if per_topic else None
    return mean, per_topic
