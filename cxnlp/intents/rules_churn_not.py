"""Readings that deny churn although a churn verb is there (rules v7).

Two kinds, both on folded text:

* :data:`NOT_LEAVING` spans: a churn verb whose *object* is not the relationship
  ("dar de baja el celular viejo", "cancelar el paquete de canales", "cancelar la
  deuda" = pay it, "quitar a mi hijo como beneficiario", porting *into* the
  company). A churn cue overlapping such a span is dropped.
* :data:`STAYING` markers: the writer stays or only muses ("me ofrecieron ... les
  dije que no", "aceptó el descuento", "por ahora todo perfecto"). Every churn
  cue that begins before the marker ends is dropped.

Either way the text's churn reads *denied*: the intent head adds no churn flag
there unless another churn cue survives (see :mod:`cxnlp.intents.match`).
"""

from __future__ import annotations

import re

from cxnlp.intents.fold import clause_start
from cxnlp.intents.rules_base import OTHER, RIVALS
from cxnlp.intents.rules_escalation import _AGENCIES

# Verbs that end something: "dar de baja", "cancelar", "anular", "quitar", "eliminar".
_END_VERB = (
    r"(?:(?:dar(?:me|le|les|nos)?|doy|di|den|dan|dio|damos|dimos|dieron|desea dar|quiere dar)"
    r"\s+de\s+baja|cancel\w*|anul\w*|quit\w*|elimin\w*|borr\w*|desactiv\w*|suspend\w*|"
    r"(?:la )?baja (?:de|del)|(?:la )?cancelacion (?:de|del)|(?:la )?anulacion (?:de|del))"
)
# Objects that are not the relationship as a whole.
_PART = (
    r"(?:celular|telefono|movil|equipo|dispositivo|aparato|router|modem|deco|decodificador|"
    r"chip|sim|tablet|reloj|beneficiari[oa]s?|adicional(?:es)?|extension(?:es)?|"
    r"hij[oa]s?|espos[oa]|mama|papa|madre|padre|marido|mujer|suegr[oa]|"
    r"una linea|una de (?:mis|las|nuestras) lineas|(?:segunda|otra) linea|"
    r"linea (?:adicional|extra|de mi \w+|vieja|secundaria)|"
    r"paquete (?:de canales|adicional|extra|premium|de datos|de minutos|deportivo)|pack|"
    r"canal(?:es)?|complemento|add ?on|(?:servicio|seguro|cobertura) (?:adicional|opcional)|"
    r"domiciliacion|debito automatico|(?:cargo|pago|cobro) (?:automatico|recurrente)|"
    r"reposicion|tarjeta (?:adicional|extra|de (?:mi|su) \w+)|plastico|"
    r"cita|turno|pedido|orden|compra|vuelo|reserva|envio|visita|"
    r"deuda|cuota|cuotas|saldo|factura|recibo|monto|importe|pago|boleta|adeudo|mensualidad|"
    r"letra|prestamo|hipoteca|credito (?:de|del) \w+|cargo|cobro)"
)
NOT_LEAVING: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        rf"\b{_END_VERB}\s+(?:a |al )?(?:(?:el|la|los|las|un|una|mi|mis|este|esta|ese|esa|su|sus|"
        rf"lo|todo lo|toda la)\s+)?(?:\w+\s+)?{_PART}\b",
        # Changing details, not provider: "cambien el titular", "cambio de domicilio".
        r"\bcambi\w*\s+(?:el |la |de |mi |su )?(?:titular|titularidad|domicilio|direccion|clave|"
        r"contrasena|pin|correo|numero de cuenta|forma de pago)\b",
        # Porting or moving *into* the company.
        r"\b(?:portabilidad|portacion|port\w+|pas(?:arme|arnos|ar|e|amos)|"
        r"cambi(?:arme|arnos|ar|e|amos)|traspas\w+)\b"
        r"(?:\s+(?!no\b|nunca\b|adios\b|chau\b|hasta\b|lejos\b)\w+){0,5}?\s+"
        r"(?:hacia|a|con|para) ustedes\b",
        rf"\b(?:vien[ea]n?|vengo|venimos|viniendo|llego|llega|llegue)\s+(?:de|desde)\s+"
        rf"(?:la\s+)?{OTHER}\b",
        r"\b(?:me|nos) (?:cambie|cambiamos|pase|pasamos|porte|portamos) a ustedes\b",
        r"\b(?:me|nos|se) (?:porte|portamos|porto|paso|paso|cambio) (?:aca|aqui) (?:desde|de)\b",
        # Going to an agency, a lawyer or the press is escalation, not leaving ("me voy a la
        # SEDECO", "voy a tener que ir a Defensa del Consumidor").
        rf"\b(?:me voy|nos vamos|voy|vamos|ir|ire|iremos|irme|acudir|acudo|fui|fuimos)"
        rf"(?: a ir| derecho| directo| directamente)?\s+(?:a|al|ante|donde)\s+(?:la |el |los )?"
        rf"(?:{_AGENCIES}|abogad[oa]s?|juzgado|tribunal(?:es)?|policia|comisaria|prensa|"
        rf"television|radio|noticiero|redes)\b",
    )
)
STAYING: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        # Offers refused: "les dije que no", "no acepté".
        r"\b(?:les|le) (?:dije|dijimos|conteste|contestamos|respondi) que no\b",
        r"\b(?:cte|cliente|client[ea]|sr|sra|usuari[oa]) (?:rechaza|no acepta) (?:la |el )?"
        r"(?:oferta|propuesta|cambio|portabilidad)\b",
        # Retention accepted: "me quedo", "aceptó el descuento", "desiste de la baja".
        rf"\b(?:me|nos) (?:quedo|quedamos|quede|voy a quedar|vamos a quedar)"
        rf"(?! sin| esperando| con (?:la duda|las ganas|{OTHER}))(?= con ustedes|\s*$|[.,;!]| "
        rf"(?:entonces|al final|por ahora|nomas|igual|tranquil))",
        r"\bdecid\w* quedar(?:me|nos|se)\b|\bmejor me quedo\b|\bsigo con ustedes\b",
        r"\bsigo siendo (?:su |cliente |client[ea] )?client[ea]\b|\bpero (?:sigo|seguimos|mantengo|"
        r"conservo) (?:con )?(?:el|la|mi|nuestro|nuestra) (?:plan|servicio|contrato|cuenta|linea|"
        r"tarifa)\b(?! (?:\w+ )?(?:cortad|caid|sin|igual|mal|suspendid|bloquead))",
        # Porting in, said after the switch: "cambié de operador y vine a ustedes".
        r"\b(?:vine|vinimos|me vine|nos vinimos|me pase|nos pasamos|llegue|llegamos) "
        r"(?:a|con|para) ustedes\b",
        r"\b(?:acepto|acepte|aceptamos|aceptaron|acepta|aceptó) (?:el|la|un|una) (?:descuento|oferta|"
        r"promocion|bonificacion|retencion|propuesta|rebaja)\b",
        r"\b(?:desiste|desisti|desistio|desistimos) (?:de|del)\b|\b(?:cte|cliente) retenid[oa]\b",
        r"\b(?:al final|finalmente|al fin) (?:no|me quedo|sigo|seguimos|no me (?:fui|cambie|voy))\b",
        # Musing, nothing decided: "por ahora todo perfecto", "a lo mejor en el futuro".
        r"\bpor ahora (?:todo )?(?:bien|perfecto|genial|ok|excelente|tranquil[oa]|estoy conforme)\b",
        r"\b(?:quizas|quiza|tal vez|a lo mejor|capaz que) (?:en (?:el|un) futuro|mas adelante|"
        r"algun dia|el dia de manana)\b",
        r"\b(?:me|nos) (?:ofrecieron|ofrecio|ofrecen|ofrece|propusieron|propuso)\s+"
        rf"(?:\w+\s+){{0,2}}?(?:pasarme|cambiarme|irme|portarme|pasarnos|cambiarnos)\s+"
        rf"(?:a|con)\s+(?:la\s+)?(?:{OTHER}|{RIVALS})\b(?=.*\bque no\b)",
    )
)


_CONDITION = re.compile(r"\b(?:si|cuando|mientras|siempre que|solo si)\b")


def churn_denials(folded: str) -> tuple[list[tuple[int, int]], int]:
    """Spans of :data:`NOT_LEAVING` in ``folded`` and where the last :data:`STAYING` marker ends.

    Returns ``(spans, stay_end)``; ``stay_end`` is -1 when no marker is found.
    """
    spans = [m.span() for p in NOT_LEAVING for m in p.finditer(folded)]
    # A staying marker under a condition ("si lo arreglan me quedo") decides nothing.
    stays = [
        m.end()
        for p in STAYING
        for m in p.finditer(folded)
        if not _CONDITION.search(folded[clause_start(folded, m.start()) : m.start()])
    ]
    return spans, max(stays, default=-1)


def denies(spans: list[tuple[int, int]], stay_end: int, start: int, end: int) -> bool:
    """Whether a churn cue at ``[start, end)`` is denied by an object span or a staying marker."""
    return start < stay_end or any(start < e and end > s for s, e in spans)
