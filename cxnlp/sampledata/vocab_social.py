"""Social-media register: emojis, laughter, hashtags, background posts, handles."""

from __future__ import annotations

EMOJI: dict[str, tuple[str, ...]] = {
    "neg": ("😡", "😤", "🤬", "👎", "😒", "🙄", "😠", "😩", "😭", "💩", "🤦‍♀️", "🤦‍♂️"),
    "pos": ("😍", "🙌", "👏", "❤️", "😊", "👌", "🔥", "💯", "🥰", "✨", "💙", "🚀"),
    "neutral": ("🤔", "📱", "🙏", "👀", "💻", "📦"),
    "irony": ("🙃", "🙂", "👏", "🤡", "😂"),
}

LAUGHS: tuple[str, ...] = (
    "jajaja",
    "jajajaja",
    "JAJAJA",
    "jsjsjs",
    "jeje",
    "xD",
    "jajsjs",
    "ajajaj",
)

GENERIC_TAGS: dict[str, tuple[str, ...]] = {
    "neg": ("#MalServicio", "#quejas", "#NuncaMás", "#TuMarca"),
    "pos": ("#TuMarca", "#gracias", "#FelizConMiFibra", "#ClienteFeliz"),
    "neutral": ("#TuMarca", "#pregunta", "#ayuda"),
}

INTERJECTIONS_NEG: tuple[str, ...] = (
    "{enserio}",
    "{tio}",
    "uff",
    "buff",
    "vaya tela",
    "qué cansancio",
    "ya está bien",
)
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
    "10 años con {handle} y cero problemas, así da gusto",
    "el chat de {handle} me lo resolvió en cinco minutos 👏",
    "me instalaron la fibra hoy y va como un tiro, gracias {handle}",
    "qué gusto cuando las cosas funcionan: gracias {handle}",
    "{handle} gracias a la chica de {tienda}, un amor",
    "cambié el plan desde la web en dos clics, bien ahí {handle}",
    "la tarjeta de {handle} me salvó las compras de navidad jaja",
    "ojalá todas las empresas atendieran como {handle}",
    "{handle} el técnico vino puntualísimo y súper majo",
    "llevo un mes con {handle} y la fibra no se ha caído ni una vez",
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
    "alguien sabe si {handle} tiene ofertas para estudiantes?",
    "comparando tarifas entre {handle} y otras, ¿recomendaciones?",
    "mi vieja se pasó a {handle}, veremos qué tal",
    "el nuevo anuncio de {handle} con perritos 🐶",
    "{handle} patrocina el concierto de este finde en {ciudad}",
    "pasé por la tienda de {handle} en {tienda} a mirar {movil}s",
    "me llegó la publicidad de {handle} al buzón, otra vez",
    "viendo la serie con la tele de {handle} 🍿",
    "teletrabajando con la fibra de {handle} desde {ciudad} 💻",
    "¿alguien usa la tarjeta de {handle}? ¿merece la pena?",
)

JOKES: tuple[str, ...] = (
    "mi wifi de {handle} tiene más estabilidad emocional que yo",
    "el técnico de {handle} me cayó tan bien que casi lo invito a cenar",
    "mi abuela ya sabe usar el {movil} mejor que yo gracias a la chica de {handle}",
    "el router de {handle} y yo: una relación de amor y reinicios",
    "le puse a mi wifi el nombre 'TuMarcaNoMeFalles' y de momento funciona",
    "el perro se comió el cable del router y el técnico de {handle} no podía parar de reírse",
    "mi hijo cree que el wifi de {handle} es un miembro más de la familia",
    "confesión: llamé a {handle} solo para escuchar la musiquita",
    "cuando se va el wifi de {handle} y descubres que tienes familia",
    "el anuncio de {handle} me lo sé de memoria ya",
)

MISC_NEG: tuple[str, ...] = (
    "{handle} otra vez sin cobertura en {ciudad} 😒",
    "me subieron la tarifa sin avisar, gracias {handle}",
    "{handle} dejen de llamarme para ofrecerme cosas 🙄",
    "la fibra de {handle} se corta cada noche",
    "{handle} el router se apaga solo, ya van {n_veces} veces esta semana",
    "la permanencia de {handle} es un secuestro",
    "{handle} otra subida de precio, ¿en serio?",
    "la tele de {handle} se queda pillada cada dos por tres",
    "{handle} sin internet desde esta mañana en {ciudad}",
    "el técnico de {handle} no apareció y me tocó esperar toda la tarde",
    "la cobertura de {handle} en el metro es nula",
    "me vendieron en la tienda de {tienda} un plan que no pedí, gracias {handle}",
    "{handle} la fibra va a pedales por la noche",
    "darse de baja en {handle} es una odisea",
    "{handle} me prometieron un descuento que nunca apareció",
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
    "maria",
    "juan",
    "laura",
    "carlos",
    "ana",
    "pablo",
    "lucia",
    "diego",
    "sofia",
    "javi",
    "marta",
    "andres",
    "vale",
    "nico",
    "cami",
    "fer",
    "dani",
    "sergio",
    "paula",
    "alex",
    "lupita",
    "memo",
    "chucho",
    "caro",
    "mafe",
    "pipe",
    "juanchi",
    "flor",
    "rocio",
    "nacho",
    "pili",
    "toni",
    "quique",
    "gaby",
    "isa",
    "mono",
    "rulo",
    "cata",
    "manu",
    "bea",
)
NAME_TAILS: tuple[str, ...] = (
    "_",
    ".",
    "",
    "__",
    "_oficial",
    "_mx",
    "_co",
    "_ok",
    "_bcn",
    "_mad",
    "_ar",
    "_cl",
    "_pe",
    "xx",
)
NAME_WORDS: tuple[str, ...] = (
    "gamer",
    "viajera",
    "runner",
    "foodie",
    "lectora",
    "cine",
    "futbol",
    "musica",
    "random",
    "real",
    "tech",
    "fit",
    "cocina",
    "vlog",
    "arte",
    "mate",
    "cafe",
    "perro",
    "gato",
    "monte",
)

PLATFORMS: tuple[str, ...] = ("twitter", "instagram", "facebook", "tiktok", "google_reviews")
PLATFORM_WEIGHTS: tuple[float, ...] = (0.45, 0.2, 0.15, 0.1, 0.1)
