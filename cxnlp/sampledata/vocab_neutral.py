"""Wording of the neutral topic: questions and requests for information.

These texts share words with the complaints on purpose ("factura", "plan",
"tienda") but carry no judgement, and their scores come from the background
distribution: a topic with volume and no impact.
"""

from __future__ import annotations

QUESTIONS: tuple[str, ...] = (
    "¿A qué hora abre la tienda de {tienda} los domingos?",
    "Quisiera saber cómo cambiar mi plan a uno con más datos.",
    "¿Dónde veo mi {factura} en la web?",
    "¿Cómo puedo cambiar mi plan de {movil}?",
    "Me gustaría saber el horario de la tienda de {tienda}.",
    "¿Se puede pasar de la fibra de 300 a la de 600 sin permanencia?",
    "¿Dónde consulto el consumo de datos del mes?",
    "Quisiera información sobre las tarifas para autónomos.",
    "¿Cómo descargo la {factura} en PDF?",
    "¿Tienen tienda en {ciudad}?",
    "¿Qué documentos necesito para la portabilidad?",
    "¿Cómo activo el roaming para un viaje?",
    "Necesito información para cambiar el titular de la línea.",
    "¿Puedo cambiar el día de pago de la {factura}?",
    "¿Cuál es el horario de la tienda de {tienda} en festivos?",
    "¿Cómo cambio la dirección a la que llegan las facturas?",
    "Me gustaría saber si hay ofertas para añadir otra línea.",
    "¿Dónde puedo ver los puntos de la tarjeta?",
    "¿Cómo se cambia el PIN de la tarjeta?",
    "¿Se puede recoger un pedido en la tienda de {tienda}?",
    "¿Cómo configuro el router para cambiar el nombre del wifi?",
    "¿Qué canales incluye el paquete básico de TV?",
    "¿Dónde veo cuándo termina mi permanencia?",
    "¿Cómo pido una tarjeta adicional para mi pareja?",
    "Quisiera saber si la tienda de {tienda} abre el sábado por la tarde.",
    "¿Hay que pedir cita para ir a la tienda?",
    "¿Qué diferencia hay entre el plan de 20 GB y el ilimitado?",
    "¿Cómo puedo ver el detalle de llamadas de la {factura}?",
    "¿Se puede cambiar de plan a mitad de mes?",
    "¿Cuánto cuesta añadir la TV al paquete?",
    "¿En qué apartado de la web se cambia la cuenta bancaria?",
    "¿Dónde encuentro el número de cliente?",
    "¿La oferta de {mes} vale también para clientes actuales?",
    "¿Cuántos días tengo para devolver un producto de la tienda online?",
)

# Generated questions: an asking form around an action.
ASK_FORMS: tuple[str, ...] = (
    "¿Cómo puedo {a}?",
    "¿Cómo hago para {a}?",
    "Quisiera saber cómo {a}.",
    "¿Me pueden explicar cómo {a}?",
    "Necesito {a}, ¿qué tengo que hacer?",
    "¿Qué hay que hacer para {a}?",
    "Una pregunta: ¿cómo se puede {a}?",
    "Me gustaría {a}. ¿Cuáles son los pasos?",
    "¿Dónde tengo que ir para {a}?",
)
ACTIONS: tuple[str, ...] = (
    "cambiar mi plan a uno con más datos",
    "ver mi {factura} en la web",
    "descargar la {factura} en PDF",
    "activar el roaming",
    "cambiar el titular de la línea",
    "cambiar el PIN de la tarjeta",
    "consultar el consumo de datos",
    "cambiar la cuenta bancaria",
    "añadir otra línea de {movil}",
    "pedir una tarjeta adicional",
    "recoger un pedido en tienda",
    "cambiar la contraseña del wifi",
    "saber cuándo termina mi permanencia",
    "pasar de la fibra de 300 a la de 600",
    "cambiar el día de pago",
    "ver los puntos de la tarjeta",
    "devolver un producto de la tienda online",
    "contratar la TV",
    "cambiar la dirección de las facturas",
    "pedir un duplicado de la {factura}",
    "cambiar de plan de {movil}",
)
HOURS_FORMS: tuple[str, ...] = (
    "¿A qué hora abre la tienda de {tienda} {when}?",
    "¿Cuál es el horario de la tienda de {tienda} {when}?",
    "¿Abre la tienda de {tienda} {when}?",
    "¿Hasta qué hora está abierta la tienda de {tienda} {when}?",
)
WHEN: tuple[str, ...] = (
    "los domingos",
    "los sábados",
    "en festivos",
    "hoy",
    "en agosto",
    "en Navidad",
    "entre semana",
    "mañana",
)

OPENERS: tuple[str, ...] = (
    "Hola.",
    "Buenas tardes.",
    "Buenos días.",
    "Una consulta:",
    "Pregunta:",
    "Tengo una duda.",
    "{saludo}, una pregunta.",
    "Consulta:",
    "Quería preguntar algo.",
)

DETAILS: tuple[str, ...] = (
    "Es para mi línea de {movil}.",
    "Soy cliente desde hace años.",
    "Lo pregunto porque me mudo a {ciudad}.",
    "Tengo el plan básico.",
    "Es para la cuenta de mi madre.",
    "No lo encuentro en la web.",
    "Lo necesito para el mes que viene.",
    "Tengo {producto} con ustedes.",
    "Es por saberlo antes de ir.",
)

CLOSINGS: tuple[str, ...] = ("Gracias.", "Un saludo.", "Saludos.", "Quedo atento.", "")

SOCIAL: tuple[str, ...] = (
    "{handle} ¿a qué hora abre hoy la tienda de {tienda}?",
    "alguien sabe cómo cambiar el plan en {handle}?",
    "{handle} ¿dónde veo la {factura} en la web?",
    "{handle} ¿tienen tienda en {ciudad}?",
    "{handle} una pregunta: ¿el roaming está incluido en mi tarifa?",
    "¿alguien sabe si {handle} abre los festivos?",
    "{handle} ¿cómo descargo la {factura} del mes pasado?",
    "pregunta para {handle}: ¿se puede recoger {el_pedido} en tienda?",
    "{handle} ¿qué necesito para traer mi número desde otra compañía?",
    "{handle} ¿dónde miro cuándo se me acaba la permanencia?",
)

TICKET_SUBJECTS: tuple[str, ...] = (
    "Consulta",
    "Consulta general",
    "Solicitud de información",
    "Pregunta sobre mi cuenta",
    "Duda",
    "Información",
    "Consulta sobre mi contrato",
    "Pregunta",
)

TICKET_REQUESTS: tuple[str, ...] = (
    "¿Podrían indicarme los pasos?",
    "Agradecería que me enviaran la información por correo.",
    "Quedo a la espera de su respuesta.",
    "Les agradecería una respuesta cuando puedan.",
    "¿Me pueden indicar dónde está esa opción?",
)
