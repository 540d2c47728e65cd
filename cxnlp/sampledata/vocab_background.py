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
OPEN_MILD: tuple[str, ...] = ("Bueno,", "A ver,", "Regular.", "Más o menos.", "Bien, con matices.", "En general bien.")
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
    "disgust": ("Da asco cómo tratan al cliente.", "Qué falta de respeto.", "Me da vergüenza ajena."),
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
    ),
    "mild": (
        "Good service overall, but the website is confusing for non-Spanish speakers.",
        "It works fine, although prices are a bit high.",
    ),
    "neg": (
        "Terrible experience, I want to cancel my contract as soon as possible.",
        "Nobody speaks English on the support line and nothing got solved.",
    ),
    "neutral": ("Is there an English-speaking agent? I need help changing my plan.",),
}

PORTUGUESE: dict[str, tuple[str, ...]] = {
    "pos": (
        "Atendimento muito bom, resolveram tudo rápido. Obrigado!",
        "Gostei muito da loja, os atendentes foram simpáticos.",
    ),
    "mild": ("Serviço razoável, nada de especial.", "Funciona bem, mas o preço é alto."),
    "neg": ("Péssimo atendimento, quero cancelar o contrato.", "Preço alto demais para o que oferecem."),
    "neutral": ("Vocês têm planos para estrangeiros? Preciso de informação.",),
}
