"""Neighbourhood linkage: topics whose comments are each other's nearest neighbours."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxnlp.drivers import rank_drivers
from cxnlp.drivers.causes import group_causes
from cxnlp.drivers.linkage import neighbour_linkage, neighbour_shares, window_vectors
from cxnlp.ranking_config import RankingConfig

from .synth import AS_OF, DEFAULT_TOPICS, Planted, Scenario, make_feedback

DIM = 24


def _clouds(rng: np.random.Generator, sizes: dict[int, int], cloud_of: dict[int, int]):
    """Comment vectors: topics mapped to the same cloud are drawn from one blob."""
    common = rng.normal(size=DIM) * 4  # what every comment shares
    centres = {c: rng.normal(size=DIM) for c in set(cloud_of.values())}
    owners, rows = [], []
    for topic, n in sizes.items():
        centre = centres[cloud_of[topic]]
        rows.append(common + centre + 0.35 * rng.normal(size=(n, DIM)))
        owners += [topic] * n
    return np.vstack(rows), np.array(owners)


def test_two_halves_of_one_cloud_share_neighbours_a_separate_cloud_does_not() -> None:
    rng = np.random.default_rng(0)
    vectors, owners = _clouds(rng, {1: 60, 2: 40, 3: 50, 4: 30}, {1: 0, 2: 0, 3: 1, 4: 2})
    shares = neighbour_shares(vectors, owners, [1, 2, 3], k=10)
    assert shares.shape == (3, 3)
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)  # topic 4 is not compared: ignored
    assert shares[0, 1] > 0.25 and shares[1, 0] > 0.25  # one cloud cut in two
    assert shares[0, 2] < 0.05 and shares[2, 0] < 0.05
    assert shares[2, 2] > 0.9


def test_the_sample_is_capped_and_the_same_every_time() -> None:
    rng = np.random.default_rng(1)
    vectors, owners = _clouds(rng, {1: 300, 2: 300}, {1: 0, 2: 1})
    first = neighbour_shares(vectors, owners, [1, 2], k=5, max_comments=100, seed=3)
    again = neighbour_shares(vectors, owners, [1, 2], k=5, max_comments=100, seed=3)
    np.testing.assert_array_equal(first, again)
    assert first[0, 0] > 0.9 and first[1, 1] > 0.9


def test_empty_or_missing_input_gives_no_link() -> None:
    assert neighbour_shares(np.zeros((0, DIM)), [], [1, 2]).sum() == 0
    one = neighbour_shares(np.ones((1, DIM)), [1], [1, 2])
    assert one.sum() == 0  # a single comment has no neighbour
    nan = np.full((4, DIM), np.nan)
    assert neighbour_shares(nan, [1, 1, 2, 2], [1, 2]).sum() == 0


def test_linkage_is_mutual_symmetric_and_scaled_to_full() -> None:
    shares = np.array([[0.5, 0.5, 0.0], [0.02, 0.98, 0.0], [0.0, 0.0, 0.0]])
    sims = neighbour_linkage(shares, full=0.2)
    np.testing.assert_allclose(sims, sims.T)
    # topic 0 leans on topic 1 but topic 1 hardly leans back: sqrt(0.5 * 0.02) = 0.1
    assert sims[0, 1] == pytest.approx(0.1 / 0.2)
    assert sims[0, 0] == 1.0 and sims[1, 1] == 1.0
    assert sims[2, 2] == 0.0  # no comment: similar to nothing, itself included
    assert neighbour_linkage(shares, full=0.05)[0, 1] == 1.0  # capped at 1


SPLIT = (
    *DEFAULT_TOPICS,
    Planted(10, "Repartidor grosero", 0.04, p_pro=0.2, p_det=0.45, anger=0.3, stage="entrega"),
)
CONFIG = RankingConfig(bootstrap=100)


@pytest.fixture(scope="module")
def window() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    frame, topics = make_feedback(Scenario(SPLIT), seed=5)
    drivers = rank_drivers(frame, topics, as_of=AS_OF, config=CONFIG)
    return frame, topics, drivers


def _vectors_for(frame: pd.DataFrame, cloud_of: dict[int, int], seed: int = 2):
    """One vector per frame row: rows of topics in ``cloud_of`` from that cloud, others apart."""
    rng = np.random.default_rng(seed)
    topic = frame["topic_id"].astype(int).to_numpy()
    clouds = {t: cloud_of.get(t, 100 + t) for t in set(topic)}
    vectors, owners = _clouds(rng, {t: int((topic == t).sum()) for t in clouds}, clouds)
    out = np.zeros((len(frame), DIM))
    for t in clouds:  # put each topic's block back at its rows
        out[topic == t] = vectors[owners == t]
    return np.arange(len(frame)), out


def _cause_of(causes: pd.DataFrame) -> dict[int, int]:
    return dict(zip(causes["topic_id"], causes["cause_id"], strict=True))


def test_topics_with_no_shared_word_merge_when_their_comments_are_neighbours(window) -> None:
    """Topics 3 and 10 (same stage, other words) are one cloud: one cause with the linkage."""
    frame, topics, drivers = window
    assert drivers.set_index("topic_id").loc[[1, 3, 10], "is_issue"].all()
    vectors = _vectors_for(frame, {3: 0, 10: 0})
    words_only = _cause_of(group_causes(drivers, topics, frame, min_similarity=0.3))
    assert words_only[3] != words_only[10]
    linked = _cause_of(
        group_causes(
            drivers,
            topics,
            frame,
            min_similarity=0.3,
            comment_vectors=vectors,
            neighbour_full=0.1,
            neighbour_k=10,
        )
    )
    assert linked[3] == linked[10]
    assert linked[1] == 1  # its own cloud: nobody's neighbour
    # the option off (full None) ignores the vectors
    off = _cause_of(
        group_causes(drivers, topics, frame, min_similarity=0.3, comment_vectors=vectors)
    )
    assert off == words_only


def test_the_linkage_keeps_the_stage_and_non_issue_rules(window) -> None:
    frame, topics, drivers = window
    is_issue = drivers.set_index("topic_id")["is_issue"].astype(bool)
    non_issue = int(is_issue[~is_issue].index[0])
    # the payment cause (stage "pago") and delivery (stage "entrega") in one cloud, plus a
    # topic that is no issue: neighbours, but never one cause
    vectors = _vectors_for(frame, {1: 0, 3: 0, non_issue: 0})

    def grouped(cross_stage: float) -> dict[int, int]:
        return _cause_of(
            group_causes(
                drivers,
                topics,
                frame,
                min_similarity=0.3,
                comment_vectors=vectors,
                neighbour_full=0.9,
                neighbour_k=10,
                cross_stage=cross_stage,
            )
        )

    strict, lax = grouped(0.99), grouped(0.3)
    assert lax[1] == lax[3]  # linked enough to merge were they at one stage
    assert strict[1] != strict[3]  # but not the strong evidence two stages need
    assert strict[non_issue] == non_issue and lax[non_issue] == non_issue


class _CacheStore:
    """Stands in for the store's embedding cache."""

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self.vectors = vectors
        self.asked: list[str] = []

    def get_embeddings(self, hashes, model):
        self.asked = list(hashes)
        return {h: self.vectors[h] for h in hashes if h in self.vectors and model == "m1"}


