"""Escalation cues: consumer agencies and regulators, legal action, press and social media."""

from __future__ import annotations

from cxnlp.intents.rules_base import Cue, make_cues

_AGENCIES = (
    r"profeco|condusef|ocu|facua|sernac|indecopi|osiptel|osinergmin|enacom|omic|cnmc|"
    r"sedeco|diaco|sundde|indepabis|ursec|acodeco|procon|direccion general de seguros|"
    r"superintendencia(?: de industria y comercio| de servicios publicos)?|supersalud|"
    r"defensa (?:del|al|de los) consumidor(?:es)?|defensoria del (?:consumidor|pueblo|cliente)|"
    r"oficina (?:municipal )?(?:de informacion )?(?:al|del) consumidor|junta arbitral|"
    r"(?:hoja|libro|libros) de reclamaciones|(?:a|en|ante) consumo|banco de espana|banco central|ifetel|ift|"
    r"adicae|asufin|usuarios y consumidores|proteccion al consumidor|sic|ente regulador|"
    r"ombudsman|arbitraje de consumo|servicio de reclamaciones|arcotel|coprec|superservicios|"
    r"procuraduria (?:federal )?del consumidor|oficina (?:municipal )?de consumo|"
    r"setsi|atencion al usuario de telecomunicaciones|crc|"
    r"asociacion(?:es)? de (?:consumidores|usuarios)|defensor(?:ia)? del (?:asegurado|cliente|usuario|pueblo|"
    r"afiliado|paciente|inversor)|aviacion civil|seguridad aerea|aerocivil|anac|aesa"
)

