"""Support-ticket register: greetings, sign-offs and everyday requests."""

from __future__ import annotations

GREETINGS: tuple[str, ...] = (
    "Buenos días,",
    "Buenas tardes,",
    "Hola,",
    "Estimados:",
    "Estimado equipo de atención al cliente:",
    "{saludo},",
    "A quien corresponda:",
)

SIGNOFFS: tuple[str, ...] = (
    "Gracias.",
    "Quedo a la espera de su respuesta.",
    "Un saludo.",
    "Saludos cordiales.",
    "Gracias de antemano.",
    "Espero una respuesta pronto.",
    "",
)

ESCALATIONS: tuple[str, ...] = (
    "Ya he escrito {n_veces} veces por esto.",
    "Ya abrí la incidencia {num_ticket} y la cerraron sin resolver nada.",
    "Nadie me ha dado una respuesta clara hasta ahora.",
    "Lo he consultado también en la tienda de {tienda} y me remitieron aquí.",
    "Adjunto captura de pantalla.",
    "Soy cliente desde hace {n_dias} años.",
)

# Everyday tickets with no planted cause: subject -> bodies.
ROUTINE: dict[str, tuple[str, ...]] = {
    "Alta de nueva línea": (
        "Quisiera dar de alta una línea adicional de {movil} para mi hija.",
        "Me interesa añadir una línea más al paquete. ¿Qué pasos tengo que seguir?",
    ),
    "Cambio de domicilio": (
        "Me mudo a {ciudad} el mes que viene y necesito trasladar {producto}.",
        "Necesito cambiar la dirección de instalación porque me cambio de piso.",
    ),
    "Portabilidad": (
        "Quiero traer mi número desde otra compañía. Ya tengo el código de portabilidad.",
        "Solicito la portabilidad de mi línea de {movil}; indíquenme la documentación necesaria.",
    ),
    "Avería: sin conexión a internet": (
        "Desde {fecha} no tengo conexión; el router tiene la luz roja encendida.",
        "La conexión se corta varias veces al día y he reiniciado el router sin éxito.",
    ),
    "Duplicado de tarjeta SIM": (
        "He perdido el {movil} y necesito un duplicado de la SIM.",
        "La SIM se ha estropeado y no lee; solicito una nueva.",
    ),
    "Baja de servicio": (
        "Solicito la baja de la TV, que ya no utilizo.",
        "Quiero dar de baja la línea fija que tengo contratada.",
    ),
    "Cambio de cuenta bancaria": (
        "Necesito cambiar la cuenta donde se cargan los recibos.",
        "He cambiado de banco y quiero actualizar los datos de pago.",
    ),
    "Avería del decodificador": (
        "El decodificador se queda con la pantalla en negro desde {fecha}.",
        "Algunos canales no se ven y el decodificador muestra un error.",
    ),
    "Solicitud de tarjeta adicional": (
        "Quisiera pedir una tarjeta adicional a nombre de mi pareja.",
        "¿Pueden enviarme una segunda tarjeta para uso de mi hijo?",
    ),
    "Configuración del router": (
        "Necesito ayuda para cambiar la contraseña del wifi del router nuevo.",
        "No consigo conectar la impresora al wifi del router que me instalaron.",
    ),
}

ROUTINE_REQUESTS: tuple[str, ...] = (
    "¿Me pueden indicar cómo hacerlo?",
    "Agradecería que lo gestionaran lo antes posible.",
    "Quedo pendiente de sus indicaciones.",
    "Por favor, confírmenme cuando esté hecho.",
)

CHANNELS: tuple[str, ...] = ("email", "teléfono", "chat", "web", "app")
CHANNEL_WEIGHTS: tuple[float, ...] = (0.35, 0.25, 0.2, 0.12, 0.08)
PRIORITIES: tuple[str, ...] = ("baja", "media", "alta", "urgente")
