"""Root causes: issue topics that tell the same complaint become one ranked cause."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxnlp.drivers import rank_drivers
from cxnlp.drivers.causes import apply_causes, group_causes, remap_daily, term_profiles
from cxnlp.metrics import nps_value
from cxnlp.ranking_config import RankingConfig

from .synth import AS_OF, DEFAULT_TOPICS, Planted, Scenario, make_feedback

CONFIG = RankingConfig(bootstrap=100)
# Topic 9 is the same complaint as topic 3 (late deliveries) in other words;
# topic 10 is as harmful but about something else at the same stage.
SPLIT = (
    *DEFAULT_TOPICS,
    Planted(
        9, "Pedido sin entregar, retrasos", 0.04, p_pro=0.2, p_det=0.45, anger=0.3, stage="entrega"
    ),
    Planted(10, "Repartidor grosero", 0.04, p_pro=0.2, p_det=0.45, anger=0.3, stage="entrega"),
)


WORDS = {
    3: "el pedido llega con retraso, la entrega no cumple el plazo",
    9: "mi pedido sigue sin entrega, retraso de una semana",
    10: "el repartidor fue grosero y maleducado en la puerta",
    1: "me cobraron dos veces el mismo cargo en la tarjeta",
    6: "el pago con tarjeta falla al confirmar la compra",
}


def with_cause_words(frame: pd.DataFrame) -> pd.DataFrame:
    """Give topics 3 and 9 overlapping vocabularies, as sibling sub-topics have."""
    out = frame.copy()
    rng = np.random.default_rng(3)
    for tid, text in WORDS.items():
        rows = out.index[(out["topic_id"] == tid) & out["text"].notna()]
        extra = rng.choice(["ayer", "hoy", "otra vez", "por fin"], size=len(rows))
        out.loc[rows, "text"] = [f"{text} {e}" for e in extra]
    return out


@pytest.fixture(scope="module")
def split() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    frame, topics = make_feedback(Scenario(SPLIT), seed=11)
    frame = with_cause_words(frame)
    drivers = rank_drivers(frame, topics, as_of=AS_OF, config=CONFIG)
    return frame, topics, drivers


def _cause_of(causes: pd.DataFrame) -> dict[int, int]:
    return dict(zip(causes["topic_id"], causes["cause_id"], strict=True))


def test_sibling_topics_of_one_complaint_are_one_cause(split) -> None:
    frame, topics, drivers = split
    assert drivers.set_index("topic_id").loc[[1, 3, 9, 10], "is_issue"].all()
    causes = group_causes(drivers, topics, frame, min_similarity=0.3)
    cause = _cause_of(causes)
    assert cause[3] == cause[9] == 3  # the larger sibling gives the id
    assert cause[10] == 10  # same stage, other words: its own cause
    assert cause[1] == 1 and cause[6] == 6  # both mention "tarjeta", but not enough
    assert set(causes.loc[causes["cause_id"] == 3, "n_topics"]) == {2}
    assert causes.loc[causes["topic_id"] == 9, "similarity"].iloc[0] >= 0.3


def test_grouping_off_keeps_every_topic(split) -> None:
    frame, topics, drivers = split
    causes = group_causes(drivers, topics, frame, min_similarity=None)
    assert (causes["topic_id"] == causes["cause_id"]).all()
    assert sorted(causes["topic_id"]) == sorted(drivers["topic_id"])


def test_topics_of_two_journey_stages_never_merge(split) -> None:
    frame, topics, drivers = split
    moved = topics.copy()
    moved.loc[moved["topic_id"] == 9, "stage"] = "postventa"
    cause = _cause_of(group_causes(drivers, moved, frame, min_similarity=0.3))
    assert cause[9] == 9 and cause[3] == 3
    # a topic without a stage may still join its sibling
    moved.loc[moved["topic_id"] == 9, "stage"] = None
    cause = _cause_of(group_causes(drivers, moved, frame, min_similarity=0.3))
    assert cause[9] == 3


def test_topics_that_are_not_issues_never_merge(split) -> None:
    frame, topics, drivers = split
    calm = drivers.copy()
    calm.loc[calm["topic_id"] == 9, "is_issue"] = False
    cause = _cause_of(group_causes(calm, topics, frame, min_similarity=0.3))
    assert cause[9] == 9


def test_a_topic_that_owns_a_backlog_item_keeps_its_id(split) -> None:
    frame, topics, drivers = split
    cause = _cause_of(group_causes(drivers, topics, frame, min_similarity=0.3, keep_ids=[9]))
    assert cause[3] == cause[9] == 9
    # the oldest item wins when both siblings own one
    cause = _cause_of(group_causes(drivers, topics, frame, min_similarity=0.3, keep_ids=[9, 3]))
    assert cause[3] == 9


def test_a_cause_is_ranked_on_the_union_of_its_comments(split) -> None:
    frame, topics, drivers = split
    causes = group_causes(drivers, topics, frame, min_similarity=0.3)
    cframe, ctopics = apply_causes(frame, topics, causes)
    assert 9 not in set(cframe["topic_id"]) and 9 not in set(ctopics["topic_id"])
    grouped = rank_drivers(cframe, ctopics, as_of=AS_OF, config=CONFIG).set_index("topic_id")
    union = frame[frame["topic_id"].isin([3, 9])]
    assert grouped.loc[3, "n"] == len(union)
    scored = union[union["dup_of"].isna()]
    assert grouped.loc[3, "nps"] == pytest.approx(nps_value(scored["nps"].dropna()))
    # the figures are recomputed, not added: the union's NPS lies between its parts
    parts = drivers.set_index("topic_id").loc[[3, 9], "nps"]
    assert parts.min() <= grouped.loc[3, "nps"] <= parts.max()
    row = ctopics.set_index("topic_id").loc[3]
    assert row["member_topic_ids"] == [3, 9]
    assert row["size"] == int(topics.set_index("topic_id").loc[[3, 9], "size"].sum())
    assert row["label"] == "Retrasos en la entrega"
    assert len(row["representative_ids"]) == len(row["representative_texts"])
    # ids and texts stay paired as they were in the members' rows
    pairs = {
        (i, t)
        for _, member in topics[topics["topic_id"].isin([3, 9])].iterrows()
        for i, t in zip(member["representative_ids"], member["representative_texts"], strict=True)
    }
    got = set(zip(row["representative_ids"], row["representative_texts"], strict=True))
    assert got <= pairs and len(got) == len(row["representative_ids"])


def test_without_grouping_the_frame_is_left_alone(split) -> None:
    frame, topics, _ = split
    same, ctopics = apply_causes(frame, topics, None)
    assert same is frame
    assert ctopics["member_topic_ids"].map(len).eq(1).all()


def test_daily_volumes_are_summed_per_cause() -> None:
    daily = pd.DataFrame(
        {"date": ["2026-11-01"] * 3 + ["2026-11-02"], "topic_id": [3, 9, 1, 9], "n": [4, 2, 5, 7]}
    )
    causes = pd.DataFrame({"topic_id": [1, 3, 9], "cause_id": [1, 3, 3]})
    out = remap_daily(daily, causes).set_index(["date", "topic_id"])["n"]
    assert out.to_dict() == {("2026-11-01", 1): 5, ("2026-11-01", 3): 6, ("2026-11-02", 3): 7}


def test_term_profiles_weigh_rare_words() -> None:
    texts = ["pedido retraso", "pedido retraso", "pedido factura", "cobro factura"]
    profiles = term_profiles(texts, [1, 1, 2, 3], [1, 2, 3])
    assert np.allclose(np.linalg.norm(profiles, axis=1), 1.0)
    sims = profiles @ profiles.T
    assert sims[1, 2] > 0 and sims[0, 1] > 0  # shared words
    assert sims[0, 2] == pytest.approx(0.0)  # nothing in common
    empty = term_profiles(["", ""], [1, 2], [1, 2])
    assert not empty.any()


def test_a_cause_item_lists_its_topics_and_old_items_are_merged(split) -> None:
    from cxnlp.backlog import build_backlog

    frame, topics, drivers = split
    # yesterday: grouping off, so topics 3 and 9 each had an item
    before = build_backlog(drivers, topics, frame, previous=None, run_id="r0", as_of=AS_OF)
    assert {"CX-0003", "CX-0009"} <= set(before["item_id"])
    first_seen = before.set_index("topic_id")["first_seen"]
    keep = before.sort_values("first_seen")["topic_id"].tolist()
    causes = group_causes(drivers, topics, frame, min_similarity=0.3, keep_ids=keep)
    lead = _cause_of(causes)[9]
    other = 3 if lead == 9 else 9
    assert first_seen[lead] <= first_seen[other]
    cframe, ctopics = apply_causes(frame, topics, causes)
    grouped = rank_drivers(cframe, ctopics, as_of=AS_OF, config=CONFIG)
    members = ctopics.set_index("topic_id")["member_topic_ids"]
    grouped["member_topic_ids"] = [members[t] for t in grouped["topic_id"]]
    after = build_backlog(
        grouped, ctopics, cframe, previous=before, run_id="r1", as_of=AS_OF
    ).set_index("item_id")
    lead_id, other_id = f"CX-{lead:04d}", f"CX-{other:04d}"
    assert after.loc[lead_id, "status"] == "open"
    assert after.loc[lead_id, "topic_ids"] in ("3, 9", "9, 3")
    assert "Temas que agrupa" in after.loc[lead_id, "description_md"]
    assert after.loc[other_id, "status"] == "merged"
    assert after.loc[other_id, "merged_into"] == lead_id
    assert pd.isna(after.loc[other_id, "resolved_at"])
    assert f"Agrupado el {AS_OF:%Y-%m-%d} en {lead_id}" in after.loc[other_id, "description_md"]
    assert len(after) == len(before)  # nothing filed twice, nothing lost
    # the next day the merged item is left as it was
    again = build_backlog(
        grouped, ctopics, cframe, previous=after.reset_index(), run_id="r2", as_of=AS_OF
    ).set_index("item_id")
    assert again.loc[other_id, "status"] == "merged"
    assert again.loc[other_id, "description_md"].count("Agrupado el") == 1
    # when the merged topic leaves the cause and stops costing points, it is resolved
    alone = grouped.copy()
    alone["member_topic_ids"] = [[t] for t in alone["topic_id"]]
    later = build_backlog(
        alone, ctopics, cframe, previous=again.reset_index(), run_id="r3", as_of=AS_OF
    ).set_index("item_id")
    assert later.loc[other_id, "status"] == "resolved"
    assert pd.isna(later.loc[other_id, "merged_into"])


def test_merged_items_close_in_the_jira_export() -> None:
    from cxnlp.backlog.export import jira_rows

    rows = jira_rows(
        pd.DataFrame(
            [
                {"item_id": "CX-0009", "title": "t", "status": "merged", "priority": "P2"},
                {"item_id": "CX-0003", "title": "t", "status": "open", "priority": "P2"},
            ]
        )
    )
    assert rows["Status"].tolist() == ["Done", "To Do"]


def test_default_groups_and_can_be_switched_off() -> None:
    assert RankingConfig().group_min_similarity == 0.3
    assert RankingConfig(group_min_similarity=None).group_min_similarity is None
    with pytest.raises(ValueError):
        RankingConfig(group_min_similarity=1.5)


def _reference_linkage(sims: np.ndarray, stages: list, threshold: float) -> list[list[int]]:
    """Average linkage written the slow, obvious way: every pair of groups, every time."""
    groups = [[i] for i in range(len(stages))]
    named = [{s} if s else set() for s in stages]
    while True:
        best, pair = threshold, None
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                if len(named[a] | named[b]) <= 1:
                    mean = float(sims[np.ix_(groups[a], groups[b])].mean())
                    if mean >= best:
                        best, pair = mean, (a, b)
        if pair is None:
            return groups
        a, b = pair
        groups[a], named[a] = groups[a] + groups[b], named[a] | named[b]
        del groups[b], named[b]


def test_linkage_matches_the_obvious_algorithm() -> None:
    from cxnlp.drivers.causes import _average_linkage

    rng = np.random.default_rng(0)
    for _ in range(60):
        n = int(rng.integers(2, 20))
        x = rng.normal(size=(n, 5)) + rng.normal(size=(1, 5)) * rng.uniform(0, 3)
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        stages = [rng.choice(["entrega", "pago", ""]) or None for _ in range(n)]
        threshold = float(rng.uniform(0, 0.9))
        got = sorted(sorted(g) for g in _average_linkage(x @ x.T, stages, threshold))
        want = sorted(sorted(g) for g in _reference_linkage(x @ x.T, stages, threshold))
        assert got == want
        for group in got:  # no cause spans two stages
            assert len({stages[i] for i in group} - {None}) <= 1


def test_duplicates_do_not_weigh_their_words_again(split) -> None:
    frame, topics, drivers = split
    # a retweet storm in topic 9: many copies of one post about something else
    source = frame.index[(frame["topic_id"] == 9) & frame["dup_of"].isna()][0]
    storm = pd.DataFrame([frame.loc[source]] * 600)
    storm["text"] = "sorteo de entradas para el concierto del sábado"
    storm["dup_of"] = frame.loc[source, "feedback_id"]
    stormy = pd.concat([frame, storm], ignore_index=True)
    cause = _cause_of(group_causes(drivers, topics, stormy, min_similarity=0.3))
    assert cause[9] == cause[3]
    # counted as originals, the same posts would pull topic 9 away from its sibling
    counted = stormy.assign(dup_of=None)
    assert _cause_of(group_causes(drivers, topics, counted, min_similarity=0.3))[9] == 9


def _with_centroids(topics: pd.DataFrame, vectors: dict[int, np.ndarray]) -> pd.DataFrame:
    out = topics.copy()
    rng = np.random.default_rng(5)
    dim = len(next(iter(vectors.values())))
    out["centroid"] = [
        list(vectors.get(int(t), rng.normal(size=dim))) for t in out["topic_id"].astype(int)
    ]
    return out


def test_topics_told_in_other_words_merge_by_meaning(split) -> None:
    """Topics 1 and 6 share almost no words; close centroids make them one cause."""
    frame, topics, drivers = split
    rng = np.random.default_rng(9)
    common = rng.normal(size=32) * 5  # what every comment shares (tone, domain)
    billing = rng.normal(size=32)
    vectors = {
        1: common + billing + 0.1 * rng.normal(size=32),
        6: common + billing + 0.1 * rng.normal(size=32),
        10: common + rng.normal(size=32),
    }
    with_vectors = _with_centroids(topics, vectors)
    words_only = _cause_of(group_causes(drivers, with_vectors, frame, min_similarity=0.3))
    assert words_only[1] != words_only[6]
    both = _cause_of(
        group_causes(drivers, with_vectors, frame, min_similarity=0.3, semantic_floor=0.2)
    )
    assert both[1] == both[6]
    assert both[10] == 10  # close raw cosine to everything (the common part), other meaning
    assert both[3] == both[9]  # the word-based sibling still merges


def test_semantic_similarity_centres_away_what_all_topics_share() -> None:
    from cxnlp.drivers.causes import semantic_similarity

    rng = np.random.default_rng(1)
    common = rng.normal(size=16) * 10
    a = rng.normal(size=16)
    topics = pd.DataFrame(
        {
            "topic_id": [0, 1, 2, 3, -1],
            "size": [50, 50, 50, 50, 999],
            "centroid": [
                list(common + a),
                list(common + a + 0.05 * rng.normal(size=16)),
                list(common + rng.normal(size=16)),
                list(common + rng.normal(size=16)),
                list(rng.normal(size=16) * 100),  # outliers never set the centre
            ],
        }
    )
    sims = semantic_similarity(topics, [0, 1, 2, 7], floor=0.2)
    assert sims[0, 1] > 0.8
    assert sims[0, 2] < 0.3
    assert (sims[3, :] == 0).all() and (sims[:, 3] == 0).all()  # topic 7 has no centroid
    assert semantic_similarity(topics.drop(columns="centroid"), [0, 1], 0.2).sum() == 0


def test_other_stages_merge_only_on_strong_evidence(split) -> None:
    frame, topics, drivers = split
    moved = topics.copy()
    moved.loc[moved["topic_id"] == 9, "stage"] = "postventa"
    sims_words = group_causes(drivers, moved, frame, min_similarity=0.3, cross_stage=0.99)
    assert _cause_of(sims_words)[9] == 9
    low_bar = group_causes(drivers, moved, frame, min_similarity=0.3, cross_stage=0.3)
    assert _cause_of(low_bar)[9] == 3
