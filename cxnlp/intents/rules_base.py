"""What every intent rule module shares: the :class:`Cue` record and common vocabulary.

Patterns run on folded text (lower case, no accents; see
:mod:`cxnlp.intents.fold`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Rival providers named in switch threats ("me cambio a Movistar").
RIVALS = (
    r"movistar|vodafone|orange|yoigo|digi|masmovil|jazztel|pepephone|lowi|simyo|o2|"
    r"telcel|at ?& ?t|att|claro|personal|entel|tigo|bitel|wom|vtr|telmex|izzi|totalplay|"
    r"megacable|fibertel|telecentro|iberdrola|endesa|naturgy|repsol|holaluz|"
    r"bbva|santander|caixabank|bankinter|ing|openbank|revolut|nubank|mercado pago|uala|"
    r"netflix|amazon|mercadolibre|mercado libre|rappi|didi|uber"
)
# Things a customer cancels when leaving (not a flight, an order or an appointment).
BOND = (
    r"(?:el |la |los |las |mi |mis |nuestro |nuestra |este |esta |todo el |toda la )?"
    r"(?:contrato|servicio|cuenta|suscripcion|subscripcion|linea|plan|poliza|seguro|"
    r"membresia|tarjeta|abono|tarifa|contratacion|portabilidad|numero|fibra|paquete|"
    r"afiliacion|credito|relacion|todo)"
)
COMPANY = (
    r"(?:compania|companias|empresa|operador|operadora|operadores|banco|aseguradora|proveedor|"
    r"prestador|proveedora|distribuidora|comercializadora|cable ?operador|prepaga|isapre|eps|"
    r"obra social|plataforma|gimnasio|cooperativa|financiera|entidad|aerolinea|linea aerea|"
    r"marca|telefonica|cableoperadora|fintech|neobanco)"
)
OTHER = rf"(?:otra {COMPANY}|otro {COMPANY}|otra|otro|la competencia|{RIVALS})"
ME_DOY = (
    r"(?:me|nos)\s+(?:doy|di|dare|daria|damos|dimos|daremos|he dado|hemos dado|"
    r"voy a dar|vamos a dar|tengo que dar|tendre que dar)"
)
CONTACT = (
    r"llame|llamado|llamo|llamar|llamando|escribi|escrito|escribo|reclame|reclamado|reclamo|"
    r"fui|fue|fueron|ido|vine|venido|insisti|insistido|pedi|pedido|solicite|solicitado|explique|"
    r"explicado|"
    r"contacte|contactado|marque|marcado|intente|intentado|ir|venir|volver|mande|mandado|"
    r"envie|enviado|hable|hablado|acudi|acudido|pregunte|preguntado|vengo|voy"
)
TIMES = (
    r"dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|veinte|varias|muchas|"
    r"mil|cien|un monton de|infinidad de|incontables|innumerables|\d+"
)
FIRST_PERSON_WANT = (
    r"(?:voy a|vamos a|quiero|queremos|quisiera|pienso|pensamos|deseo|necesito|me gustaria|"
    r"estoy pensando en|estoy por|estamos por|estoy a punto de|tengo ganas de|"
    r"voy a tener que|tendre que|tengo que|me toca|prefiero|he decidido|decidi|"
    r"mejor|solicito|solicitamos|pido|exijo|ya mismo|hoy mismo|manana mismo)"
)


@dataclass(frozen=True)
class Cue:
    """One pattern: the intent it signals, its regex, and whether negation cancels it."""

    intent: str
    pattern: re.Pattern[str]
    negatable: bool = True


def make_cues(intent: str, patterns: list[str], *, negatable: bool = True) -> list[Cue]:
    return [Cue(intent, re.compile(p), negatable) for p in patterns]
