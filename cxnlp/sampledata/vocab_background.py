"""Wording of comments without a planted cause, and the tone pieces every text shares.

Background comments follow their score: promoters praise, passives mix a
compliment with a small gripe, detractors complain about many small things
(prices, coverage, staff), so that no background theme grows into a cause.
"""

from __future__ import annotations

PRAISE: tuple[str, ...] = (
    "Muy buena atención, me resolvieron todo a la primera.",
    "{el_pedido} llegó antes de lo previsto y en perfecto estado.",
    "La fibra va {guay}, ni un corte en meses.",
    "El personal de la tienda de {tienda} fue {muy} amable.",
    "Buen precio y buena cobertura.",
    "Todo perfecto, como siempre.",
    "Me atendieron rapidísimo y con mucha paciencia.",
    "La instalación fue rápida y el técnico, muy profesional.",
    "Estoy {muy} contento con el servicio.",
    "Relación calidad-precio inmejorable.",
    "El cambio de tarifa fue sencillísimo.",
    "La agente que me atendió fue encantadora.",
    "Llevo {n_dias} años con ustedes y nunca he tenido problemas.",
    "Muy fácil contratar por la web.",
    "La portabilidad se hizo en un día, sin líos.",
    "La tarjeta tiene buenas ventajas y los puntos se canjean fácil.",
    "Me subieron la velocidad sin pedirlo. Todo un detalle.",
    "El chico de la tienda me ayudó a pasar todo al {movil} nuevo.",
    "Rápidos, claros y amables.",
    "El técnico vino a la hora acordada y lo dejó todo funcionando.",
    "La cobertura en {ciudad} es excelente.",
    "Me explicaron la {factura} con paciencia y sin prisas.",
    "Contraté {producto} y funciona de maravilla.",
    "La atención en la tienda de {tienda} es de diez.",
    "Muy buena experiencia de compra, todo clarísimo.",
    "Me ayudaron a elegir el plan que de verdad necesitaba.",
    "Internet estable y rápido, justo lo que buscaba.",
)

PRAISE_SHORT: tuple[str, ...] = (
    "Excelente servicio",
    "Todo perfecto",
    "Muy bien",
    "Genial, gracias",
    "Muy buena atención",
    "Nada que mejorar",
    "Encantado",
    "Encantada",
    "Sin quejas",
    "Todo {guay}",
    "10/10",
    "Súper recomendable",
    "Rápido y fácil",
    "Muy satisfecho",
    "Muy satisfecha",
    "Atención de lujo",
    "De diez",
)

PRAISE_EXTRA: tuple[str, ...] = (
    "Lo recomiendo.",
    "Así da gusto.",
    "Seguiré con ustedes.",
    "Ya se lo he recomendado a mi familia.",
    "Sigan así.",
    "Gracias por todo.",
    "Un 10.",
    "Muy recomendable.",
    "Da gusto que las cosas funcionen.",
    "Ojalá todas las empresas fueran así.",
)

MIXED: tuple[str, ...] = (
    "Bien en general, aunque el precio podría ser mejor.",
    "Correcto, sin más.",
    "Cumple, pero nada del otro mundo.",
    "El servicio está bien, pero la permanencia es muy larga.",
    "Buena fibra, aunque la cobertura del {movil} en {ciudad} flojea.",
    "Bien, pero las ofertas son solo para clientes nuevos.",
    "Normal. Ni bien ni mal.",
    "Me gustaría que la web fuera más clara con las tarifas.",
    "Atención correcta; podrían ser más rápidos en tienda.",
    "El producto bien, el precio un poco alto.",
    "Todo bien, salvo que subieron la tarifa sin avisar mucho.",
    "Aceptable. La tienda de {tienda} siempre está llena.",
    "Bien, pero echo de menos más canales de TV incluidos.",
    "La velocidad es buena, aunque de noche baja algo.",
    "Buen servicio, pero el router que dan es bastante malo.",
    "Cumplen, aunque la letra pequeña de las ofertas no me gusta.",
    "La tarjeta está bien, pero la comisión por sacar efectivo es alta.",
    "Correcto. Tardaron un poco en la instalación, pero funciona.",
)

MISC_NEG: tuple[str, ...] = (
    "Han vuelto a subir la tarifa sin avisar.",
    "La cobertura en {ciudad} es malísima, no tengo señal en casa.",
    "La fibra se corta cada dos por tres.",
    "Me llaman todos los días para venderme cosas que no quiero.",
    "El personal de la tienda de {tienda} fue muy grosero.",
    "La permanencia es abusiva.",
    "No me respetaron la oferta que me prometieron.",
    "El técnico no se presentó a la cita de instalación.",
    "La velocidad no llega ni a la mitad de lo contratado.",
    "Para darse de baja ponen mil trabas.",
    "El decodificador se reinicia solo.",
    "Mal servicio en general.",
    "Muy caro para lo que ofrecen.",
    "El router se calienta y se apaga.",
    "Me cambiaron las condiciones del contrato sin preguntar.",
    "En la tienda me vendieron un plan que no era el que pedí.",
)

