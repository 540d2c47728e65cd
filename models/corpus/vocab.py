"""Slot vocabulary for the corpus generator: industries, Spanish varieties, noise.

Everything here was written for cxnlp. Slots are filled at random by
``generate_corpus.py``; a template names a slot as ``{slot}``.
"""

from __future__ import annotations

INDUSTRIES: dict[str, dict[str, list[str]]] = {
    "telecom": {
        "brand": ["@TelcoNova", "@MovilSur", "@FibraYa", "@ConectaMas", "Telconova", "MovilSur"],
        "obj": ["la fibra", "el router", "la línea", "el internet", "la cobertura", "el móvil",
                "la tarifa", "el wifi", "los datos", "la señal", "el decodificador", "la portabilidad"],
        "issue": ["sin internet desde el lunes", "sin señal en casa", "con la línea cortada",
                  "con el wifi que se cae cada cinco minutos", "sin datos aunque pagué el bono",
                  "con la fibra a medio mega", "sin poder llamar", "esperando al técnico"],
        "staff": ["el técnico", "la operadora", "el agente del chat", "el comercial", "la chica de la tienda"],
        "process": ["la portabilidad", "la baja", "la instalación", "el cambio de tarifa", "la reclamación"],
        "charge": ["una permanencia que nadie me explicó", "un cargo por roaming", "la cuota del router",
                   "dos veces la misma factura", "un servicio que no pedí"],
        "place": ["la tienda", "el centro de atención", "el 1004", "la línea de atención"],
        "thing_good": ["la velocidad de la fibra", "la cobertura en el pueblo", "la nueva tarifa",
                       "la atención por WhatsApp", "la app"],
    },
    "bank": {
        "brand": ["@BancoAndes", "@CajaPlus", "@BancoDelValle", "@FinaBank", "Banco Andes", "CajaPlus"],
        "obj": ["la tarjeta", "la app", "la cuenta", "la transferencia", "el préstamo", "la banca en línea",
                "el cajero", "la hipoteca", "el token", "la tarjeta de crédito"],
        "issue": ["con la tarjeta bloqueada", "sin poder entrar en la app", "con una transferencia retenida",
                  "con un cargo que no reconozco", "sin acceso a mi cuenta", "con la nómina sin ingresar",
                  "con el cajero que se tragó la tarjeta"],
        "staff": ["el gestor", "la ejecutiva", "el asesor", "la cajera", "el del call center"],
        "process": ["la apertura de la cuenta", "la reclamación del cargo", "el alta en la app",
                    "la cancelación de la tarjeta", "el trámite del préstamo"],
        "charge": ["una comisión de mantenimiento", "intereses que no tocaban", "una cuota de manejo",
                   "un cargo duplicado", "una comisión por sacar dinero"],
        "place": ["la sucursal", "la oficina", "el cajero", "la línea de atención"],
        "thing_good": ["la app nueva", "el trato de mi gestora", "las transferencias inmediatas",
                       "la atención telefónica", "el pago con el móvil"],
    },
    "retail": {
        "brand": ["@TiendaLuna", "@ModaViva", "@SuperAhorro", "@CompraFacil", "TiendaLuna", "SuperAhorro"],
        "obj": ["el pedido", "el envío", "la devolución", "el paquete", "la talla", "el reembolso",
                "la tienda online", "el producto", "la entrega", "el cupón"],
        "issue": ["sin mi pedido después de dos semanas", "con un paquete que llegó roto",
                  "esperando el reembolso", "con la talla equivocada", "sin noticias del envío",
                  "con un producto defectuoso"],
        "staff": ["el repartidor", "la dependienta", "el de atención al cliente", "la cajera", "el encargado"],
        "process": ["la devolución", "el cambio de talla", "el reembolso", "la entrega", "la garantía"],
        "charge": ["los gastos de envío dos veces", "un producto que nunca llegó", "el precio sin el descuento",
                   "una suscripción que no pedí"],
        "place": ["la tienda", "el centro comercial", "la web", "la caja"],
        "thing_good": ["el envío rápido", "la calidad de la ropa", "las ofertas", "el trato en tienda",
                       "la devolución sin preguntas"],
    },
    "airline": {
        "brand": ["@VuelaSur", "@AeroLinea", "@CieloAir", "@AlasDelSur", "VuelaSur", "AeroLínea"],
        "obj": ["el vuelo", "la maleta", "el equipaje", "el embarque", "la tarjeta de embarque",
                "el reembolso", "el asiento", "la reserva", "la conexión", "el check-in online"],
        "issue": ["con el vuelo cancelado", "sin mi maleta", "con tres horas de retraso",
                  "tirado en el aeropuerto", "con la conexión perdida", "sin tarjeta de embarque",
                  "con la maleta rota"],
        "staff": ["la azafata", "el personal de tierra", "el piloto", "la tripulación", "el de mostrador"],
        "process": ["el cambio de vuelo", "la reclamación de la maleta", "el reembolso",
                    "la facturación", "el embarque"],
        "charge": ["la maleta de mano", "el cambio de fecha", "el asiento", "una tasa que nadie explicó"],
        "place": ["el aeropuerto", "la puerta de embarque", "el mostrador", "Barajas", "la terminal"],
        "thing_good": ["la puntualidad", "la tripulación", "el vuelo", "el servicio a bordo",
                       "el nuevo avión", "la comida a bordo"],
    },
    "utilities": {
        "brand": ["@LuzClara", "@AguasDelNorte", "@GasHogar", "@EnergiaViva", "LuzClara", "GasHogar"],
        "obj": ["la luz", "el gas", "el agua", "la factura", "el contador", "el suministro",
                "la lectura del contador", "la calefacción", "la tarifa de la luz"],
        "issue": ["sin luz desde anoche", "sin agua caliente", "con una factura disparada",
                  "sin gas en pleno invierno", "con cortes de luz cada semana",
                  "con una lectura estimada que no es real"],
        "staff": ["el técnico", "el lector del contador", "la operadora", "el de la distribuidora"],
        "process": ["el cambio de titular", "la reclamación de la factura", "la reconexión",
                    "el alta del suministro", "la revisión del gas"],
        "charge": ["un consumo que no he hecho", "una factura estimada", "el alquiler del contador",
                   "una penalización por cambiar de compañía"],
        "place": ["la oficina comercial", "el teléfono de averías", "la web"],
        "thing_good": ["la rapidez de la reconexión", "la factura más clara", "el técnico",
                       "la app para leer el contador"],
    },
}