def test_window_vectors_reads_the_cache_for_topic_comments_only() -> None:
    frame = pd.DataFrame(
        {
            "topic_id": [0, 0, -1, 1, 1, 2],
            "text_hash": ["a", "b", "c", "d", None, "f"],
            "dup_of": [None, None, None, None, None, "x"],
        }
    )
    cache = {h: np.full(3, i, dtype=np.float32) for i, h in enumerate("abcdf")}
    store = _CacheStore({h: v for h, v in cache.items() if h != "b"})  # "b" not cached
    positions, vectors = window_vectors(store, frame, "m1")
    assert positions.tolist() == [0, 3]  # outlier, no hash, duplicate, not cached: left out
    np.testing.assert_array_equal(vectors[:, 0], [0, 3])
    assert "c" not in store.asked and "f" not in store.asked
    assert window_vectors(store, frame, "other") is None
    assert window_vectors(store, frame, None) is None
    sampled = window_vectors(store, frame, "m1", max_comments=1)
    assert sampled is not None and len(sampled[0]) == 1


def test_eval_reuse_takes_todays_ranking_and_the_overrides(tmp_path) -> None:
    """``bench/eval_causes.py --reuse``: a kept run's config, ranking from today's default."""
    import importlib.util
    import sys
    from pathlib import Path

    import yaml

    repo = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("eval_causes", repo / "bench" / "eval_causes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_causes"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    kept = {"root": str(tmp_path), "ranking": {"group_min_similarity": 0.9, "stale": 1}}
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(kept), encoding="utf-8")
    path = module.reuse_config(tmp_path, ["ranking.group_knn_full=0.2", "ranking.group_knn_k=9"])
    written = yaml.safe_load(path.read_text(encoding="utf-8"))
    default = yaml.safe_load((repo / "configs" / "default.yaml").read_text(encoding="utf-8"))
    assert written["root"] == str(tmp_path)  # the rest of the kept config stays
    assert "stale" not in written["ranking"]
    assert written["ranking"]["group_min_similarity"] == default["ranking"]["group_min_similarity"]
    assert written["ranking"]["group_knn_full"] == 0.2 and written["ranking"]["group_knn_k"] == 9
    with pytest.raises(SystemExit, match="ranking.KEY=VALUE"):
        module.reuse_config(tmp_path, ["topics.window_days=3"])
