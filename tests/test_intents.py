"""Intent cues: the API's shape, negation scope, hypotheticals and hard negatives."""

from __future__ import annotations

import pandas as pd
import pytest

from cxnlp.intents import INTENTS, flag_intents


def _flags(text: str) -> set[str]:
    row = flag_intents([text]).iloc[0]
    return {intent for intent in INTENTS if row[intent]}


def test_frame_shape_index_and_cues() -> None:
    texts = pd.Series(["Me doy de baja ya", "todo bien, gracias", None], index=[7, 3, 9])
    out = flag_intents(texts)  # type: ignore[arg-type]
    assert list(out.index) == [7, 3, 9]
    assert list(out.columns) == [*INTENTS, "intent_cues"]
    assert all(out[intent].dtype == bool for intent in INTENTS)
    assert out.loc[7, "churn"] and "baja" in out.loc[7, "intent_cues"]
    assert out.loc[3, "intent_cues"] == "" and not out.loc[3, list(INTENTS)].any()
    assert not out.loc[9, list(INTENTS)].any()


def test_empty_input() -> None:
    out = flag_intents([])
    assert out.empty and list(out.columns) == [*INTENTS, "intent_cues"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Me doy de baja, no aguanto más", {"churn"}),
        ("ME CAMBIO A MOVISTAR mañana mismo", {"churn"}),
        ("Ya pedí la portabilidad", {"churn"}),
        ("cancelo la cuenta hoy", {"churn"}),
        ("si no lo arreglan me voy", {"churn"}),
        ("no me solucionan nada me doy de baja", {"churn"}),
        ("no me queda otra que darme de baja", {"churn"}),
        ("Voy a poner una denuncia en PROFECO", {"escalation"}),
        ("lo voy a publicar en redes sociales", {"escalation"}),
        ("ya hablé con mi abogado", {"escalation"}),
        ("es la tercera vez que llamo", {"effort"}),
        ("me pasaron de un agente a otro", {"effort"}),
        ("nadie me da solución", {"effort"}),
        ("tengo un cargo no autorizado en la tarjeta", {"urgent"}),
        ("hay una fuga de gas en el medidor", {"urgent"}),
    ],
)
def test_cues_found(text: str, expected: set[str]) -> None:
    assert _flags(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "no pienso cancelar",
        "no quiero darme de baja todavía",
        "nunca me cambiaría a otra compañía",
        "no tengo ninguna intención de darme de baja",
        "cancelaron mi vuelo sin avisar",
        "la app se cae cada dos por tres",
        "me cobraron dos veces el mismo mes",
        "llevo cinco años con ustedes",
        "a mi juicio el servicio mejoró",
        "esto es un robo, qué precios",
        "el internet va muy lento por las noches",
        "vi su anuncio en redes sociales",
        "la velocidad es baja",
    ],
)
def test_hard_negatives(text: str) -> None:
    assert _flags(text) == set()


def test_attach_intents_and_shares_per_topic() -> None:
    from cxnlp.intents.frame import attach_intents, callback_reason, intent_shares

    frame = pd.DataFrame(
        {
            "text": [
                "me doy de baja",
                "es la tercera vez que llamo",
                "todo bien",
                "me doy de baja",
                "voy a ir a Profeco y me cambio a Telcel",
            ],
            "topic_id": [1, 1, 1, 2, 2],
            "topic_ids": [[1], [1, 2], [1], [2], [2]],
            "dup_of": [None, None, None, "x", None],
        }
    )
    flagged = attach_intents(frame)
    assert list(flagged["churn"]) == [True, False, False, True, True]
    assert attach_intents(flagged) is flagged  # already flagged: left as is
    shares = intent_shares(frame)
    # topic 1: three answers, one churn, one effort; topic 2: the two-topic answer and
    # the Profeco one (the duplicate is left out)
    assert shares.loc[1, "n"] == 3 and shares.loc[1, "churn"] == pytest.approx(1 / 3)
    assert shares.loc[1, "effort"] == pytest.approx(1 / 3)
    assert shares.loc[2, "n"] == 2 and shares.loc[2, "churn"] == pytest.approx(0.5)
    assert shares.loc[2, "escalation"] == pytest.approx(0.5)
    row = flagged.iloc[4]
    assert callback_reason(row) == "intención de baja y amenaza de reclamación"
    assert callback_reason(flagged.iloc[2]) == ""


def test_shares_of_one_topic_and_the_summary_line() -> None:
    from cxnlp.intents.frame import intent_shares, intent_summary

    frame = pd.DataFrame(
        {
            "text": ["me doy de baja", "todo bien", "me robaron la tarjeta", "hola"],
            "topic_id": [1, 1, 2, 2],
            "topic_ids": [[1], [1, 2], [2], [2]],
        }
    )
    assert intent_shares(frame, 2).equals(intent_shares(frame).loc[[2]])
    line = intent_summary(intent_shares(frame), 1)
    assert line == (
        "50% con intención de baja; 0% con amenaza de reclamación; "
        "0% con esfuerzo o contacto repetido (de 2 comentarios)"
    )
    assert "urgente" in str(intent_summary(intent_shares(frame), 2))
    assert intent_summary(intent_shares(frame), 9) is None