WAITS = ["dos horas", "tres días", "una semana", "quince días", "un mes", "40 minutos",
         "45 min", "toda la mañana", "desde el martes", "casi dos meses", "una hora al teléfono"]

DAYS = ["hoy", "ayer", "esta mañana", "el lunes", "anoche", "el fin de semana", "la semana pasada"]

# Variety markers: greetings, interjections, intensifiers, closings.
VARIETIES: dict[str, dict[str, list[str]]] = {
    "es-ES": {
        "greet": ["Hola", "Buenas", "Buenos días", "Oye", "Hola, a ver"],
        "intens": ["muy", "súper", "bastante", "mogollón de", "la leche de"],
        "neg_inter": ["Vaya tela", "Manda narices", "Qué vergüenza", "Es de traca", "Flipo",
                      "Qué cachondeo", "Venga ya", "Me cago en todo"],
        "pos_inter": ["Qué guay", "Mola mucho", "De lujo", "Genial", "Chapó", "Qué majos"],
        "friend": ["tío", "tía", "chaval"],
    },
    "es-MX": {
        "greet": ["Hola", "Buen día", "Qué tal", "Oigan"],
        "intens": ["bien", "muy", "súper", "re"],
        "neg_inter": ["No manches", "Qué poca", "Neta qué coraje", "Ya estuvo", "Qué mal pedo",
                      "Neta no mamen"],
        "pos_inter": ["Qué padre", "Qué chido", "Está padrísimo", "Neta excelente", "Muy chido"],
        "friend": ["güey", "carnal", "compa"],
    },
    "es-AR": {
        "greet": ["Hola", "Buenas", "Che", "Buen día"],
        "intens": ["re", "muy", "súper", "una banda de"],
        "neg_inter": ["Qué bronca", "Un desastre", "Una vergüenza", "Son unos chantas",
                      "Qué garrón", "Posta que no se puede"],
        "pos_inter": ["Bárbaro", "Re bien", "Un lujo", "Excelente", "Genial che", "Una masa"],
        "friend": ["boludo", "che", "loco"],
    },
    "es-CO": {
        "greet": ["Hola", "Buenas tardes", "Buen día", "Qué más"],
        "intens": ["muy", "súper", "demasiado"],
        "neg_inter": ["Qué boleta", "Qué mamera", "Una falta de respeto", "Qué pena con ustedes pero no"],
        "pos_inter": ["Qué chévere", "Bacano", "Muy chévere", "Excelente servicio", "Qué nota"],
        "friend": ["parce", "parcero", "mijo"],
    },
    "es-CL": {
        "greet": ["Hola", "Buenas", "Oigan"],
        "intens": ["muy", "súper", "demasiado"],
        "neg_inter": ["Qué lata", "Una vergüenza", "Qué penca", "Puros frescos"],
        "pos_inter": ["Bacán", "Filete", "Excelente", "Demasiado bueno"],
        "friend": ["compadre", "hermano"],
    },
}

EMOJI = {
    "POS": ["😊", "🙌", "👏", "❤️", "😍", "👍", "🥰", "💯", "😁", "✨", "🎉"],
    "NEG": ["😡", "🤬", "👎", "😤", "😒", "🙄", "💩", "😠"],
    "IRONY": ["🙃", "🙂", "👏👏", "😂", "🤡", "😑"],
    "SAD": ["😢", "😭", "😔", "💔", "😞"],
    "FEAR": ["😰", "😨", "😱", "🙏"],
    "SURPRISE": ["😮", "😲", "🤯", "😳", "‼️", "😱"],
    "DISGUST": ["🤢", "🤮", "😖"],
    "NEU": ["", "", "", "🤔", "🙏", "📱", "✈️"],
}

HASHTAGS = {
    "NEG": ["#reclamo", "#quejas", "#fail", "#pesimoservicio", "#consumo"],
    "POS": ["#gracias", "#clientefeliz", "#recomendado"],
    "NEU": ["#atencionalcliente", "#servicio", "#clientes", "#consulta", "#lunes", "#viernes"],
}
GENERAL_HASHTAGS = ["#domingo", "#noticias", "#directo", "#finde", "#hoy", "#ultimahora", "#debate"]
EMOTION_EMOJI = {"joy": "POS", "sadness": "SAD", "anger": "NEG", "fear": "FEAR",
                 "surprise": "SURPRISE", "disgust": "DISGUST", "others": "NEU"}

URLS = ["https://t.co/a8Xk2LmPq", "https://t.co/Zr4pQ9wTe", "http://bit.ly/3xYzAbc",
        "https://t.co/K1mN0pQrS"]
