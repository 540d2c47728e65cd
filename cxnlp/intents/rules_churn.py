"""Churn cues: cancelling, leaving, switching provider, portability (Spain and Latin America)."""

from __future__ import annotations

from cxnlp.intents.rules_base import (
    BOND,
    COMPANY,
    FIRST_PERSON_WANT,
    ME_DOY,
    OTHER,
    RIVALS,
    Cue,
    make_cues,
)

CHURN: list[Cue] = make_cues(
    "churn",
    [
        # Baja: "me doy de baja", "darme de baja", "solicito la baja".
        rf"\b{ME_DOY}\s+de\s+baja\b",
        r"\b(?:darme|darnos|darse|dar)\s+de\s+baja\b",
        r"\b(?:dandome|dandonos)\s+de\s+baja\b",
        r"\b(?:pedir|pedi|pido|pedire|solicitar|solicite|solicito|solicitare|tramitar|tramite|"
        r"tramito|tramitare|gestionar|"
        r"gestione|quiero|queremos|exijo|procesen|tramiten|den|denme|hagan|hacer|pedimos)\s+"
        r"(?:la|mi|nuestra|una)\s+baja\b",
        r"\bla baja (?:de|del) (?:mi|la|el|los|las) ?(?:contrato|servicio|linea|cuenta|plan|fibra|"
        r"tarjeta|poliza|seguro|numero|suscripcion)",
        # Cancelling the relationship (first person or a request), not a flight.
        rf"\b{FIRST_PERSON_WANT}\s+(?:(?:a|que)\s+)?cancelar(?:lo|la|los|las)?\b"
        rf"(?=\s*(?:$|[.,;!?]|{BOND}\b|con ustedes|con esta|y me|y ))",
        rf"\b(?:cancelo|cancelare|cancelaria|cancele|cancelamos|cancelaremos|cancelen|"
        rf"cancelenme|cancelarme)\s+{BOND}\b",
        rf"\b(?:cancelacion|rescision|resolucion|terminacion|anulacion)\s+(?:anticipad[oa]\s+)?"
        rf"(?:de|del)\s+{BOND}\b",
        rf"\b(?:rescindir|rescindo|rescindire|rescindimos|anular|anulo|anulen|rescindan|terminar|termino|"
        rf"finalizar|finalizo|dar por terminado|dar por terminada)\s+{BOND}\b",
        # Switching provider: "me cambio a Movistar", "me paso a la competencia".
        rf"\b(?:me|nos)\s+(?:cambio|cambiare|cambiaria|cambiamos|he cambiado|voy a cambiar|"
        rf"vamos a cambiar|voy a ir|vamos a ir|paso|pasare|pasaria|pasamos|voy a pasar|vamos a pasar|muevo|"
        rf"voy a mover|largo|marcho|piro|voy|iremos|ire|vamos|fui|fuimos|he ido|mudo|mudare|"
        rf"pasamos|movi|mudamos)\s+"
        rf"(?:a|con|para|de)\s+(?:la\s+)?{OTHER}\b",
        # "pasé"/"cambié" fold to the subjunctive's spelling: "me dicen que me pase a X" is advice.
        rf"(?<!que )\b(?:me|nos)\s+(?:pase|cambie)\s+(?:a|con|para)\s+(?:la\s+)?{OTHER}\b",
        rf"\b(?:cambiarme|cambiarnos|pasarme|pasarnos|irme|irnos|mudarme|mudarnos)\s+"
        rf"(?:a|con|de|para)\s+(?:la\s+)?(?:{OTHER}|{COMPANY})\b",
        rf"\b(?:me|nos)\s+(?:cambio|cambiare|voy a cambiar|cambiaria|cambiamos|cambie|he cambiado|"
        rf"mudamos|mudo|mudare|vamos a mudar)\s+de\s+{COMPANY}\b",
        rf"\bse\s+(?:va a cambiar|van a cambiar|cambia|cambian|cambiara|cambiaran)\s+de\s+{COMPANY}\b",
        rf"\b(?:me quiero|quiero|voy a|me voy a|necesito|quisiera|queremos|nos vamos a)\s+"
        rf"salir(?:me|nos)?\s+(?:del|de la|de este|de esta|de su|de mi)\s+(?:plan|contrato|servicio|"
        rf"seguro|poliza|suscripcion|{COMPANY})\b",
        rf"\b(?:me|nos)\s+(?:salgo|salimos|saldre|saldremos)\s+(?:del|de la|de este|de esta|de su)\s+"
        rf"(?:plan|contrato|servicio|seguro|poliza|suscripcion|{COMPANY})\b",
        r"\bcomo (?:cancelo|me doy de baja|doy de baja|me salgo|me desafilio|rescindo|me retiro|"
        r"me borro)\b",
        r"\b(?:me desvinculo|me desafilio|me borro|borrarme|me voy a borrar|me borre)\b",
        r"\bpara (?:irme|irnos|cambiarme|cambiarnos|darme de baja|pasarme|largarme)\b",
        rf"\b(?:me planteo|me estoy planteando|considero|estoy considerando|estoy evaluando|evaluo)\s+"
        rf"(?:seriamente\s+|en serio\s+)?(?:cambiar(?:me)?|pasar(?:me)?|irme)\s+(?:a|de|con)\s+"
        rf"(?:la\s+)?(?:{OTHER}|{COMPANY})\b",
        rf"\bcambiar(?:me|nos)\s+de\s+{COMPANY}\b",
        rf"\b{FIRST_PERSON_WANT}\s+(?:cambiar|pasar|ir|mudar)\s+(?:a|con|de|para)\s+(?:la\s+)?"
        rf"(?:{OTHER}|{COMPANY})\b",
        rf"\b(?:busco|buscare|buscando|buscar|voy a buscar|estoy buscando|contrate|contratare|"
        rf"voy a contratar|contratar|ya tengo|tengo visto|tengo vista|me ofrecen en|mirando|viendo|averiguando|elegi|"
        rf"elegimos|escogi|escogimos|consegui|conseguimos|"
        rf"averigue|averiguar|mire|mirar|comparando)\s+(?:con\s+)?(?:otra|otro|otras|otros)\s+"
        rf"{COMPANY}s?\b",
        rf"\b(?:me|nos)\s+(?:vamos|voy)\s+con\s+(?:la\s+)?{OTHER}\b",
        # Leaving: "si no lo arreglan me voy", "los dejo", "me largo".
        rf"\b(?:me|nos)\s+(?:voy|vamos|largo|marcho|piro|iremos|ire)"
        r"(?:\s+(?:pitando|volando|corriendo|ya|ahora mismo|enseguida|hoy mismo))?\s*(?=$|[.!;#]|,|\s+y\s|"
        rf"\s+de (?:esta|este|la|el|su|ese|esa) {COMPANY}|\s+de aqui|\s+de aca|\s+para siempre|"
        r"\s+sin pensarlo)",
        r"\b(?:me|nos)\s+(?:voy|vamos) a ir(?=\s*(?:$|[.,;!?]|\s+de (?:aqui|aca|esta|la|su)\b))",
        r"\b(?:los|las|les)\s+(?:dejo|dejare|voy a dejar|vamos a dejar|dejamos)\b",
        r"\b(?:los|las|les)\s+(?:estoy pensando|estamos pensando|pienso|quiero|queremos)\s+dejar\b",
        r"\bdejo de ser (?:su )?client[ea]\b",
        # Agent notes in the third person ("cliente indica que desea dar de baja").
        rf"\b(?:se va|se iria|se cambia|se pasa|se cambiara|se pasara|se ira|se porta|se portara|"
        rf"se va a portar)\s+(?:a|con)\s+"
        rf"(?:la\s+)?{OTHER}\b",
        r"\b(?:desea|quiere|solicita|pide|requiere|manifiesta que (?:desea|quiere))\s+"
        r"(?:cancelar|dar de baja|darse de baja|la baja|finalizar|terminar|rescindir|retirarse|"
        r"desafiliarse|la cancelacion|la portabilidad|la rescision|portarse)\b",
        r"\b(?:finalizar|terminar|romper|cortar|termino|finalizo)\s+(?:mi|su|nuestro|el|la|"
        r"nuestra)\s+(?:vinculo|relacion|contrato)\b",
        r"\b(?:solicitud|carta|formulario|aviso|peticion|tramite) de (?:retiro|baja|cancelacion|"
        r"desafiliacion|portabilidad|rescision|terminacion|desistimiento)\b",
        r"\b(?:procesar|procesen|tramitar|tramiten|gestionar|gestionen|confirmar|confirmen)\s+"
        r"(?:mi|la|nuestra)\s+baja\b",
        r"\bbaja voluntaria\b",
        rf"(?<!el )(?<!un )(?<!del )(?<!al )\b(?:cambio|cambiare|cambiaremos|cambiamos)\s+de\s+"
        rf"{COMPANY}\b",
        rf"\b(?:gestionando|gestione|tramitando|tramite|pedi|solicite|hice|hago|estoy haciendo)\s+"
        rf"el cambio (?:a|de)\s+(?:la\s+)?(?:{OTHER}|{COMPANY})\b",
        rf"\b(?:firme|firmamos|contrate|contratamos|me afilie|me abri una cuenta)\s+(?:con|en)\s+"
        rf"(?:la\s+)?(?:competencia|otra|otro|{RIVALS})\b",
        r"\b(?:me|nos)\s+(?:den|de|dieran|tramiten|procesen|gestionen)\s+de\s+baja\b",
        r"\bdudo (?:mucho )?que (?:renueve|siga con ustedes|continue con ustedes|me quede)\b",
        rf"\bme vaya (?:a|con)\s+(?:la\s+)?{OTHER}\b",
        # Closing the account and taking the money elsewhere (banks, Rioplatense "la plata").
        r"\b(?:cerrar|cierro|cerrare|cerraremos|cerrarles|cerrarme)\s+(?:mi|mis|la|las|nuestra|"
        r"nuestras|todas mis)\s+cuentas?\b",
        r"\bllevar(?:me|nos)?\s+(?:la plata|el dinero|mi dinero|mis ahorros|la nomina|mi nomina|"
        r"mi sueldo|los ahorros|mi plata)\s+a\s+otr[oa]\b",
        # Leaving the plan or insurer (Andean "retirarme", "desafiliarme").
        r"\b(?:retirarme|retirarnos|me retiro|solicito mi retiro|desafiliarme|desafiliarnos|"
        r"me desafilio|desafiliacion|desvincularme|me desvinculo)\s+(?:de|del)\s+(?:la |el |mi )?"
        r"(?:eps|afp|isapre|prepaga|obra social|plan|servicio|banco|seguro|compania|empresa|"
        r"aseguradora|club|programa|gimnasio|cooperativa|caja)\b",
        r"\b(?:desafiliacion|desafiliarme|desafiliarnos|me desafilio)\b",
        rf"\b{FIRST_PERSON_WANT}\s+(?:cortar|suspender definitivamente|dejar|quitar)\s+{BOND}\b",
        r"\bdejar de ser (?:su )?client[ea]\b",
        r"\bdejare de ser (?:su )?client[ea]\b",
        # Portability asked for or done by the writer ("pedí la portabilidad", "portación a
        # Claro"), not the porting-in a new customer praises ("la portabilidad fue rápida").
        r"\b(?:pedir|pedi|pido|pida|pedire|solicitar|solicite|solicito|solicitare|hacer|hice|"
        r"hago|hare|tramitar|tramite|tramito|tramitare|gestionar|gestione|iniciar|inicie|inicio|"
        r"empezar|empece|quiero|queremos|voy a|vamos a|me hagan|hagan)\s+(?:(?!de\b)\w+\s+)?"
        r"(?:la |mi |una |el tramite de (?:la )?)?(?:portabilidad|portacion)\b",
        rf"\b(?:portabilidad|portacion)\s+(?:a|hacia|con|para)\s+(?:la\s+)?{OTHER}\b",
        r"\b(?:portabilidad|portacion)\s+(?:de|del)\s+(?:mi|mis|la|el)\s+(?:numero|linea|"
        r"numeros|lineas|celular|movil)\b",
        r"\b(?:portar|portare|portarme|portarnos|portamos)\b(?! (?:bien|mal|mejor|peor))",
        r"\bporto (?:mi|el|la|mis) (?:numero|linea|celular|movil)\b",
        # English inside Spanish ("I want to cancel my account").
        r"\bcancel\b",
        rf"\b(?:quiere|desea|necesita|quieren|desean)\s+(?:quitar|cancelar|cortar|dar de baja)\s+"
        rf"{BOND}\b",
        rf"\b(?:ya\s+)?(?:estoy|estamos)\s+con\s+(?:otr[oa]\s+{COMPANY}|la competencia|{RIVALS})\b",
        rf"\b{BOND}\s+(?:la|lo)\s+(?:cancelo|cancelare|voy a cancelar|doy de baja)\b",
        r"\bnip (?:de|para) (?:portar|portabilidad|portarme)\b",
        # Moving the line, the account or the savings elsewhere (rules v4).
        rf"\b(?:me|nos|se)\s+(?:llevo|llevamos|lleva|llevare|llevaremos|voy a llevar|vamos a llevar)\s+"
        rf"(?:\w+\s+){{0,3}}?(?:a|con)\s+(?:otr[oa]s?|la competencia|{RIVALS})\b",
        r"\bllevar(?:me|nos|se)\s+(?:\w+\s+){0,3}?(?:a|con)\s+(?:otr[oa]s?|la competencia)\b",
        rf"\b(?:migrar|migro|migrare|migre|migrara|migramos|migraremos|cambiar|cambio|cambiare|"
        rf"pasar|paso|pasare|trasladar|traslado|trasladare|traspasar|traspaso|mover|muevo)\s+"
        rf"(?:\w+\s+){{1,9}}?(?:a|con|hacia)\s+(?:una\s+|un\s+)?otr[oa]s?\s+{COMPANY}\b",
        rf"\b(?:tramite|proceso|solicitud|gestion) de (?:cambio|traspaso|migracion|traslado)\s+"
        rf"(?:a|hacia|con)\s+(?:la\s+)?(?:otr[oa]|la competencia|{RIVALS})\b",
        rf"\b(?:ya )?(?:contrato|contrataron|contratamos|firmo|firmaron)\s+con\s+"
        rf"(?:la competencia|otr[oa]\s+{COMPANY})\b",
        rf"\bpara cancelar\s+{BOND}\b",
        r"\b(?:me|nos)\s+(?:desuscribo|desuscribi|desuscribire|desuscribimos|desinscribo|"
        r"desinscribi)\b|"
        r"\bdesuscribir(?:me|nos)\b|\bdesuscribanme\b",
        r"\b(?:desistimiento|rescision|finiquito)\s+(?:de|del)\s+(?:mi\s+|el\s+|la\s+)?"
        r"(?:contrato|credito|servicio|poliza|cuenta)\b",
        r"\b(?:mejor|ya|asi que) cancelo\b|\bcancelo y (?:listo|chau|chao|adios|ya)\b",
        r"\b(?:doy|damos|dare|daremos|les doy|les damos)\s+de\s+baja\b",
        rf"\b(?:di|dimos|he dado|hemos dado)\s+de\s+baja\s+{BOND}\b",
        # Rules v7: done or asked for in other words ("ya porté mi número", "me porté hace
        # dos meses", "cancela todo", "Baja del gimnasio", "la baja que firmé").
        r"\b(?:porte|he portado|hemos portado|portamos) (?:mi|el|la|mis|nuestr[oa]s?) "
        r"(?:numero|linea|celular|movil|chip)\b",
        r"\b(?:me|nos) (?:porte|portamos|he portado|hemos portado)\b(?! (?:bien|mal|mejor|peor|como))",
        r"\bcancel(?:a|ame|enlo|enla) todo\b",
        rf"(?:^|[.!?] )baja (?:del|de la|de mi|en el|en la) (?:{COMPANY}|club|membresia|programa)\b",
        r"\b(?:la|mi) baja que (?:firme|pedi|solicite|tramite|presente|hice|firmamos|pedimos)\b",
        r"\b(?:solicitado|pedido|tramitado|gestionado)\s+(?:la|mi|nuestra)\s+baja\b",
        rf"\bcomo (?:hago|hacemos|puedo|se puede|podria) (?:para |p )?(?:cancelar|dar de baja|"
        rf"darme de baja|anular|rescindir)\s+{BOND}\b",
        r"\b(?:eliminen|borren|cierren|eliminenme|borrenme|quiero eliminar|quiero borrar)\s+"
        r"(?:mi|la|nuestra) cuenta\b",
        r"\bya (?:tengo|tenemos) (?:contratad[oa] )?(?:otr[oa]|un nuevo|una nueva) (?:seguro|"
        r"proveedor|operador|operadora|compania|empresa|banco|isapre|prepaga|eps|aseguradora|"
        r"poliza|obra social)\b(?!(?:\s+\w+){0,3}\s+(?:con|de) ustedes)",
        r"\b(?:lo|la|los|las) (?:hago|hare|compro|comprare|contrato|contratare|saco|sacare|reservo|"
        r"reservare) con (?:la competencia|otr[oa] (?:compania|empresa|aerolinea|linea aerea|"
        r"operador|operadora|banco|aseguradora|proveedor))\b",
        # Agent notes: "cte solicita cierre de cta".
        r"\b(?:solicit\w*|pide|pido|pidio|desea|quiere|quiero|requiere|exij\w*|tramit\w*|gestion\w*)"
        r"\s+(?:el |la |un )?(?:cierre|cancelacion) (?:de|del) (?:la |su |mi )?(?:cta|ctas|cuenta|"
        r"cuentas|contrato|tarjeta|poliza|servicio|linea)\b",
        r"\b(?:firmar|firmo|firme|firmamos)\s+la\s+baja\b",
        r"(?<!dieron de )(?<!dio de )(?<!dado de )(?<!han dado de )\bbaja del?\s+"
        r"(?:contrato|servicio|seguro|plan|abono|suscripcion|poliza|linea|tarjeta)\b",
        r"\b(?:cierro|cerramos|cerrare) todo con ustedes\b",
        r"\b(?:ultimo|ultima) (?:mes|ano|factura|pago|renovacion|vuelo|compra|pedido) con ustedes\b",
        r"\bno cuenten (?:conmigo|con nosotros|con mi renovacion|con mi (?:voto|dinero|plata))\b",
    ],
)