OPEN_NEG: tuple[str, ...] = (
    "Pésimo servicio.",
    "Vergüenza de empresa.",
    "Estoy {enfadado}.",
    "Qué desastre.",
    "Muy mal.",
    "Increíble lo de esta empresa.",
    "{enserio},",
    "Otra vez lo mismo.",
    "No doy crédito.",
    "Lamentable.",
    "Una decepción.",
    "Fatal.",
    "Horrible experiencia.",
)
OPEN_MILD: tuple[str, ...] = (
    "Bueno,",
    "A ver,",
    "Regular.",
    "Más o menos.",
    "Bien, con matices.",
    "En general bien.",
)
OPEN_POS: tuple[str, ...] = (
    "¡Genial!",
    "Muy contento.",
    "Muy contenta.",
    "Qué gusto.",
    "Muy bien.",
    "Excelente.",
    "¡Gracias!",
)

# Closings by emotion, so that detractor texts spread over the EmoEvent labels.
CLOSE_NEG: dict[str, tuple[str, ...]] = {
    "anger": (
        "{sois} unos ladrones.",
        "Es una vergüenza.",
        "Indignante.",
        "Me voy a la competencia.",
        "No los recomiendo a nadie.",
        "Quiero darme de baja ya.",
        "Estoy hasta las narices.",
        "Basta ya de tomar el pelo a los clientes.",
    ),
    "sadness": (
        "Qué pena, antes eran otra cosa.",
        "Estoy muy decepcionado.",
        "Estoy muy decepcionada.",
        "Una lástima, llevaba años con ustedes.",
        "Ya no espero nada.",
    ),
    "fear": (
        "Me preocupa que me vuelva a pasar.",
        "Tengo miedo de que esto no se solucione nunca.",
        "No sé qué voy a hacer si siguen así.",
    ),
    "disgust": (
        "Da asco cómo tratan al cliente.",
        "Qué falta de respeto.",
        "Me da vergüenza ajena.",
    ),
    "surprise": ("No me lo puedo creer.", "Todavía no salgo de mi asombro.", "¿Cómo es posible?"),
}
CLOSE_MILD: tuple[str, ...] = (
    "A ver si lo mejoran.",
    "Espero que lo solucionen.",
    "Por lo demás, todo bien.",
    "Es lo único.",
    "Nada más.",
    "Con eso sería perfecto.",
    "",
)
CLOSE_POS: tuple[str, ...] = (
    "Gracias.",
    "Lo recomiendo.",
    "¡Gracias!",
    "Seguiré siendo cliente.",
    "Un saludo.",
    "Así da gusto.",
    "",
)

ENGLISH: dict[str, tuple[str, ...]] = {
    "pos": (
        "Great service, the staff at the store were really helpful. Thanks!",
        "Fast installation and no complaints so far.",
        "I moved here recently and signing up was surprisingly easy.",
        "Really happy with the fibre, it never drops.",
        "The technician was on time and very friendly.",
        "Excellent support, they solved everything in one call.",
    ),
    "mild": (
        "Good service overall, but the website is confusing for non-Spanish speakers.",
        "It works fine, although prices are a bit high.",
        "Decent coverage, but the contract terms are hard to understand.",
        "OK service. Would be nice to have support in English.",
    ),
    "neg": (
        "Terrible experience, I want to cancel my contract as soon as possible.",
        "Nobody speaks English on the support line and nothing got solved.",
        "Very disappointed with the service, the connection keeps dropping.",
        "Awful customer care, I have been waiting for weeks.",
    ),
    "neutral": (
        "Is there an English-speaking agent? I need help changing my plan.",
        "How do I download my invoice from the website?",
        "What are the store opening hours on Sundays?",
    ),
}

PORTUGUESE: dict[str, tuple[str, ...]] = {
    "pos": (
        "Atendimento muito bom, resolveram tudo rápido. Obrigado!",
        "Gostei muito da loja, os atendentes foram simpáticos.",
        "A internet é ótima, nunca cai.",
        "Instalação rápida e técnico muito educado.",
    ),
    "mild": (
        "Serviço razoável, nada de especial.",
        "Funciona bem, mas o preço é alto.",
        "Bom serviço, mas o site é confuso.",
    ),
    "neg": (
        "Péssimo atendimento, quero cancelar o contrato.",
        "Preço alto demais para o que oferecem.",
        "Muito decepcionado, ninguém resolve nada.",
    ),
    "neutral": (
        "Vocês têm planos para estrangeiros? Preciso de informação.",
        "Qual é o horário da loja aos sábados?",
    ),
}