ESCALATION: list[Cue] = make_cues(
    "escalation",
    [
        # Consumer agencies, named (a mention is itself the threat).
        rf"\b(?:{_AGENCIES})\b",
        # Legal action.
        r"\b(?:denunciar|denunciarlos|denunciarles|denuncio|denunciare|denunciaremos|denuncie|"
        r"demandar|demandarlos|demandarles|demando|demandare|demandaremos|demande|querellar|"
        r"querella)\b(?! (?:el|del|un|por) (?:robo|extravio|hurto))"
        r"(?! (?:en|a|ante) (?:la )?(?:comisaria|policia|carabineros))",
        r"\b(?:poner|pondre|puse|presentar|presentare|presente|interponer|interpondre|interpuse|"
        r"meter|metere|meti|hacer|hare|haremos|pongo)\s+(?:una|la|mi)\s+(?:denuncia|demanda|querella|"
        r"reclamacion formal|queja formal|reclamacion oficial|queja oficial)\b"
        r"(?! (?:\S+ ){0,2}?(?:policia|comisaria|carabineros|policial)| (?:por|del|de) (?:el |un |mi )?"
        r"(?:robo|hurto|extravio|perdida))",
        r"\bdemanda colectiva\b",
        r"\blawyer\b|\b(?:terminar|acabar|ir|llevar\w*|nos vemos) (?:en|a) (?:la )?corte\b",
        r"\b(?:ante|al|a un) (?:el )?(?:regulador|organismo regulador|ente de control)\b|"
        r"\bautoridad de (?:telecomunicaciones|consumo|proteccion al consumidor|competencia)\b",
        r"\b(?:mi|un|con un|con el|con mi) licenciad[oa]\b(?! que me atendi| de (?:la|su) )",
        r"(?<!es )(?<!soy )(?<!son )(?<!era )\b(?:abogad[oa]s?|licenciad[oa] en derecho|"
        r"asesoria legal|asesoria juridica|bufete|despacho de abogados|despacho juridico)\b"
        r"(?! de (?:la empresa|ustedes|la compania|su empresa)| que me atendi)",
        r"\b(?:llevar\w*|ir|acudir|recurrir|acudire|ire|recurrire)\s+a\s+la\s+justicia\b",
        # Colombian "tutela", Mexican and Argentine "amparo".
        r"\b(?:poner|pondre|interponer|interpondre|meter|metere|presentar|presentare)\s+"
        r"(?:una|un)\s+(?:tutela|amparo|recurso de amparo|derecho de peticion)\b",
        r"\b(?:tutela|accion de tutela|derecho de peticion|carta notarial)\b",
        r"\b(?:accion|acciones|medidas|via|vias|instancias)\s+(?:legal|legales|judicial|"
        r"judiciales|juridica|juridicas)\b",
        r"\b(?:tribunales|juzgado|juzgados|juez|fiscalia|ministerio publico|carta documento)\b",
        r"\b(?:llev\w* a|ir a|iremos a|vamos a|un|iniciar|inicio|iniciare) juicio\b",
        r"\b(?:redactando|redactar|preparando|preparar|presentando)\s+(?:la|una)\s+"
        r"(?:demanda|denuncia|querella)\b",
        r"\b(?:hare|hago|haciendo|preparando|grabare|grabando|subire|subo|voy a (?:hacer|subir|grabar))"
        r"\s+un (?:video|hilo|post|tiktok|reel)\b",
        # Press and social media threats: "lo voy a publicar en redes".
        r"\b(?:publicar|publicare|publicarlo|publico|publicamos|difundir|difundire|difundirlo|"
        r"exponer|expondre|exponerlos|subir|subire|subirlo|subo|contar|contare|contarlo|"
        r"escrachar|escracharlos|escrache|viralizar|viralizarlo|ventilar|ventilarlo|compartir|"
        r"compartire|compartirlo|compartirla|grabando|grabar|subiendo|publicando|exponiendo|"
        r"poner|ponerlo|ponerla|pondre|pongo|"
        r"hago public[oa]|hare public[oa]|hacer public[oa]|hacerlo public[oa]|hacer viral|"
        r"hacerlo viral|quemarlos|quemar|"
        r"quemare|"
        r"denunciar publicamente|exhibir|exhibirlos|balconear|balconearlos)\b"
        r"(?:\s+\S+){0,8}?\s+(?:en|a|por|con)\s+(?:\S+\s+){0,4}?"
        r"(?:redes|redes sociales|twitter|tiktok|facebook|instagram|youtube|prensa|medios|"
        r"periodic\w*|television|tele|noticiero|noticias|radio|internet|google|reddit|x|linkedin)\b",
        r"\b(?:ir|acudir|llevarlo|llevar esto|llamar|llamare|ire|acudire|voy)\s+(?:a\s+)?"
        r"(?:la prensa|los medios|la television|la tele|los periodistas|un periodista|"
        r"los noticieros)\b",
        r"\bque se entere todo el mundo\b",
        r"\b(?:va|esto va|todo va|ira|se va)\s+(?:para|a)\s+(?:twitter|redes|tiktok|facebook|"
        r"instagram|youtube|la prensa|los medios|la tele|las noticias)\b",
        r"\b(?:programa|seccion|espacio)\s+de\s+(?:reclamos|denuncias|quejas)\b",
        r"\b(?:salir|salga|saldra|sale|va a salir|saldria) en (?:la prensa|las noticias|los medios|la tele|la television|"
        r"el periodico|los diarios|el diario|el noticiero|la radio)\b",
        r"\b(?:resena|resenas|opinion|calificacion|review|valoracion)"
        r"(?! de (?:5|cinco) estrellas| positiva)\s+(?:\S+\s+){0,4}?"
        r"(?:en|a)\s+(?:google|trustpilot|tripadvisor|redes|facebook|internet|la app store|"
        r"play store|la tienda de apps|reclamos\.pe|reclamos\.cl)\b"
        r"(?![^.]{0,25}(?:5|cinco) estrellas|[^.]{0,25}positiv)",
        r"\b(?:hacer|hare|voy a hacer|armar|armare|subir|publicar|publicare)\s+un hilo\b",
        r"\bque (?:lo vea|se entere|sepa|lo sepa) todo el mundo\b",
        r"\b(?:periodista|periodistas|reportero|reportera|medios de comunicacion)\b",
        r"\b(?:se va a|lo voy a|lo vamos a) hacer viral\b",
    ],
)