# Churn cues that carry their own negation ("ya no quiero seguir con ustedes").
CHURN_SELF_NEGATED: list[Cue] = make_cues(
    "churn",
    [
        rf"\bno (?:voy a|vamos a|pienso|pensamos|quiero|volvere a|vuelvo a)\s+"
        rf"(?:seguir|continuar)\s+con\s+{BOND}\b",
        r"\bno (?:quiero|deseo|pienso|queremos) (?:ser|seguir siendo) (?:su |mas )?client[ea]",
        r"\bno sigo (?:ni )?(?:un|una) (?:mes|dia|ano|semana) mas\b",
        r"\bno (?:voy a|vamos a|pienso|pensamos|quiero|volvere a|vuelvo a)\s+"
        r"(?:renovar|seguir con ustedes|seguir siendo (?:su )?client[ea]|continuar con ustedes|"
        r"contratar(?:les)? (?:nada )?(?:nunca )?mas|volver a contratar|pagar(?:les)? (?:ni )?un "
        r"(?:peso|euro|sol|mes) mas)",
        r"\bno (?:renuevo|renovare|renovaremos|seguire|continuare)\b",
        r"\bno (?:continuar|seguir|continuare|seguire|sigo|continuo) (?:con ustedes|con su |"
        r"con el servicio|con la empresa|con esta|siendo client)",
        r"\bcon ustedes no (?:sigo|seguire|continuo|continuare|renuevo)\b",
        r"\b(?:han|acaban de) perd(?:ido|er) (?:a )?un client[ea]\b",
        r"\bperdieron (?:a )?(?:un|otro|una|otra) client[ea]\b",
        r"\bun client[ea] menos\b",
        r"\b(?:van a|vas a|acaban de|estan por|estan a punto de) perder (?:a )?(?:un|otro|este|una|"
        r"otra|esta) client[ea]\b",
        r"\bno (?:voy a|vamos a|pienso) seguir pag\w+",
        r"\bhasta nunca\b",
        r"\bnunca mas (?:con ustedes|contrato|les compro|vuelvo)\b",
        r"\bnunca mas (?:compro|contrato|vuelo|viajo|pido)\b(?:\s+\w+){0,3}\s+con ustedes\b",
        r"\bno (?:volvere|vuelvo|volveremos|pienso volver) a (?:contratar|comprar|volar|viajar)"
        r"(?:les|le)?\s+(?:con ustedes|sus|su|nada|otra vez|nunca)\b|\bno vuelvo a comprarles\b",
        r"\b(?:confirma|solicita|pide|desea|quiere|indica|manifiesta|comunica|decide|decidio|opta por)"
        r"\s+(?:la\s+)?no\s+(?:renovar|renovacion|continuar|seguir)\b",
        r"\bcon ustedes no (?:vuelo|compro|viajo|contrato|vuelvo|renuevo)\b",
        r"\bno (?:les |le )?(?:compro|vuelo|viajo|contrato) (?:nunca |jamas )?mas\b",
        rf"\bno (?:desea|quiere|deseo|quiero|deseamos|queremos) (?:continuar|seguir)\s+"
        rf"(?:con ustedes|con la empresa|con su (?:empresa|compania|servicio)|con {BOND})\b",
        r"\bque (?:(?:la|el|mi|nuestra|nuestro) \w+ )?no (?:se |me |nos |la |lo )?"
        r"(?:renueve|renueven)\b",
    ],
    negatable=False,
)