# Pieces of generated praise: subject (by gender) + verb + predicate + tail.
PEOPLE: dict[str, tuple[str, ...]] = {
    "m": (
        "el técnico",
        "el chico de la tienda de {tienda}",
        "el operador",
        "el comercial",
        "el encargado de la tienda de {tienda}",
        "el instalador",
        "el agente del chat",
    ),
    "f": (
        "la agente",
        "la chica que me atendió",
        "la dependienta de {tienda}",
        "la técnica",
        "la operadora",
        "la persona del chat",
    ),
}
PEOPLE_PRED: dict[str, tuple[str, ...]] = {
    "m": (
        "muy amable",
        "amabilísimo",
        "{muy} atento",
        "muy profesional",
        "un encanto",
        "súper paciente",
        "muy resolutivo",
        "de diez",
        "muy claro explicándolo todo",
        "majísimo",
    ),
    "f": (
        "muy amable",
        "amabilísima",
        "{muy} atenta",
        "muy profesional",
        "un encanto",
        "súper paciente",
        "muy resolutiva",
        "de diez",
        "muy clara explicándolo todo",
        "majísima",
    ),
}
PROCESS: dict[str, tuple[str, ...]] = {
    "m": (
        "el cambio de tarifa",
        "el proceso de compra",
        "el envío",
        "el trámite de portabilidad",
        "el cambio de domicilio",
        "el servicio técnico",
    ),
    "f": (
        "la instalación",
        "la portabilidad",
        "la entrega",
        "la contratación",
        "la activación de la línea",
        "la gestión",
    ),
}
PROCESS_PRED: dict[str, tuple[str, ...]] = {
    "m": (
        "rapidísimo",
        "muy rápido",
        "sencillísimo",
        "facilísimo",
        "impecable",
        "sin complicaciones",
        "más rápido de lo que esperaba",
        "perfecto",
    ),
    "f": (
        "rapidísima",
        "muy rápida",
        "sencillísima",
        "facilísima",
        "impecable",
        "sin complicaciones",
        "más rápida de lo que esperaba",
        "perfecta",
    ),
}
PAST_VERBS: tuple[str, ...] = ("fue", "ha sido", "estuvo", "fue")
SERVICE: tuple[str, ...] = (
    "el internet",
    "el wifi",
    "la fibra",
    "la conexión",
    "la cobertura en {ciudad}",
    "la velocidad",
    "la tele",
    "el plan de {movil}",
)
SERVICE_PRED: tuple[str, ...] = (
    "va de lujo",
    "va {guay}",
    "no falla nunca",
    "cumple de sobra",
    "funciona sin un solo corte",
    "va mejor de lo que esperaba",
    "está a la altura",
)
PRAISE_TAILS: tuple[str, ...] = (
    "",
    "",
    "",
    ", como siempre",
    " de principio a fin",
    " en todo momento",
    ", la verdad",
    " desde el primer día",
    ", tal como me prometieron",
    ", nada que ver con mi anterior compañía",
)

# Pieces of generated mixed comments: a good side, a connector, a gripe.
MIXED_GOOD: tuple[str, ...] = (
    "el servicio está bien",
    "la fibra va bien",
    "la atención es correcta",
    "el producto cumple",
    "la cobertura es buena",
    "la instalación fue rápida",
    "me atendieron bien",
    "el {movil} llegó a tiempo",
    "la tarjeta es útil",
    "no tengo grandes quejas",
    "en general estoy contento",
    "el técnico fue puntual",
)
MIXED_LINK: tuple[str, ...] = (
    ", pero",
    ", aunque",
    "; eso sí,",
    ", lo malo es que",
    ". Eso sí,",
    ", si bien",
)
MIXED_GRIPE: tuple[str, ...] = (
    "el precio es alto",
    "la permanencia es muy larga",
    "la web es un poco confusa",
    "de noche la velocidad baja",
    "las ofertas son solo para clientes nuevos",
    "la tienda de {tienda} siempre está llena",
    "el router que dan es flojo",
    "tardaron un poco en la instalación",
    "la letra pequeña no me gusta",
    "faltan canales en la TV",
    "subieron la tarifa en {mes_ant}",
    "la cobertura en {ciudad} a veces falla",
    "la {factura} cuesta de entender",
    "me llaman demasiado con ofertas",
    "el chat tarda en responder",
    "no hay tienda cerca de mi casa",
)

MIXED_TAILS: tuple[str, ...] = (
    "",
    "",
    ", la verdad",
    " últimamente",
    " para mi gusto",
    " desde hace unos meses",
    " comparado con otras compañías",
    " en mi zona",
    ", y eso se nota",
)

MISC_NEG_EXTRA: tuple[str, ...] = (
    "Ya van {n_veces} veces.",
    "Desde {fecha}.",
    "Y nadie hace nada.",
    "Lo he reclamado {n_llamadas} veces.",
    "Estoy en {ciudad}, por si sirve de algo.",
    "Soy cliente desde hace {n_dias} años.",
    "Con {producto} me pasa lo mismo.",
)
