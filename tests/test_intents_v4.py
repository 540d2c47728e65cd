"""Rules v4 and the head's thresholds: broader wording, hard negatives, training data kept apart."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxnlp.intents import INTENTS, RULES_VERSION, flag_intents
from cxnlp.intents.evaluate import load_labelled
from cxnlp.intents.head import IntentHead, combine_flags, fit_head, load_head, save_head

REPO = Path(__file__).resolve().parents[1]


def _flags(text: str) -> set[str]:
    row = flag_intents([text]).iloc[0]
    return {intent for intent in INTENTS if row[intent]}


def test_rules_version_was_bumped() -> None:
    assert RULES_VERSION == "intents.rules.v7"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # churn: moving the line or the money elsewhere, leaving forms, last-time statements
        ("En cuanto pueda me llevo el número a otra compañía", {"churn"}),
        ("Vamos a migrar la cuenta de la empresa a otro banco", {"churn"}),
        ("Les comunico el desistimiento del contrato firmado ayer", {"churn"}),
        ("Ya contrataron con la competencia, pasen a retirar el decodificador", {"churn"}),
        ("Este fue mi último vuelo con ustedes", {"churn"}),
        ("Que la póliza no se renueve en enero, por favor", {"churn"}),
        ("pa q sigo, mejor cancelo", {"churn"}),
        ("Con ustedes no vuelvo, qué mal servicio", {"churn"}),
        # escalation: associations, ombudsmen, suing, public videos
        ("Lo paso a la asociación de consumidores de mi ciudad", {"escalation"}),
        ("Acudiré al defensor del cliente de la entidad", {"escalation"}),
        ("Si no pagan el siniestro los llevo a juicio", {"escalation"}),
        ("Voy a grabar un video contando todo lo que me pasó", {"escalation"}),
        ("Esto lo estoy subiendo a Instagram ahora mismo", {"escalation"}),
        # effort: again and again, channels sending you around, long waits
        ("Llamé otra vez y me dijeron lo mismo", {"effort"}),
        ("Reclamo por cuarta vez el mismo cobro", {"effort"}),
        ("La app me manda a la sucursal y en la sucursal me dicen que use la app", {"effort"}),
        ("Hace tres semanas que espero al técnico", {"effort"}),
        ("Cuarenta minutos en espera para nada", {"effort"}),
        ("Cuántas veces más tengo que mandar el comprobante", {"effort"}),
        # urgent: gas leaks, a falling post, someone in the account
        ("El calefón pierde gas desde ayer", {"urgent"}),
        ("El poste de la esquina está a punto de caerse", {"urgent"}),
        ("Entraron a mi cuenta y cambiaron la clave", {"urgent"}),
        # spoken and mixed wording, third person, apostrophes
        ("I want to cancel, ya no aguanto", {"churn"}),
        ("Mi papá quiere cancelar la póliza del auto", {"churn"}),
        ("ya estoy con otra compañía de cable desde marzo", {"churn"}),
        ("Me salgo del plan el mes que viene", {"churn"}),
        ("No sigo ni un mes más con esto", {"churn"}),
        ("Nos vemos en la corte, ya tengo lawyer", {"escalation"}),
        ("mi licenciado les va a mandar un escrito", {"escalation"}),
        ("Me tienen de aquí pa' allá con el trámite", {"effort"}),
        ("Mi mamá fue al banco tres veces por la misma clave", {"effort"}),
    ],
)
def test_v4_cues_found(text: str, expected: set[str]) -> None:
    assert _flags(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Me vine de otra compañía y estoy muy contento",
        "Me dieron de baja del servicio sin pedirlo, reactívenlo",
        "Llamé para cancelar la cita del técnico, no voy a estar",
        "Quiero cambiar el plan a otra tarifa dentro de la misma empresa",
        "No quiero seguir con este problema, arréglenlo",
        "Dejé una reseña de cinco estrellas en Google, muy buena atención",
        "El pedido otra vez llegó sin la factura",
        "Ni loco me llevo la línea a otra operadora, estoy bien aquí",
        "Vi un video en YouTube que explica cómo configurar el router",
        "Voy a poner una denuncia en la policía por el extravío del celular",
        "¿La póliza cubre incendio en la cocina?",
        "El licenciado que me atendió fue muy amable",
        "No me voy a ir, solo quiero que arreglen el wifi",
    ],
)
def test_v4_hard_negatives(text: str) -> None:
    assert _flags(text) == set()


def _toy_head(**kwargs: object) -> IntentHead:
    return IntentHead(
        name="toy",
        embedder="toy/1",
        coef=np.eye(4, 4),
        intercept=np.zeros(4),
        intents=INTENTS,
        **kwargs,  # type: ignore[arg-type]
    )


def test_combine_adds_vetoes_and_uses_per_intent_thresholds() -> None:
    head = _toy_head(threshold=0.8, thresholds={"effort": 0.95}, veto=0.1)
    rules = np.array([[True, False, False, False], [True, False, False, False]])
    proba = np.array([[0.05, 0.85, 0.9, 0.2], [0.5, 0.1, 0.96, 0.81]])
    out = head.combine(rules, proba)
    # row 0: churn vetoed (0.05 < 0.1), escalation added (0.85 >= 0.8), effort not (0.9 < 0.95)
    assert out[0].tolist() == [False, True, False, False]
    # row 1: churn kept (0.5 >= veto), effort added (0.96 >= 0.95), urgent added (0.81)
    assert out[1].tolist() == [True, False, True, True]
    frame = pd.DataFrame(rules, columns=list(INTENTS))
    assert combine_flags(frame, proba, head).to_numpy().tolist() == out.tolist()


def test_flag_intents_reports_model_cues_and_drops_vetoed_rule_hits() -> None:
    texts = ["me doy de baja", "el servicio va lento", "todo bien"]
    vectors = np.array([[-9.0, 0, 0, 0], [0, 0, 9.0, 0], [0, 0, 0, 0]])  # sigmoid(±9) ~ 1 or 0
    out = flag_intents(texts, vectors, _toy_head(threshold=0.8, veto=0.1))
    assert not out.loc[0, "churn"] and out.loc[0, "intent_cues"] == ""  # vetoed
    assert out.loc[1, "effort"] and out.loc[1, "intent_cues"] == "effort: (modelo)"
    assert not out.loc[2, list(INTENTS)].any()
    kept = flag_intents(texts, vectors, _toy_head(threshold=0.8))  # no veto: the rule stands
    assert kept.loc[0, "churn"] and "baja" in kept.loc[0, "intent_cues"]


def test_the_head_adds_nothing_where_the_rules_read_a_negated_cue() -> None:
    from cxnlp.intents import negated_intents

    texts = ["no pienso cancelar el contrato", "cancelo el contrato", "el wifi no anda"]
    negs = negated_intents(texts)
    assert negs["churn"].tolist() == [True, False, False] and not negs["escalation"].any()
    vectors = np.array([[9.0, 0, 0, 0]] * 3)  # the head reads churn in all three
    out = flag_intents(texts, vectors, _toy_head(threshold=0.8))
    assert out["churn"].tolist() == [False, True, True]
    assert out.loc[2, "intent_cues"] == "churn: (modelo)"


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("ni de broma me cambio", True),
        ("no cancelo nada, solo quiero saber el saldo", True),
        ("jamás pienso irme de aquí", True),
        ("me cambio de casa el mes que viene", False),  # not negated: no denial
        ("no funciona y cancelo", False),  # the clause break ends the negation
    ],
)
def test_denial_words_keep_the_head_from_adding_churn(text: str, denied: bool) -> None:
    from cxnlp.intents import negated_intents

    assert bool(negated_intents([text]).loc[0, "churn"]) is denied
    out = flag_intents([text], np.array([[9.0, 0, 0, 0]]), _toy_head(threshold=0.8))
    assert bool(out.loc[0, "churn"]) is (not denied)


def test_per_intent_thresholds_survive_save_and_load(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(120, 5))
    labels = pd.DataFrame({i: x[:, k] > 0.5 for k, i in enumerate(INTENTS)})
    head = fit_head(
        x,
        labels,
        name="h",
        embedder="toy/1",
        threshold=0.8,
        thresholds={"urgent": 0.9},
        intents=INTENTS,
    )
    again = load_head(save_head(head, tmp_path / "intents-head-toy-v2"))
    assert again.intents == INTENTS and again.veto is None
    assert again.threshold_of("churn") == 0.8 and again.threshold_of("urgent") == 0.9
    assert np.array_equal(again.predict(x).to_numpy(), head.predict(x).to_numpy())


def test_training_texts_are_labelled_varied_and_kept_out_of_the_eval_sets() -> None:
    files = sorted((REPO / "training" / "intents").glob("extra*.jsonl"))
    assert len(files) >= 2
    extra = pd.concat([load_labelled(path) for path in files], ignore_index=True)
    assert len(extra) >= 300 and not extra["text"].duplicated().any()
    for intent in INTENTS:
        assert extra[intent].sum() >= 15, intent
    assert (~extra[list(INTENTS)].any(axis=1)).sum() >= 50  # hard negatives
    eval_texts = set()
    for path in (REPO / "bench" / "data" / "intents").glob("*.jsonl"):
        eval_texts |= set(load_labelled(path)["text"].str.lower().str.strip())
    overlap = set(extra["text"].str.lower().str.strip()) & eval_texts
    assert not overlap


def test_eval_script_scores_one_set_as_json(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    rows = [
        {"text": "me doy de baja hoy", "intents": ["churn"]},
        {"text": "voy a ir a la Profeco", "intents": ["escalation"]},
        {"text": "todo bien", "intents": []},
        {"text": "me cambio de compañía", "intents": []},  # a wrong label: one false positive
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    done = subprocess.run(
        [sys.executable, "bench/eval_intents.py", "--set", str(path), "--json", "--rules-only"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(done.stdout)
    churn = report["sets"]["mine"]["intents"]["churn"]
    assert churn == {
        "support": 1,
        "flagged": 2,
        "tp": 1,
        "fp": 1,
        "fn": 0,
        "precision": 0.5,
        "recall": 1.0,
    }
    assert report["sets"]["mine"]["targets"]["churn"]["passed"] is False
    assert report["sets"]["mine"]["targets"]["escalation"]["passed"] is True
    assert report["passed"] is False and done.returncode == 1
    assert report["rules"] == RULES_VERSION and report["head"] is None
    missing = subprocess.run(
        [sys.executable, "bench/eval_intents.py", "--set", str(tmp_path / "nope.jsonl")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode != 0 and "nope.jsonl" in missing.stderr
