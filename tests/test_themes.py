"""Theme curation without a pipeline run: the log, the state, the grouping edits, YAML."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxnlp.store import Store
from cxnlp.themes import (
    ThemeEdit,
    ThemeError,
    callback_inputs,
    curate_causes,
    curate_drivers,
    curate_topics,
    derive_state,
    load_state,
    read_edits,
    record_edit,
)
from cxnlp.themes.seeds import assign_seeds
from cxnlp.themes.state import Seed
from cxnlp.themes.taxonomy import export_taxonomy, import_taxonomy, read_taxonomy, taxonomy_of


@pytest.fixture()
def store() -> Store:
    return Store(":memory:")


def _edit(action: str, *ids: int, **fields: object) -> ThemeEdit:
    return ThemeEdit(action=action, topic_ids=ids, edited_by=fields.pop("by", "ana"), **fields)  # type: ignore[arg-type]


def test_the_log_keeps_every_edit_and_the_latest_wins(store: Store) -> None:
    record_edit(store, _edit("rename", 3, name="Entrega tardía", reason="más claro"))
    record_edit(store, _edit("rename", 3, name="Retrasos de entrega", by="luis"))
    ignore = record_edit(store, _edit("ignore", 5))
    record_edit(store, _edit("undo", undoes=ignore.edit_id))
    record_edit(store, _edit("pin", 7))
    record_edit(store, _edit("unpin", 7))
    edits = read_edits(store)
    assert [e.action for e in edits] == ["rename", "rename", "ignore", "undo", "pin", "unpin"]
    assert [e.seq for e in edits] == [1, 2, 3, 4, 5, 6]
    assert edits[0].reason == "más claro" and edits[1].edited_by == "luis"
    state = load_state(store)
    assert state.names[3].name == "Retrasos de entrega"
    assert state.ignored == {} and state.pinned == {}
    assert state.marks([3]) == ["✎ renombrado por luis"]


def test_an_unknown_action_is_refused(store: Store) -> None:
    with pytest.raises(ThemeError, match="unknown curation action 'delete'"):
        record_edit(store, _edit("delete", 1))


MACHINE = pd.DataFrame(
    {
        # the machine grouped 1+2+3 under 1, and 4+5 under 4; 6 alone
        "topic_id": [1, 2, 3, 4, 5, 6],
        "cause_id": [1, 1, 1, 4, 4, 6],
        "n_topics": [3, 3, 3, 2, 2, 1],
        "similarity": [0.5, 0.5, 0.5, 0.6, 0.6, np.nan],
    }
)
DRIVERS = pd.DataFrame({"topic_id": [1, 2, 3, 4, 5, 6], "n": [50, 40, 10, 30, 20, 15]})


def _causes(state_edits: list[ThemeEdit]) -> dict[int, int]:
    out = curate_causes(MACHINE, derive_state(_numbered(state_edits)), DRIVERS)
    assert list(out.columns) == list(MACHINE.columns)
    sizes = out.groupby("cause_id")["topic_id"].transform("size")
    assert (out["n_topics"] == sizes).all()
    return dict(zip(out["topic_id"], out["cause_id"], strict=True))


def _numbered(edits: list[ThemeEdit]) -> list[ThemeEdit]:
    return [ThemeEdit(**{**e.__dict__, "seq": i}) for i, e in enumerate(edits, start=1)]


def test_pin_keeps_a_topic_out_of_the_machine_grouping() -> None:
    assert _causes([]) == {1: 1, 2: 1, 3: 1, 4: 4, 5: 4, 6: 6}
    # a pinned member leaves; a pinned lead leaves and the largest other member leads
    assert _causes([_edit("pin", 2)]) == {1: 1, 2: 2, 3: 1, 4: 4, 5: 4, 6: 6}
    assert _causes([_edit("pin", 1)]) == {1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 6}


def test_merge_joins_whole_causes_under_the_first_id_and_unmerge_takes_it_back() -> None:
    merge = _edit("merge", 6, 4, cause_id=6)
    assert _causes([merge]) == {1: 1, 2: 1, 3: 1, 4: 6, 5: 6, 6: 6}
    # a member topic moves alone
    assert _causes([_edit("merge", 6, 2)]) == {1: 1, 2: 6, 3: 1, 4: 4, 5: 4, 6: 6}
    assert _causes([merge, _edit("unmerge", cause_id=6)]) == _causes([])
    # splitting what the machine merged: the listed topics stay apart
    split = _edit("unmerge", 1, 2, 3, cause_id=1)
    assert _causes([split]) == {1: 1, 2: 2, 3: 3, 4: 4, 5: 4, 6: 6}
    # a later merge wins over the pin
    assert _causes([_edit("pin", 6), merge])[4] == 6


def test_ignore_keeps_a_cause_ranked_but_out_of_the_backlog_and_the_call_back_reasons() -> None:
    drivers = pd.DataFrame(
        {
            "topic_id": [1, 4],
            "label": ["machine one", "machine four"],
            "rank": [1, 2],
            "in_backlog": [True, True],
            "backlog_rule": ["regla", "regla"],
            "member_topic_ids": [[1, 2], [4]],
        }
    )
    state = derive_state(
        _numbered(
            [_edit("ignore", 4, reason="es una consulta"), _edit("rename", 1, name="Entregas")]
        )
    )
    out = curate_drivers(drivers, state)
    assert out["in_backlog"].tolist() == [True, False]
    assert out["ignored"].tolist() == [False, True]
    assert out["label"].tolist() == ["Entregas", "machine four"]
    assert "es una consulta" in out.loc[1, "backlog_rule"]
    assert out.loc[0, "curation"] == "✎ renombrado por ana"
    assert out["rank"].tolist() == [1, 2]  # still ranked and counted
    frame = pd.DataFrame({"topic_id": [1, 4, 4, -1]})
    topics = pd.DataFrame({"topic_id": [1, 4], "label": ["machine one", "machine four"]})
    cb_frame, cb_topics = callback_inputs(frame, topics, out)
    assert cb_frame["topic_id"].tolist() == [1, -1, -1, -1]
    assert cb_topics["label"].tolist()[0] == "Entregas (✎ renombrado por ana)"
    assert frame["topic_id"].tolist() == [1, 4, 4, -1]  # input untouched


def test_curated_topics_rename_members_and_mark_causes() -> None:
    topics = pd.DataFrame(
        {
            "topic_id": [1, 6],
            "label": ["a", "b"],
            "member_topic_ids": [[1, 2], [6]],
            "member_labels": [["a", "c"], ["b"]],
        }
    )
    state = derive_state(_numbered([_edit("rename", 2, name="Cobros", by="eva")]))
    out = curate_topics(topics, state)
    assert out["label"].tolist() == ["a", "b"]  # 2 is a member, not the cause
    assert out.loc[0, "member_labels"] == ["a", "Cobros"]
    assert out["curation"].tolist() == ["✎ renombrado por eva", ""]


def test_a_seed_takes_its_examples_and_the_comments_closest_to_it() -> None:
    rng = np.random.default_rng(0)
    base = np.eye(4)
    # topic 0 around axis 0, topic 1 around axis 1; three comments near axis 2 are outliers
    vectors = np.vstack(
        [base[0] + 0.05 * rng.normal(size=4) for _ in range(5)]
        + [base[1] + 0.05 * rng.normal(size=4) for _ in range(5)]
        + [base[2] + 0.01 * rng.normal(size=4) for _ in range(3)]
    )
    topic_of = np.array([0] * 5 + [1] * 5 + [-1] * 3)
    texts = [(f"t{i}", f"T{i}") for i in range(13)]
    seed = Seed(7, "Nuevo", ("x",), ("T1",), _edit("seed", 7))
    out = assign_seeds(vectors, topic_of, texts, {0: base[0], 1: base[1]}, [seed], base[2][None, :])
    assert out[10:].tolist() == [7, 7, 7]  # closest to the seed
    assert out[1] == 7  # its example, matched on the display text
    assert out[[0, 2, 3, 4]].tolist() == [0, 0, 0, 0] and (out[5:10] == 1).all()


def _curate_everything(store: Store) -> None:
    record_edit(store, _edit("rename", 3, name="Entrega tardía", reason="claro"))
    record_edit(store, _edit("ignore", 5, reason="consulta"))
    record_edit(store, _edit("pin", 7))
    record_edit(store, _edit("merge", 8, 9, cause_id=8))
    record_edit(store, _edit("unmerge", 1, 2, cause_id=1))
    record_edit(
        store,
        _edit(
            "seed",
            40,
            name="Cobro doble",
            keywords=("cobro", "doble"),
            examples=("me cobraron dos veces",),
        ),
    )


def test_the_taxonomy_round_trips_through_yaml(store: Store, tmp_path: Path) -> None:
    _curate_everything(store)
    first = export_taxonomy(load_state(store), tmp_path / "taxonomia.yaml")
    other = Store(":memory:")
    done = import_taxonomy(other, first, by="equipo")
    assert len(done) == 6
    assert taxonomy_of(load_state(other)) == taxonomy_of(load_state(store))
    assert all(e.edited_by == "equipo" for e in read_edits(other))
    # importing the same file again changes nothing
    assert import_taxonomy(other, first, by="equipo") == []
    # a file that drops the pin and renames again: only the differences are recorded
    doc = read_taxonomy(first)
    doc_text = first.read_text(encoding="utf-8").replace("pin: true", "pin: false")
    doc_text = doc_text.replace("Entrega tardía", "Retrasos")
    changed = tmp_path / "cambiada.yaml"
    changed.write_text(doc_text, encoding="utf-8")
    again = import_taxonomy(other, changed, by="eva")
    assert sorted(e.action for e in again) == ["rename", "unpin"]
    state = load_state(other)
    assert state.names[3].name == "Retrasos" and 7 not in state.pinned
    assert len(doc["seeds"]) == 1 and state.seeds[40].examples == ("me cobraron dos veces",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("themes: [{id: -3, name: x}]", r"themes\[0\], field 'id'"),
        (
            "themes:\n  - {id: 1}\n  - {id: 2, nombre: x}",
            r"themes\[1\]: unknown field\(s\) \['nombre'\]",
        ),
        ("merges: [{ids: [4]}]", r"merges\[0\], field 'ids': expected a list of at least two"),
        ("seeds: [{id: 9, name: x}]", r"seeds\[0\], field 'keywords': a seed needs"),
        ("themes: [{id: 1, ignore: 'sí'}]", r"themes\[0\], field 'ignore': expected true or false"),
        ("temas: []", r"unknown section\(s\) \['temas'\]"),
        ("themes: [{id: 1, name: [x}", "is not valid YAML"),
        ("themes: [{id: 1}, {id: 1}]", r"id\(s\) \[1\] appear more than once"),
    ],
)
def test_a_bad_taxonomy_names_the_file_entry_and_field(
    store: Store, tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "mala.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ThemeError, match=message) as info:
        import_taxonomy(store, path, by="ana")
    assert "mala.yaml" in str(info.value)
    assert read_edits(store) == []  # nothing half-applied


def test_a_past_report_shows_the_names_its_night_stored() -> None:
    from cxnlp.themes import labels_from_drivers

    topics = pd.DataFrame({"topic_id": [1, 2], "label": ["máquina 1", "máquina 2"]})
    drivers = pd.DataFrame(
        {
            "topic_id": [1, 2],
            "label": ["Entregas", "máquina 2"],
            "curation": ["✎ renombrado por ana", ""],
        }
    )
    out = labels_from_drivers(topics, drivers)
    assert out["label"].tolist() == ["Entregas", "máquina 2"]
    assert out["curation"].tolist() == ["✎ renombrado por ana", ""]
    # a drivers table from before curation leaves the topics as they are
    assert labels_from_drivers(topics, drivers.drop(columns="curation")) is topics


def test_a_new_seed_takes_an_id_no_topic_or_seed_ever_had(store: Store) -> None:
    from cxnlp.themes.log import next_seed_id

    assert next_seed_id(store) == 0
    topics = pd.DataFrame({"topic_id": [0, 4], "label": ["a", "b"], "size": [3, 2]})
    empty = pd.DataFrame({"feedback_id": [], "topic_id": []})
    store.write_topics("r1", topics, empty, pd.DataFrame({"date": [], "topic_id": [], "n": []}))
    assert next_seed_id(store) == 5
    record_edit(store, _edit("seed", 5, name="x", keywords=("y",)))
    assert next_seed_id(store) == 6
