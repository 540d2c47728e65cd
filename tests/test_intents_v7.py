"""Rules v7: what a churn verb ends, negation by wanting, hypotheticals, refused offers,
porting in, agent notes; denied readings keep the head from adding churn back."""

from __future__ import annotations

import numpy as np
import pytest

from cxnlp.intents import INTENTS, flag_intents, negated_intents
from cxnlp.intents.head import IntentHead


def _churn(text: str) -> bool:
    return bool(flag_intents([text]).loc[0, "churn"])


def _head_reads_churn() -> IntentHead:
    # coef row 0 reads the first vector component as churn; the vector below gives p ~ 1.
    return IntentHead(
        name="toy", embedder="toy/1", coef=np.eye(4, 4), intercept=np.zeros(4), intents=INTENTS
    )


# (1) The object of "dar de baja / cancelar / anular / quitar": a part, not the relationship.
OBJECT_NOT_LEAVING = [
    "Quiero dar de baja el router viejo porque me mandaron uno nuevo",
    "Necesito cancelar el pack de fútbol, el resto del plan lo mantengo",
    "Quisiera quitar a mi esposa como beneficiaria de la póliza",
    "Vengo a cancelar la cuota de diciembre del préstamo",
    "quiero anular la domiciliación y pagar por transferencia",
    "Por favor den de baja una de mis líneas, la que usaba mi hijo",
    "Deseo cancelar la reposición de la tarjeta, ya la encontré",
    "Quiero cancelar el saldo pendiente de la tarjeta",
]
# ... while the relationship as a whole still reads as churn.
OBJECT_LEAVING = [
    "Quiero dar de baja el contrato de fibra este mes",
    "Necesito cancelar la suscripción, no la uso",
    "Anulen mi póliza a partir del día uno",
    "Quiero cancelar la membresía del gimnasio",
]


@pytest.mark.parametrize("text", OBJECT_NOT_LEAVING)
def test_cancelling_a_part_is_not_churn(text: str) -> None:
    assert not _churn(text)


@pytest.mark.parametrize("text", OBJECT_LEAVING)
def test_cancelling_the_relationship_stays_churn(text: str) -> None:
    assert _churn(text)


# (2) Negation through a verb of wanting, in capitals or in an agent's note.
@pytest.mark.parametrize(
    "text",
    [
        "El titular NO desea dar de baja la línea, solo pide revisar la factura",
        "cliente no quiere cancelar el servicio, llamó por una duda del recibo",
        "La señora no pretende darse de baja, solo reclama el cargo",
    ],
)
def test_negation_through_a_wanting_verb(text: str) -> None:
    assert not _churn(text)
    assert bool(negated_intents([text]).loc[0, "churn"])


# (3) Pure hypotheticals; (4) refused offers and accepted retention.
@pytest.mark.parametrize(
    "text",
    [
        "Quizás en el futuro me cambie de compañía si suben mucho, por ahora estoy conforme",
        "A lo mejor tengo que cambiar de banco cuando me jubile, ya veremos",
        "Me ofrecieron pasarme a otra compañía más barata y les dije que no",
        "Llamé para darme de baja pero me hicieron un descuento y me quedo",
        "Cte solicitaba la baja, acepta la oferta de retención y se mantiene",
    ],
)
def test_hypotheticals_refusals_and_retention_are_not_churn(text: str) -> None:
    assert not _churn(text)


# (5) Porting into the company.
@pytest.mark.parametrize(
    "text",
    [
        "Qué necesito para hacer la portabilidad de mi número hacia ustedes",
        "Mi marido viene de otra compañía y quiere contratar aquí",
    ],
)
def test_porting_in_is_not_churn_and_blocks_the_head(text: str) -> None:
    out = flag_intents([text], np.array([[9.0, 0, 0, 0]]), _head_reads_churn())
    assert not out.loc[0, "churn"]


# (6) Third-person agent notes and the misses of rules v6.
@pytest.mark.parametrize(
    "text",
    [
        "Sr pide cierre de cta de ahorro, motivo comisiones",
        "Cliente confirma no renovación del seguro del auto",
        "Cte indica q se porta a otra compañía si no le devuelven el cobro",
        "ya porté la línea, no me cobren más",
        "Me porté en junio y me siguen llegando facturas",
        "ya me desuscribí, dejen de mandarme correos de cobro",
        "Ya tenemos otra aseguradora desde el mes pasado",
        "Hemos decidido trasladar la cuenta de la empresa y los ahorros a otro banco",
        "ya no aguanto, cancela todo de una vez",
        "Baja del club, gracias.",
        "Me siguen cobrando después de la baja que pedí en mayo",
        "No volveré a contratar sus servicios después de esto",
    ],
)
def test_agent_notes_and_done_leaving_are_churn(text: str) -> None:
    assert _churn(text)


@pytest.mark.parametrize(
    "text",
    [
        "Quiero cancelar la deuda del préstamo en una sola vez",
        "Cambien el titular del contrato a nombre de mi hija",
        "Si algún día me voy del país a lo mejor doy de baja todo, por ahora todo bien",
    ],
)
def test_denied_readings_keep_the_head_from_adding_churn(text: str) -> None:
    assert bool(negated_intents([text]).loc[0, "churn"])
    out = flag_intents([text], np.array([[9.0, 0, 0, 0]]), _head_reads_churn())
    assert not out.loc[0, "churn"]


def test_a_real_cue_beside_a_denied_one_still_flags_churn() -> None:
    text = "Den de baja el router y también quiero dar de baja el contrato completo"
    assert _churn(text)
    assert not bool(negated_intents([text]).loc[0, "churn"])


@pytest.mark.parametrize(
    "text",
    [
        "Di de baja el canal premium pero sigo con el plan de siempre",
        "Me cambié de compañía el año pasado y vine a ustedes, sin quejas",
        "si no me pagan el reembolso me voy derecho a la Profeco",
    ],
)
def test_staying_porting_in_and_going_to_an_agency_deny_churn(text: str) -> None:
    out = flag_intents([text], np.array([[9.0, 0, 0, 0]]), _head_reads_churn())
    assert not out.loc[0, "churn"]


def test_going_to_an_agency_is_still_escalation_and_leaving_still_churn() -> None:
    out = flag_intents(
        [
            "si no me pagan el reembolso me voy derecho a la Profeco",
            "Cancelé el servicio y sigo con el internet cortado",
        ]
    )
    assert out.loc[0, "escalation"] and not out.loc[0, "churn"]
    assert out.loc[1, "churn"]


@pytest.mark.parametrize(
    "text",
    ["Mañana llevo las facturas a la Sedeco", "ya reclamé en el Indepabis", "queja a la URSEC"],
)
def test_more_regional_consumer_agencies_are_escalation(text: str) -> None:
    assert bool(flag_intents([text]).loc[0, "escalation"])


def test_a_conditional_stay_does_not_cancel_an_ultimatum() -> None:
    assert _churn("Si no me bajan la tarifa me doy de baja; si la bajan me quedo.")
    assert not _churn("Iba a darme de baja, me bajaron la tarifa y me quedo.")


def test_farewells_and_another_policy_with_us_are_read_the_right_way() -> None:
    assert _churn("Me cambio de compañía, hasta nunca a ustedes")
    assert not _churn("Ya tengo otro seguro con ustedes, quiero el descuento por dos pólizas")
