"""Effort cues: repeated contact, transfers, long waits, nobody solving."""

from __future__ import annotations

from cxnlp.intents.rules_base import CONTACT, TIMES, Cue, make_cues

EFFORT: list[Cue] = make_cues(
    "effort",
    [
        # Repeated contact: "es la tercera vez que llamo".
        r"\b(?:segundo|tercer|tercero|cuarto|quinto|sexto|decimo|enesimo)\s+(?:correo|mail|"
        r"email|mensaje|reclamo|ticket|llamado|caso|chat|formulario)\b",
        r"\b(?:segunda|tercera|cuarta|quinta|enesima)\s+(?:llamada|ocasion|reclamacion|queja|"
        r"visita)\b",
        r"\b(?:me|nos)\s+(?:rebotan|rebotaron|pelotean|pasan|pasaron|mandan|mandaron|tienen|"
        r"tuvieron)\s+entre\b",
        r"\b(?:tienen|traen|tuvieron|hacen|hicieron)\s+(?:\w+\s+)?dando vueltas\b",
        r"\bno (?:hay|habia) (?:forma|manera|modo) de (?:hablar|comunicarse|contactar|dar con)\b",
        r"\bimposible (?:hablar|comunicarse|contactar|dar con|que me atiendan)\b",
        r"\bsigue sin (?:respuesta|solucion|resolver|resolverse|atender)\b",
        rf"\b(?:cancelaron|reprogramaron|cambiaron|suspendieron)\s+(?:\S+\s+){{0,4}}?(?:{TIMES})"
        rf"\s+veces\b",
        r"\bno (?:me |nos )?(?:contestan|responden)\b",
        r"\b(?:por telefono|por chat|por la web|por la app) (?:es|era|fue|resulta) imposible\b",
        r"\b(?:hace|desde hace)\s+\S+\s+\S+\s+(?:que\s+)?espero\b",
        r"\bcuantas veces (?:mas )?(?:tengo|hay|debo|voy|tendre) (?:que |a )?\w+",
        r"\bno (?:me |nos )?(?:contesta|contestan|responde|responden|atiende|atienden) "
        r"(?:nadie|nunca)\b",
        r"\b(?:llamo|llame|escribo|reclamo|voy) todos los dias\b",
        rf"\b(?:{TIMES})\s+(?:asesores|agentes|operadores|ejecutivos|personas)\s+(?:diferentes|"
        rf"distint[oa]s)\b",
        r"\b(?:dias|semanas|meses)\s+esperando\s+(?:al tecnico|la visita|respuesta|una "
        r"respuesta|solucion|una solucion|que me)\b",
        r"\b(?:segunda|tercera|cuarta|quinta|sexta|septima|octava|decima|enesima|milesima|"
        r"n-esima|\d+(?:a|ra|da|ta)?)\s+vez\s+(?:que|en|este|esta)\b",
        rf"\b(?:{CONTACT})\s+(?:\w+\s+){{0,4}}?(?:{TIMES})\s+veces\b",
        rf"\b(?:{TIMES})\s+veces\s+(?:que |a |he |hemos |ya |tuve que |tengo que )?(?:{CONTACT})\b",
        r"\b(?:llevo|llevamos|van|ya van|ya llevo)\s+(?:\S+\s+){0,3}?(?:dias?|semanas?|mes|meses|"
        r"anos?|desde \S+|hace \S+ \S+)\s+"
        r"(?:llamando|reclamando|escribiendo|insistiendo|detras|con este|con el mismo|peleando|"
        r"luchando|tras|sin (?:respuesta|solucion)|esperando (?:respuesta|una respuesta|solucion|"
        r"una solucion|que me|la llamada|una llamada|al tecnico|la visita))\b",
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
        r"(?:todo|mi caso|el caso|la historia|mi problema|el problema|lo mismo|mis datos|los datos|"
        r"la misma)\b",
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
        rf"mandan|redirigieron|comunicaron)\s+(?:con|a|por|entre)\s+(?:{TIMES}|otras?|otros?|"
        rf"distint[oa]s|diferentes)\s+(?:\w+\s+)?(?:departamentos|areas|agentes|personas|asesores|"
        rf"operadores|ejecutivos|sectores|oficinas|numeros|extensiones|gente)\b",
        r"\b(?:peloteo|ping pong|pinpon|pimpon|me pelotean|me marean|vuelta tras vuelta|"
        r"de ventanilla en ventanilla|de oficina en oficina)\b",
        # Nobody solves: "nadie me da solución".
        r"\bnadie (?:me |nos |le )?(?:da|dio|daba|sabe|supo|resuelve|resolvio|soluciona|"
        r"soluciono|responde|respondio|contesta|contesto|atiende|atendio|se hace cargo|"
        r"hace nada|ayuda|ayudo|me ayuda|da la cara|se responsabiliza|se hace responsable|procesa|"
        r"se digna|"
        r"tramita|gestiona|"
        r"me resuelve|me soluciona|me responde|me contesta|viene|vino)\b",
        r"\b(?:sigo|seguimos|continuo|continuamos|todavia sigo|aun sigo) esperando (?:que me|"
        r"respuesta|una respuesta|solucion|una solucion|la llamada|una llamada|al tecnico|"
        r"la visita|noticias|que alguien)\b",
        r"\b(?:tantas|tantisimas) (?:veces|llamadas)\b",
        r"\bpegad[oa] al (?:telefono|celular|movil)\b",
        r"\bperdi la cuenta de (?:cuantas|cuantos|las|los) (?:veces|llamadas|correos|mails|mensajes|"
        r"reclamos|visitas|tickets)\b",
        # Contact again and again (rules v4): "llamé de nuevo", "por quinta vez".
        r"\b(?:llame|llamo|escribi|escribo|reclame|reclamo|fui|insisti|insisto|pregunte|hable|"
        r"mande|envie|contacte|volvi|tuve que (?:llamar|ir|escribir))\s+(?:\w+\s+)?"
        r"(?:de nuevo|otra vez|nuevamente)\b",
        r"\bpor (?:segunda|tercera|cuarta|quinta|sexta|septima|octava|novena|decima|enesima|"
        r"milesima|n-esima) vez\b",
        r"\b(?:el chat|la app|la aplicacion|la web|la pagina|la tienda|la sucursal|el telefono|"
        r"el call center|la oficina|el banco|soporte|atencion al cliente)\s+(?:me|nos)\s+(?:manda|"
        r"mandan|envia|envian|deriva|derivan|remite|remiten|redirige|redirigen)\s+a\b",
        r"\b(?:mande|envie|escribi|reclame|puse|hice) el mismo (?:reclamo|correo|mensaje|mail|"
        r"pedido|formulario|tramite)\b",
        r"\b(?:llame|escribi|reclame|fui) ayer\W+(?:y\s+)?(?:llame|escribi|reclame|fui|volvi|"
        r"vuelvo)\b",
        r"\bhace (?:\w+\s+){1,2}?que (?:reclamo|llamo|escribo|espero|insisto|vengo|estoy "
        r"reclamando|estoy esperando)\b",
        r"\bcada (?:agente|asesor|operador|persona|ejecutivo|uno|una)\s+(?:me |nos )?(?:dice|da|"
        r"cuenta|promete)\b",
        rf"\b(?:{TIMES})\s+(?:llamadas|correos|mails|reclamos|quejas|visitas|tickets)\W+(?:y\s+)?"
        rf"(?:ninguna|ni una|nada|sin|nadie)\b",
        rf"\b(?:{TIMES}|una|un)\s+(?:dias|semanas|meses|horas|dia|semana|mes|hora)\s+esperando\b",
        r"\b(?:contar|cuente|cuento|explicar|explique|explico|repetir|repita|repito)\s+(?:\w+\s+){0,2}?"
        r"(?:desde el principio|desde cero|una y otra vez)\b",
        rf"\b(?:abri|abrimos|puse|pusimos|hice|hicimos|tengo|tenemos|levante|meti|van|llevo)\s+"
        rf"(?:{TIMES})\s+(?:tickets|reclamos|reclamaciones|quejas|incidencias|casos|solicitudes|"
        rf"denuncias de averia|partes)\b",
        rf"\b(?:a|con|por|entre)\s+(?:{TIMES})\s+(?:personas|agentes|asesores|operadores|areas|"
        rf"departamentos|ejecutivos|sectores)\s+(?:diferentes|distint[oa]s)\b",
        r"\b(?:me|nos)\s+(?:derivaron|derivan|transfirieron|transfieren|redirigieron|rebotaron|"
        r"pelotearon)\b(?! (?:\S+ ){0,4}?(?:correct[oa]|adecuad[oa]|indicad[oa]|enseguida|rapido|"
        r"de inmediato|al instante))",
        r"\b(?:sigo|seguimos|continuo|llevo|llevamos)\s+(?:\w+\s+){0,3}?(?:sin|esperando)\s+"
        r"(?:solucion|respuesta|que me|que alguien|una solucion|una respuesta|noticias)\b",
        r"\b(?:horas|hora y media|una hora|dos horas|(?:\d+|veinte|treinta|cuarenta|cincuenta|"
        r"sesenta|noventa|cuarenta y cinco) minutos|media hora)\s+(?:\w+\s+){0,3}?"
        r"(?:de espera\b|"
        r"(?:en espera|esperando|al telefono|pegad[oa] al telefono|colgad[oa]|en la linea|"
        r"en linea|en cola|haciendo "
        r"fila|en la fila|en la cola|de cola|de fila|en el telefono)\b)",
        r"\b(?:me|nos)\s+(?:colgaron|cuelgan|colgaban|cortaron la llamada|cortan la llamada)\b",
        r"\b(?:nunca|jamas) (?:me |nos )?(?:dan|dieron|devuelven|devolvieron) (?:una )?"
        r"(?:solucion|respuesta|la llamada)\b",
        r"\bno (?:me|nos) (?:dan|dieron|han dado|ofrecen|ofrecieron) (?:ninguna |una |ni una )?"
        r"(?:solucion|respuesta)\b",
    ],
)
