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

from cxnlp.intents.rules_base import Cue
from cxnlp.intents.rules_churn import CHURN, CHURN_SELF_NEGATED
from cxnlp.intents.rules_effort import EFFORT
from cxnlp.intents.rules_escalation import ESCALATION
from cxnlp.intents.rules_urgent import URGENT

RULES_VERSION = "intents.rules.v7"

CUES: tuple[Cue, ...] = (*CHURN, *CHURN_SELF_NEGATED, *ESCALATION, *EFFORT, *URGENT)

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
# Hypotheticals that deny the intent now ("si alguna vez me cambio de compañía
# será por precio"); they are rewritten as a negation before the scan.
AS_NEGATION = re.compile(
    r"\bsi (?:alguna vez|algun dia|un dia|en algun momento)\b|\ba lo mejor\b|"
    r"\b(?:quizas|quiza|tal vez) (?:en (?:el|un) futuro|mas adelante|algun dia)\b|"
    r"\b(?:casi|pense en|pensaba en|llegue a pensar en|estuve a punto de|estuve por)"
    r"(?= (?:me |nos )?(?:doy|di|dar|darme|cambio|cambie|cambiarme|voy|fui|irme|paso|pase|"
    r"pasarme|largo|cancelo|cancele|cancelar|dejo|deje|dejarlos|pedir|pedi))"
)
NEGATORS = frozenset("no nunca jamas tampoco ni sin ningun ninguna ninguno nadie absoluto".split())
# Words that may sit between a negation and the cue it negates ("no tengo
# ninguna intención de darme de baja"); any other word ends the negation's
# reach, so "no me solucionan nada me doy de baja" stays churn.
GAP_WORDS = frozenset(
    """me te nos se lo la le los las les a de en que el mi al del un una por ahora todavia aun
    ya momento el por quiero queremos quiere quisiera pienso pensamos piensa pensado pensando voy
    vamos va tengo tenemos tiene intencion intenciones planes plan estoy estamos esta he hemos ha
    deseo necesito pretendo pretendemos busco buscar gustaria podria puedo es mas hay ganas
    interes mucho menos tan lejos hoy manana vez dar volver loco loca broma manera forma caso
    para siquiera realmente voy vayamos vaya iba ibamos quise quisimos pense pensaba
    desea desean quieren pretende piensa piensan""".split()
)
# How many words before a cue a negation reaches.
NEGATION_WINDOW = 7
# Short churn verbs that are no cue on their own ("me cambio" may be of address)
# but, negated ("ni de broma me cambio", "no cancelo nada"), say the writer
# stays: they only keep the intent head from adding churn there.
DENIAL_ONLY: tuple[Cue, ...] = tuple(
    Cue("churn", re.compile(p))
    for p in (
        r"\b(?:me|nos)\s+(?:cambio|cambiaria|cambiamos|voy|vamos|iria|paso|pasaria|salgo|"
        r"saldria|muevo|largo|marcho|borro)\b",
        r"\b(?:cancelo|cancelaria|cancelar|cancelarlo|cancelarla|irme|irnos|cambiarme|"
        r"cambiarnos|pasarme|salirme|dejarlos|dejarles|dejarlas|baja|renunciar|renuncio)\b",
    )
)
