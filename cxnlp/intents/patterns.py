"""Spanish cue patterns for churn, escalation, effort and urgency.

Every pattern runs on folded text (see :mod:`cxnlp.intents.fold`): lower case,
no accents. Regional variants sit side by side (Spain, Mexico, Rioplatense,
Andean, Chile). A pattern is *negatable* when a negation shortly before it in
the same clause cancels it ("no pienso cancelar"); patterns that carry their
own negation ("no voy a renovar") are not.

Bump :data:`RULES_VERSION` whenever a pattern changes: stored flags computed
under another version are recomputed by the enrich step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

RULES_VERSION = "intents.rules.v1"

# Rival providers named in switch threats ("me cambio a Movistar").
_RIVALS = (
    r"movistar|vodafone|orange|yoigo|digi|masmovil|jazztel|pepephone|lowi|simyo|o2|"
    r"telcel|at ?& ?t|att|claro|personal|entel|tigo|bitel|wom|vtr|telmex|izzi|totalplay|"
    r"megacable|fibertel|telecentro|iberdrola|endesa|naturgy|repsol|holaluz|"
    r"bbva|santander|caixabank|bankinter|ing|openbank|revolut|nubank|mercado pago|uala|"
    r"netflix|amazon|mercadolibre|mercado libre|rappi|didi|uber"
)
# Things a customer cancels when leaving (not a flight, an order or an appointment).
_BOND = (
    r"(?:el |la |los |las |mi |mis |nuestro |nuestra |este |esta |todo el |toda la )?"
    r"(?:contrato|servicio|cuenta|suscripcion|subscripcion|linea|plan|poliza|seguro|"
    r"membresia|tarjeta|abono|tarifa|contratacion|portabilidad|numero|fibra|paquete|"
    r"afiliacion|credito|relacion|todo)"
)
_COMPANY = r"(?:compania|companias|empresa|operador|operadora|operadores|banco|aseguradora|proveedor|prestador|proveedora|distribuidora|comercializadora|cable ?operador)"
_OTHER = rf"(?:otra {_COMPANY}|otro {_COMPANY}|otra|otro|la competencia|{_RIVALS})"
_ME_DOY = (
    r"(?:me|nos)\s+(?:doy|di|dare|daria|damos|dimos|daremos|he dado|hemos dado|"
    r"voy a dar|vamos a dar|tengo que dar|tendre que dar)"
)
_CONTACT = (
    r"llame|llamado|llamo|llamar|llamando|escribi|escrito|escribo|reclame|reclamado|reclamo|"
    r"fui|ido|vine|venido|insisti|insistido|pedi|pedido|solicite|solicitado|explique|explicado|"
    r"contacte|contactado|marque|marcado|intente|intentado|ir|venir|volver|mande|mandado|"
    r"envie|enviado|hable|hablado|acudi|acudido|pregunte|preguntado|vengo|voy"
)
_TIMES = (
    r"dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|veinte|varias|muchas|"
    r"mil|cien|un monton de|infinidad de|incontables|innumerables|\d+"
)
_FIRST_PERSON_WANT = (
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


def _cues(intent: str, patterns: list[str], *, negatable: bool = True) -> list[Cue]:
    return [Cue(intent, re.compile(p), negatable) for p in patterns]


_CHURN = _cues(
    "churn",
    [
        # Baja: "me doy de baja", "darme de baja", "solicito la baja".
        rf"\b{_ME_DOY}\s+de\s+baja\b",
        r"\b(?:darme|darnos|dar)\s+de\s+baja\b",
        r"\b(?:dandome|dandonos)\s+de\s+baja\b",
        r"\b(?:pedir|pedi|pido|pedire|solicitar|solicite|solicito|solicitare|tramitar|tramite|"
        r"tramito|tramitare|gestionar|"
        r"gestione|quiero|queremos|exijo|procesen|tramiten|den|denme|hagan|hacer|pedimos)\s+"
        r"(?:la|mi|nuestra|una)\s+baja\b",
        r"\bla baja (?:de|del) (?:mi|la|el|los|las) ?(?:contrato|servicio|linea|cuenta|plan|fibra|"
        r"tarjeta|poliza|seguro|numero|suscripcion)",
        # Cancelling the relationship (first person or a request), not a flight.
        rf"\b{_FIRST_PERSON_WANT}\s+(?:(?:a|que)\s+)?cancelar(?:lo|la|los|las)?\b"
        rf"(?=\s*(?:$|[.,;!?]|{_BOND}\b|con ustedes|con esta|y me|y ))",
        rf"\b(?:cancelo|cancelare|cancelaria|cancele|cancelamos|cancelaremos|cancelen|"
        rf"cancelenme|cancelarme)\s+{_BOND}\b",
        rf"\b(?:cancelacion|rescision|resolucion|terminacion|anulacion)\s+(?:de|del)\s+{_BOND}\b",
        rf"\b(?:rescindir|rescindo|rescindire|rescindimos|anular|anulo|terminar|termino|"
        rf"finalizar|finalizo|dar por terminado|dar por terminada)\s+{_BOND}\b",
        # Switching provider: "me cambio a Movistar", "me paso a la competencia".
        rf"\b(?:me|nos)\s+(?:cambio|cambiare|cambiaria|cambiamos|he cambiado|voy a cambiar|"
        rf"vamos a cambiar|voy a ir|vamos a ir|paso|pasare|pasaria|pasamos|voy a pasar|vamos a pasar|muevo|"
        rf"voy a mover|largo|marcho|piro|voy|iremos|ire|vamos|fui|fuimos|he ido|mudo|mudare)\s+"
        rf"(?:a|con|para|de)\s+(?:la\s+)?{_OTHER}\b",
        rf"\b(?:cambiarme|cambiarnos|pasarme|pasarnos|irme|irnos|mudarme|mudarnos)\s+"
        rf"(?:a|con|de|para)\s+(?:la\s+)?(?:{_OTHER}|{_COMPANY})\b",
        rf"\b(?:me|nos)\s+(?:cambio|cambiare|voy a cambiar|cambiaria|cambiamos)\s+de\s+{_COMPANY}\b",
        rf"\bcambiar(?:me|nos)\s+de\s+{_COMPANY}\b",
        rf"\b{_FIRST_PERSON_WANT}\s+(?:cambiar|pasar|ir|mudar)\s+(?:a|con|de|para)\s+(?:la\s+)?"
        rf"(?:{_OTHER}|{_COMPANY})\b",
        rf"\b(?:busco|buscare|buscando|buscar|voy a buscar|estoy buscando|contrate|contratare|"
        rf"voy a contratar|contratar|ya tengo|me ofrecen en)\s+(?:con\s+)?(?:otra|otro)\s+"
        rf"{_COMPANY}\b",
        rf"\b(?:me|nos)\s+(?:vamos|voy)\s+con\s+(?:la\s+)?{_OTHER}\b",
        # Leaving: "si no lo arreglan me voy", "los dejo", "me largo".
        r"\b(?:me|nos)\s+(?:voy|vamos|largo|marcho|piro|iremos|ire)\s*(?=$|[.!;]|,|\s+y\s|"
        r"\s+de (?:esta|la|su) (?:compania|empresa)|\s+de aqui|\s+de aca|\s+para siempre|"
        r"\s+sin pensarlo)",
        r"\b(?:los|las|les)\s+(?:dejo|dejare|voy a dejar|vamos a dejar|dejamos)\b",
        r"\bdejo de ser (?:su )?client[ea]\b",
        r"\bdejar de ser (?:su )?client[ea]\b",
        r"\bdejare de ser (?:su )?client[ea]\b",
        # Portability: "portabilidad", "me porto a", "el NIP" (Mexico), "portación" (AR).
        r"\bportabilidad\b",
        r"\bportacion\b",
        r"\b(?:portar|portare|portarme|portarnos|portamos)\b(?! (?:bien|mal|mejor|peor))",
        r"\bporto (?:mi|el|la|mis) (?:numero|linea|celular|movil)\b",
        r"\bnip (?:de|para) (?:portar|portabilidad|portarme)\b",
    ],
)

# Churn cues that carry their own negation ("ya no quiero seguir con ustedes").
_CHURN_SELF_NEGATED = _cues(
    "churn",
    [
        r"\bno (?:voy a|vamos a|pienso|pensamos|quiero|volvere a|vuelvo a)\s+"
        r"(?:renovar|seguir con ustedes|seguir siendo (?:su )?client[ea]|continuar con ustedes|"
        r"contratar(?:les)? (?:nada )?(?:nunca )?mas|volver a contratar|pagar(?:les)? (?:ni )?un "
        r"(?:peso|euro|sol|mes) mas)",
        r"\bno (?:renuevo|renovare|renovaremos|seguire|continuare)\b",
        r"\b(?:han|acaban de) perd(?:ido|er) (?:a )?un client[ea]\b",
        r"\bperdieron (?:a )?un client[ea]\b",
        r"\bun client[ea] menos\b",
        r"\bhasta nunca\b",
        r"\bnunca mas (?:con ustedes|contrato|les compro|vuelvo)\b",
    ],
    negatable=False,
)

_AGENCIES = (
    r"profeco|condusef|ocu|facua|sernac|indecopi|osiptel|osinergmin|enacom|omic|cnmc|"
    r"superintendencia(?: de industria y comercio| de servicios publicos)?|supersalud|"
    r"defensa (?:del|al|de los) consumidor(?:es)?|defensoria del (?:consumidor|pueblo|cliente)|"
    r"oficina (?:municipal )?(?:de informacion )?(?:al|del) consumidor|junta arbitral|"
    r"(?:hoja|libro|libros) de reclamaciones|(?:a|en|ante) consumo|banco de espana|banco central|ifetel|ift|"
    r"adicae|asufin|usuarios y consumidores|proteccion al consumidor|sic|ente regulador|"
    r"ombudsman|arbitraje de consumo|servicio de reclamaciones"
)

_ESCALATION = _cues(
    "escalation",
    [
        # Consumer agencies, named (a mention is itself the threat).
        rf"\b(?:{_AGENCIES})\b",
        # Legal action.
        r"\b(?:denunciar|denunciarlos|denunciarles|denuncio|denunciare|denunciaremos|denuncie|"
        r"demandar|demandarlos|demandarles|demando|demandare|demandaremos|demande|querellar|"
        r"querella)\b(?! (?:el|del|un|por) (?:robo|extravio|hurto))",
        r"\b(?:poner|pondre|puse|presentar|presentare|presente|interponer|interpondre|interpuse|"
        r"meter|metere|meti|hacer|hare|haremos)\s+(?:una|la|mi)\s+(?:denuncia|demanda|querella|"
        r"reclamacion formal|queja formal|reclamacion oficial|queja oficial)\b",
        r"\b(?:abogad[oa]s?|licenciad[oa] (?:en derecho)?|asesoria legal|asesoria juridica|"
        r"bufete|despacho de abogados)\b",
        r"\b(?:accion|acciones|medidas|via|vias|instancias)\s+(?:legal|legales|judicial|"
        r"judiciales|juridica|juridicas)\b",
        r"\b(?:tribunales|juzgado|juzgados|juez|fiscalia|ministerio publico|carta documento)\b",
        r"\b(?:llevar\w* a|ir a|iremos a|vamos a|un) juicio\b",
        # Press and social media threats: "lo voy a publicar en redes".
        r"\b(?:publicar|publicare|publicarlo|publico|publicamos|difundir|difundire|difundirlo|"
        r"exponer|expondre|exponerlos|subir|subire|subirlo|subo|contar|contare|contarlo|"
        r"escrachar|escracharlos|escrache|viralizar|viralizarlo|ventilar|ventilarlo|"
        r"hacer publico|hacerlo publico|hare publico|hacer viral|hacerlo viral|quemarlos|"
        r"denunciar publicamente|exhibir|exhibirlos|balconear|balconearlos)\b"
        r"(?:\s+\S+){0,6}?\s+(?:en|a|por|con)\s+(?:las\s+|los\s+|la\s+|el\s+|todas\s+las\s+|mis\s+)?"
        r"(?:redes|redes sociales|twitter|tiktok|facebook|instagram|youtube|prensa|medios|"
        r"periodic\w*|television|tele|noticiero|noticias|radio|internet|google|reddit|x)\b",
        r"\b(?:ir|acudir|llevarlo|llevar esto|llamar|llamare|ire|acudire|voy)\s+(?:a\s+)?"
        r"(?:la prensa|los medios|la television|la tele|los periodistas|un periodista|"
        r"los noticieros)\b",
        r"\bque se entere todo el mundo\b",
        r"\b(?:se va a|lo voy a|lo vamos a) hacer viral\b",
    ],
)

_EFFORT = _cues(
    "effort",
    [
        # Repeated contact: "es la tercera vez que llamo".
        r"\b(?:segunda|tercera|cuarta|quinta|sexta|septima|octava|decima|enesima|milesima|"
        r"n-esima|\d+(?:a|ra|da|ta)?)\s+vez\s+(?:que|en|este|esta)\b",
        rf"\b(?:{_CONTACT})\s+(?:\w+\s+){{0,3}}?(?:{_TIMES})\s+veces\b",
        rf"\b(?:{_TIMES})\s+veces\s+(?:que |a |he |hemos |ya |tuve que |tengo que )?(?:{_CONTACT})\b",
        r"\b(?:llevo|llevamos|van|ya van|ya llevo)\s+(?:\w+\s+){0,2}?(?:dias?|semanas?|mes|meses|anos?)\s+"
        r"(?:llamando|reclamando|esperando|escribiendo|intentando|insistiendo|detras|sin|con este|"
        r"con el mismo|peleando|luchando|tras)\b",
        r"\b(?:llevo|llevamos|van|ya van|ya llevo)\s+(?:\w+\s+){0,2}?(?:llamadas|correos|mails|"
        r"reclamos|reclamaciones|quejas|tickets|visitas|incidencias|mensajes)\b",
        r"\b(?:volvi|vuelvo|he vuelto|tuve que volver|tengo que volver|volver)\s+a\s+"
        r"(?:llamar|escribir|reclamar|ir|explicar|contar|pedir|insistir)\b",
        r"\b(?:llame|llamo|escribi|reclame|insisti|fui)\s+(?:y|e)\s+(?:llame|escribi|reclame|"
        r"insisti|fui)\b",
        r"\bcada vez que (?:llamo|llame|escribo|reclamo|voy)\b",
        r"\b(?:llamada|llamadas|correo|correos|reclamo|reclamos|queja|quejas|ticket|tickets)\s+"
        r"(?:tras|despues de|sobre)\s+(?:llamada|correo|reclamo|queja|ticket)\b",
        r"\b(?:otra vez|de nuevo|nuevamente) (?:a )?(?:llamar|llamando|reclamando|escribiendo|"
        r"explicando|esperando)\b",
        r"\b(?:repetir|repeti|repito|explicar de nuevo|volver a explicar|contar de nuevo)\s+"
        r"(?:todo|mi caso|el caso|la historia|mi problema|el problema|lo mismo)\b",
        # Transfers: "me pasaron de un agente a otro".
        r"\bde un (?:agente|asesor|operador|area|departamento|lado|sitio|telefono|ejecutivo|"
        r"empleado|sector|piso|numero|canal) (?:a|al|para) otro\b",
        r"\bde (?:aqui|aca) para (?:alla|aca)\b",
        r"\b(?:me|nos)\s+(?:transfirieron|transfieren|transferian|derivaron|derivan|derivaban|"
        r"redirigieron|redirigen|pasan|pasaron|pasaban|mandan|mandaron|mandaban|rebotan|"
        r"rebotaron|pelotean|pelotearon|marean|marearon|tuvieron|traen|trajeron)\s+"
        r"(?:\S+\s+){0,3}?(?:de un lado a otro|de aqui para alla|de aca para alla|de area en area|"
        r"de departamento en departamento|de agente en agente|de persona en persona|con otro|"
        r"con otra|a otro|a otra|de un sitio a otro|de oficina en oficina|de ventanilla en "
        r"ventanilla)",
        rf"\b(?:me|nos)\s+(?:transfirieron|transfieren|derivaron|derivan|pasaron|pasan|mandaron|"
        rf"mandan|redirigieron|comunicaron)\s+(?:con|a|por|entre)\s+(?:{_TIMES}|otras?|otros?|"
        rf"distint[oa]s|diferentes)\s+(?:\w+\s+)?(?:departamentos|areas|agentes|personas|asesores|"
        rf"operadores|ejecutivos|sectores|oficinas|numeros|extensiones|gente)\b",
        r"\b(?:peloteo|ping pong|pinpon|pimpon|me pelotean|me marean|vuelta tras vuelta|"
        r"de ventanilla en ventanilla|de oficina en oficina)\b",
        # Nobody solves: "nadie me da solución".
        r"\bnadie (?:me |nos |le )?(?:da|dio|daba|sabe|supo|resuelve|resolvio|soluciona|"
        r"soluciono|responde|respondio|contesta|contesto|atiende|atendio|se hace cargo|"
        r"hace nada|ayuda|ayudo|me ayuda|da la cara|se responsabiliza)\b",
        r"\b(?:sigo|seguimos|continuo|llevo|llevamos)\s+(?:\w+\s+){0,3}?(?:sin|esperando)\s+"
        r"(?:solucion|respuesta|que me|que alguien|una solucion|una respuesta|noticias)\b",
        r"\b(?:horas|hora y media|una hora|dos horas|\d+ minutos|media hora)\s+(?:\w+\s+){0,3}?"
        r"(?:en espera|esperando|al telefono|colgad[oa]|en la linea|en linea|en cola|haciendo "
        r"fila|en la fila)\b",
        r"\b(?:me|nos)\s+(?:colgaron|cuelgan|colgaban|cortaron la llamada|cortan la llamada)\b",
        r"\b(?:nunca|jamas) (?:me |nos )?(?:dan|dieron|devuelven|devolvieron) (?:una )?"
        r"(?:solucion|respuesta|la llamada)\b",
        r"\bno (?:me|nos) (?:dan|dieron|han dado|ofrecen|ofrecieron) (?:ninguna |una |ni una )?"
        r"(?:solucion|respuesta)\b",
    ],
)

_URGENT = _cues(
    "urgent",
    [
        r"\b(?:fraude|fraudulent[oa]s?|estafaron|estafado|estafada|intento de estafa|"
        r"suplantacion|suplantaron|robo de identidad|phishing|vishing|smishing|clonaron|"
        r"clonada|clonado|hackearon|hackeada|hackeado|jaquearon|pirateada|vaciaron)\b",
        r"\b(?:me|nos|le)\s+(?:robaron|roban|han robado|robo)\b(?! (?:el |mi )?(?:tiempo|paciencia|"
        r"la paciencia|las ganas|la ilusion|el dia|la tarde|la manana))",
        r"\brob(?:aron|o) (?:mi|mis|la|el|los|las) (?:tarjeta|cuenta|datos|identidad|dinero|"
        r"clave|contrasena|celular|telefono|movil|paquete|pedido)\b",
        r"\brobo de (?:mi|mis|la|el|los|las|datos|tarjeta|identidad|dinero)\b",
        r"\b(?:cargo|cargos|cobro|cobros|compra|compras|movimiento|movimientos|transferencia|"
        r"transferencias|retiro|retiros|consumo|consumos)\s+(?:\w+\s+)?(?:no autorizad[oa]s?|"
        r"no reconocid[oa]s?|que no (?:reconozco|hice|realice|autorice|he hecho|hicimos)|"
        r"desconocid[oa]s?|indebid[oa]s?|fraudulent[oa]s?)\b",
        r"\bno (?:reconozco|reconocemos|autorice|autorizamos|hice|realice)\s+(?:\w+\s+){0,2}?"
        r"(?:cargo|cargos|cobro|cobros|compra|compras|movimiento|movimientos|transferencia|"
        r"retiro|pago|pagos)\b",
        r"\b(?:fuga|escape|olor|huele|olia) (?:de |a )?gas\b",
        r"\b(?:cortocircuito|corto circuito|chispas|chispazo|incendio|se incendio|fuego|humo|"
        r"explosion|exploto|electrocut\w*|descarga electrica|calambre|intoxicad[oa]s?|"
        r"intoxicacion|quemadura|quemaduras|herid[oa]s?|lesionad[oa]s?)\b",
        r"\b(?:cable|cables)\s+(?:\w+\s+)?(?:pelad[oa]s?|suelt[oa]s?|colgando|caid[oa]s?|"
        r"expuest[oa]s?|en el suelo)\b",
        r"\bposte (?:caido|a punto de caer|inclinado)\b",
        r"\b(?:peligro|peligros[oa]s?|riesgo para|emergencia|urgencia medica)\b",
    ],
)

CUES: tuple[Cue, ...] = (*_CHURN, *_CHURN_SELF_NEGATED, *_ESCALATION, *_EFFORT, *_URGENT)

# Phrases whose "no" does not negate what follows ("si no lo arreglan me voy",
# "no me queda otra que darme de baja"); they are blanked before the negation scan.
NOT_A_NEGATION = re.compile(
    r"\bsi no\b|\bsino\b|\bno me queda (?:otra|mas remedio|de otra)\b|\bno (?:tengo|tenemos|hay) "
    r"(?:otra|mas remedio|otra opcion|otra salida|alternativa)\b|\bno (?:se|sabemos) si\b|"
    r"\bno dud(?:o|are|aremos|aria) (?:en|ni un segundo en)\b|\bno descarto\b|\bno lo pienso dos\b|"
    r"\bno (?:quiero|querria) (?:tener que )?llegar a\b|\bni (?:lo )?dudo\b|\bno me dejan otra\b|"
    r"\bno (?:me )?(?:importa|interesa)\b|\bno es (?:broma|amenaza)\b|\bno estoy bromeando\b|"
    r"\bsin (?:pensarlo|dudarlo|dudar|mas|problema)\b|\bno (?:lo )?(?:aguanto|soporto) mas\b"
)
# "pensé en" and "casi" look back on an intent given up ("pensé en darme de baja,
# pero me lo solucionaron"), so they cancel a cue as a negation does.
NEGATORS = frozenset(
    "no nunca jamas tampoco ni sin ningun ninguna ninguno nadie absoluto pense casi".split()
)
# Words that may sit between a negation and the cue it negates ("no tengo
# ninguna intención de darme de baja"); any other word ends the negation's
# reach, so "no me solucionan nada me doy de baja" stays churn.
GAP_WORDS = frozenset(
    """me te nos se lo la le los las les a de en que el mi al del un una por ahora todavia aun
    ya momento el por quiero queremos quiere quisiera pienso pensamos piensa pensado pensando voy
    vamos va tengo tenemos tiene intencion intenciones planes plan estoy estamos esta he hemos ha
    deseo necesito pretendo pretendemos busco buscar gustaria podria puedo es mas hay ganas
    interes mucho menos tan lejos hoy manana vez dar volver loco loca broma manera forma caso
    para siquiera realmente voy vayamos vaya iba ibamos quise quisimos pense pensaba""".split()
)
# How many words before a cue a negation reaches.
NEGATION_WINDOW = 7
