"""Social-media register: emojis, laughter, hashtags, background posts, handles."""

from __future__ import annotations

EMOJI: dict[str, tuple[str, ...]] = {
    "neg": ("😡", "😤", "🤬", "👎", "😒", "🙄", "😠", "😩", "😭", "💩", "🤦‍♀️", "🤦‍♂️"),
    "pos": ("😍", "🙌", "👏", "❤️", "😊", "👌", "🔥", "💯", "🥰", "✨", "💙", "🚀"),
    "neutral": ("🤔", "📱", "🙏", "👀", "💻", "📦"),
    "irony": ("🙃", "🙂", "👏", "🤡", "😂"),
}

LAUGHS: tuple[str, ...] = ("jajaja", "jajajaja", "JAJAJA", "jsjsjs", "jeje", "xD", "jajsjs", "ajajaj")

GENERIC_TAGS: dict[str, tuple[str, ...]] = {
    "neg": ("#MalServicio", "#quejas", "#NuncaMás", "#TuMarca"),
    "pos": ("#TuMarca", "#gracias", "#FelizConMiFibra", "#ClienteFeliz"),
    "neutral": ("#TuMarca", "#pregunta", "#ayuda"),
}

INTERJECTIONS_NEG: tuple[str, ...] = ("{enserio}", "{tio}", "uff", "buff", "vaya tela", "qué cansancio", "ya está bien")
INTERJECTIONS_POS: tuple[str, ...] = ("{tio}", "holaaa", "wow", "ufff qué bien", "{saludo}")

PRAISE: tuple[str, ...] = (
    "gracias {handle} por resolverlo tan rápido 🙌",
    "la fibra de {handle} va volando 🚀",
    "top la atención en la tienda de {tienda} 👌",
    "{handle} {sois} los mejores ❤️",
    "cambié a {handle} y ni un corte desde entonces",
    "nuevo {movil} y la portabilidad en un día, {guay} {handle}",
    "el técnico de {handle} un crack, instalado en media hora",
    "por fin una compañía que contesta rápido por aquí, gracias {handle}",
    "{handle} me subieron la velocidad gratis, qué detallazo",
    "la atención de {handle} en la tienda de {tienda} {guay}",
)

CHATTER: tuple[str, ...] = (
    "viendo el partido con la fibra de {handle} ⚽",
    "estreno {movil} gracias a {handle} 📱",
    "¿qué tal va {handle} en {ciudad}? estoy pensando en cambiarme",
    "participando en el sorteo de {handle}, a ver si hay suerte 🍀 #sorteo",
    "acabo de ver el anuncio nuevo de {handle} en la tele",
    "{handle} o la competencia? acepto consejos",
    "mudanza a {ciudad} y toca llevarse la fibra de {handle}",
    "hoy toca ir a la tienda de {handle} en {tienda}",
)

JOKES: tuple[str, ...] = (
    "mi wifi de {handle} tiene más estabilidad emocional que yo",
    "el técnico de {handle} me cayó tan bien que casi lo invito a cenar",
    "mi abuela ya sabe usar el {movil} mejor que yo gracias a la chica de {handle}",
    "el router de {handle} y yo: una relación de amor y reinicios",
)

MISC_NEG: tuple[str, ...] = (
    "{handle} otra vez sin cobertura en {ciudad} 😒",
    "me subieron la tarifa sin avisar, gracias {handle}",
    "{handle} dejen de llamarme para ofrecerme cosas 🙄",
    "la fibra de {handle} se corta cada noche",
    "{handle} el router se apaga solo, ya van {n_veces} veces esta semana",
    "la permanencia de {handle} es un secuestro",
)

REVIEW_POS: tuple[str, ...] = (
    "Tienda de {tienda}: personal amable y poco tiempo de espera. Me ayudaron con la portabilidad.",
    "Muy buena atención en la tienda, me explicaron todas las tarifas sin presionar.",
    "Tienda limpia y ordenada, y el encargado resolvió mi problema en diez minutos.",
)
REVIEW_MIXED: tuple[str, ...] = (
    "Atención correcta, pero siempre hay cola y solo dos personas atendiendo.",
    "Bien ubicada, aunque cierran a mediodía y eso no lo pone en ningún sitio.",
)
REVIEW_NEG: tuple[str, ...] = (
    "Tienda de {tienda}: una hora de cola para que me dijeran que llamara por teléfono.",
    "El dependiente no tenía ni idea y encima de malas maneras.",
)

NAME_PARTS: tuple[str, ...] = (
    "maria", "juan", "laura", "carlos", "ana", "pablo", "lucia", "diego", "sofia", "javi",
    "marta", "andres", "vale", "nico", "cami", "fer", "dani", "sergio", "paula", "alex",
    "lupita", "memo", "chucho", "caro", "mafe", "pipe", "juanchi", "flor", "rocio", "nacho",
    "pili", "toni", "quique", "gaby", "isa", "mono", "rulo", "cata", "manu", "bea",
)
NAME_TAILS: tuple[str, ...] = (
    "_", ".", "", "__", "_oficial", "_mx", "_co", "_ok", "_bcn", "_mad", "_ar", "_cl", "_pe", "xx",
)
NAME_WORDS: tuple[str, ...] = (
    "gamer", "viajera", "runner", "foodie", "lectora", "cine", "futbol", "musica", "random", "real",
    "tech", "fit", "cocina", "vlog", "arte", "mate", "cafe", "perro", "gato", "monte",
)

PLATFORMS: tuple[str, ...] = ("twitter", "instagram", "facebook", "tiktok", "google_reviews")
PLATFORM_WEIGHTS: tuple[float, ...] = (0.45, 0.2, 0.15, 0.1, 0.1)
