"""Regions, their variety of Spanish, and the words that change between them.

Fragments in the vocabulary modules carry ``{slot}`` placeholders; a
:class:`Slots` mapping fills them with the word a customer from that region
would use (``{movil}`` is "móvil" in Madrid and "celular" in Bogotá), or with
fresh numbers, dates and amounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np


@dataclass(frozen=True)
class Region:
    """A region customers write from."""

    name: str
    dialect: str  # es_ES | es_MX | es_CO | es_AR | es_CL | es_PE
    weight: float
    stores: tuple[str, ...]
    cities: tuple[str, ...]


REGIONS: tuple[Region, ...] = (
    Region(
        "Madrid",
        "es_ES",
        0.18,
        ("Gran Vía", "Princesa", "La Vaguada", "Alcalá 45"),
        ("Madrid", "Getafe", "Alcobendas"),
    ),
    Region(
        "Cataluña",
        "es_ES",
        0.13,
        ("Diagonal", "Passeig de Gràcia", "Sants", "Glòries"),
        ("Barcelona", "Sabadell", "Girona"),
    ),
    Region(
        "Andalucía",
        "es_ES",
        0.13,
        ("Sevilla Este", "Nervión", "Calle Larios", "Los Arcos"),
        ("Sevilla", "Málaga", "Granada"),
    ),
    Region(
        "CDMX",
        "es_MX",
        0.13,
        ("Polanco", "Coyoacán", "Perisur", "Reforma 222"),
        ("Ciudad de México", "Naucalpan"),
    ),
    Region(
        "Jalisco",
        "es_MX",
        0.08,
        ("Andares", "Chapultepec", "Plaza del Sol"),
        ("Guadalajara", "Zapopan"),
    ),
    Region("Bogotá", "es_CO", 0.09, ("Andino", "Unicentro", "Calle 93"), ("Bogotá", "Chía")),
    Region(
        "Antioquia", "es_CO", 0.05, ("El Poblado", "Oviedo", "Laureles"), ("Medellín", "Envigado")
    ),
    Region(
        "Buenos Aires",
        "es_AR",
        0.08,
        ("Palermo", "Florida 500", "Caballito"),
        ("Buenos Aires", "La Plata"),
    ),
    Region(
        "Santiago",
        "es_CL",
        0.07,
        ("Providencia", "Costanera", "Plaza Egaña"),
        ("Santiago", "Ñuñoa"),
    ),
    Region("Lima", "es_PE", 0.06, ("Miraflores", "Jockey Plaza", "San Isidro"), ("Lima", "Surco")),
)

REGION_WEIGHTS = np.array([r.weight for r in REGIONS]) / sum(r.weight for r in REGIONS)

# Words that differ by variety. Each entry: dialect -> options.
_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "movil": {
        "es_ES": ("móvil", "móvil", "teléfono"),
        "es_MX": ("celular", "cel"),
        "es_CO": ("celular",),
        "es_AR": ("celular", "celu"),
        "es_CL": ("celular",),
        "es_PE": ("celular", "cel"),
    },
    "ordenador": {
        "es_ES": ("ordenador", "portátil"),
        "es_MX": ("computadora", "compu"),
        "es_CO": ("computador", "portátil"),
        "es_AR": ("computadora", "compu", "notebook"),
        "es_CL": ("computador", "notebook"),
        "es_PE": ("computadora", "laptop"),
    },
    "pedido": {
        "es_ES": ("pedido",),
        "es_MX": ("pedido", "orden", "orden"),
        "es_CO": ("pedido", "orden"),
        "es_AR": ("pedido", "compra"),
        "es_CL": ("pedido", "compra"),
        "es_PE": ("pedido", "orden"),
    },
    "ok": {
        "es_ES": ("vale", "vale", "ok"),
        "es_MX": ("ok", "órale", "va"),
        "es_CO": ("listo", "dale", "ok"),
        "es_AR": ("dale", "joya", "ok"),
        "es_CL": ("ya", "ok", "dale"),
        "es_PE": ("ya", "ok", "listo"),
    },
    "coger": {
        "es_ES": ("coger",),
        "es_MX": ("tomar", "agarrar"),
        "es_CO": ("tomar", "coger"),
        "es_AR": ("agarrar", "tomar"),
        "es_CL": ("tomar",),
        "es_PE": ("tomar", "agarrar"),
    },
    "tio": {
        "es_ES": ("tío", "tía", "chaval"),
        "es_MX": ("güey", "wey", "carnal"),
        "es_CO": ("parce", "parcero", "mija"),
        "es_AR": ("che", "boludo", "chabón"),
        "es_CL": ("compadre", "hermano"),
        "es_PE": ("pata", "causa", "broder"),
    },
    "guay": {
        "es_ES": ("guay", "genial", "de lujo"),
        "es_MX": ("chido", "padrísimo", "bien chido"),
        "es_CO": ("chévere", "bacano", "una chimba"),
        "es_AR": ("copado", "re bien", "bárbaro"),
        "es_CL": ("bacán", "filete", "la raja"),
        "es_PE": ("bacán", "chévere", "paja"),
    },
    "enfadado": {
        "es_ES": ("cabreado", "enfadado", "harto", "quemado"),
        "es_MX": ("enojado", "encabronado", "harto"),
        "es_CO": ("berraco", "aburrido", "mamado"),
        "es_AR": ("re caliente", "podrido", "harto"),
        "es_CL": ("choreado", "chato", "enojado"),
        "es_PE": ("asado", "harto", "furioso"),
    },
    "dinero": {
        "es_ES": ("dinero", "dinero", "pasta"),
        "es_MX": ("dinero", "lana", "varo"),
        "es_CO": ("plata",),
        "es_AR": ("plata", "guita"),
        "es_CL": ("plata", "lucas"),
        "es_PE": ("plata", "dinero"),
    },
    "saludo": {
        "es_ES": ("Buenas", "Hola", "Hola, buenas"),
        "es_MX": ("Qué onda", "Hola", "Buenas"),
        "es_CO": ("Qué más", "Hola", "Buenas"),
        "es_AR": ("Che", "Hola", "Buenas"),
        "es_CL": ("Hola po", "Hola", "Wena"),
        "es_PE": ("Habla", "Hola", "Buenas"),
    },
    "enserio": {
        "es_ES": ("en serio", "de verdad", "madre mía"),
        "es_MX": ("neta", "en serio", "no manches"),
        "es_CO": ("en serio", "qué boleta", "uy no"),
        "es_AR": ("posta", "en serio", "no puede ser"),
        "es_CL": ("en serio", "pucha", "cachai"),
        "es_PE": ("en serio", "asu", "qué roche"),
    },
    "muy": {
        "es_ES": ("muy", "muy", "súper"),
        "es_MX": ("muy", "bien", "súper"),
        "es_CO": ("muy", "súper", "demasiado"),
        "es_AR": ("muy", "re", "re"),
        "es_CL": ("muy", "súper", "demasiado"),
        "es_PE": ("muy", "súper", "bien"),
    },
    "mensajero": {
        "es_ES": ("el repartidor", "el mensajero", "la empresa de transporte"),
        "es_MX": ("la paquetería", "el repartidor", "el de la paquetería"),
        "es_CO": ("la transportadora", "el mensajero", "el domiciliario"),
        "es_AR": ("el correo", "el cadete", "la empresa de envíos"),
        "es_CL": ("el courier", "el repartidor", "la empresa de despacho"),
        "es_PE": ("el courier", "el motorizado", "el repartidor"),
    },
    "envio": {
        "es_ES": ("envío", "transporte"),
        "es_MX": ("envío",),
        "es_CO": ("envío", "domicilio"),
        "es_AR": ("envío",),
        "es_CL": ("despacho", "envío"),
        "es_PE": ("envío", "delivery"),
    },
    "factura": {
        "es_ES": ("factura",),
        "es_MX": ("factura",),
        "es_CO": ("factura",),
        "es_AR": ("factura", "boleta"),
        "es_CL": ("boleta", "cuenta", "factura"),
        "es_PE": ("factura",),
    },
    "hablar": {
        "es_ES": ("hablar", "hablar"),
        "es_MX": ("hablar", "platicar"),
        "es_CO": ("hablar",),
        "es_AR": ("hablar",),
        "es_CL": ("hablar",),
        "es_PE": ("hablar", "conversar"),
    },
    "ahora": {
        "es_ES": ("ahora", "ya"),
        "es_MX": ("ahorita", "ya"),
        "es_CO": ("ahorita", "ya"),
        "es_AR": ("ahora", "ya"),
        "es_CL": ("ahora", "altiro"),
        "es_PE": ("ahorita", "ya"),
    },
    "sois": {
        "es_ES": ("sois", "sois", "son"),
        "es_MX": ("son",),
        "es_CO": ("son",),
        "es_AR": ("son",),
        "es_CL": ("son",),
        "es_PE": ("son",),
    },
    "consumo": {
        "es_ES": ("Consumo", "la OCU", "la oficina del consumidor"),
        "es_MX": ("Profeco", "la Profeco"),
        "es_CO": ("la Superintendencia", "la SIC"),
        "es_AR": ("Defensa del Consumidor",),
        "es_CL": ("el Sernac",),
        "es_PE": ("Indecopi",),
    },
    "atienden": {
        "es_ES": ("cogen el teléfono", "contestan", "atienden"),
        "es_MX": ("contestan", "atienden"),
        "es_CO": ("contestan", "atienden"),
        "es_AR": ("atienden", "contestan"),
        "es_CL": ("contestan", "atienden"),
        "es_PE": ("contestan", "atienden"),
    },
    "ustedes": {
        "es_ES": ("vosotros", "ustedes"),
        "es_MX": ("ustedes",),
        "es_CO": ("ustedes",),
        "es_AR": ("ustedes",),
        "es_CL": ("ustedes",),
        "es_PE": ("ustedes",),
    },
}

_CURRENCY: dict[str, tuple[str, float, float, int]] = {
    # dialect -> (format, low, high, decimals)
    "es_ES": ("{v} €", 12.0, 95.0, 2),
    "es_MX": ("${v} MXN", 199.0, 1899.0, 0),
    "es_CO": ("${v}", 39000.0, 289000.0, 0),
    "es_AR": ("${v}", 8000.0, 68000.0, 0),
    "es_CL": ("${v}", 9990.0, 59990.0, 0),
    "es_PE": ("S/ {v}", 39.0, 299.0, 2),
}

MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
_NUMBER_WORDS = (
    "cero",
    "un",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
)


def format_amount(value: float, dialect: str) -> str:
    """Return a money amount written the way the region writes it."""
    fmt, _, _, decimals = _CURRENCY[dialect]
    if decimals:
        text = f"{value:,.{decimals}f}"
    else:
        text = f"{round(value):,}"
    if dialect in ("es_ES", "es_CO", "es_AR", "es_CL"):
        # Thousands with dots, decimals with a comma.
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return fmt.format(v=text)


class Slots(dict[str, str]):
    """A ``format_map`` mapping that fills placeholders on demand.

    Known keys are fixed per text (the same ``{producto}`` twice reads the
    same); unknown keys are drawn when first asked for.
    """

    def __init__(
        self,
        rng: np.random.Generator,
        dialect: str,
        day: date,
        region: Region,
        product: str,
        brand: str = "TuMarca",
    ) -> None:
        super().__init__()
        self.rng = rng
        self.dialect = dialect
        self.day = day
        self.region = region
        self.product = product
        self.brand = brand

    def pick(self, options: tuple[str, ...] | list[str]) -> str:
        """Return one of ``options`` at random."""
        return options[int(self.rng.integers(len(options)))]

    def __missing__(self, key: str) -> str:
        value = self._draw(key)
        self[key] = value
        return value

    def _draw(self, key: str) -> str:
        rng = self.rng
        if key in _WORDS:
            return self.pick(_WORDS[key][self.dialect])
        if key in ("el_pedido", "del_pedido"):
            noun = self["pedido"]
            feminine = noun in ("orden", "compra")
            if key == "el_pedido":
                return ("la " if feminine else "el ") + noun
            return ("de la " if feminine else "del ") + noun
        if key == "marca":
            return self.brand
        if key == "handle":
            return "@" + self.brand
        if key in ("importe", "importe2"):
            _, low, high, _ = _CURRENCY[self.dialect]
            value = float(rng.uniform(low, high))
            if self.dialect == "es_ES" and rng.random() < 0.6:
                value = float(int(value)) + 0.99
            return format_amount(value, self.dialect)
        if key == "fecha":
            back = int(rng.integers(2, 20))
            d = self.day - timedelta(days=back)
            form = int(rng.integers(4))
            if form == 0:
                return f"el {d.day} de {MONTHS[d.month - 1]}"
            if form == 1:
                return f"el día {d.day}"
            if form == 2:
                return f"el {WEEKDAYS[d.weekday()]} pasado"
            return f"el {d.day}/{d.month}"
        if key == "mes":
            return MONTHS[self.day.month - 1]
        if key == "mes_ant":
            return MONTHS[(self.day.month - 2) % 12]
        if key == "n_dias":
            n = int(rng.integers(3, 22))
            return _NUMBER_WORDS[n] if n <= 10 and rng.random() < 0.4 else str(n)
        if key == "n_semanas":
            return self.pick(("dos", "tres", "2", "3", "cuatro"))
        if key == "n_min":
            return str(int(rng.choice([20, 25, 30, 35, 40, 45, 50, 55, 60, 75, 90, 120])))
        if key == "n_horas":
            return self.pick(("dos", "tres", "2", "3", "4", "casi dos", "más de una"))
        if key == "n_veces":
            return self.pick(("dos", "tres", "cuatro", "2", "3", "5", "mil"))
        if key == "n_llamadas":
            return self.pick(("tres", "cuatro", "cinco", "6", "7", "8", "diez", "12"))
        if key == "num_pedido":
            return self.pick(("#", "nº ", "", "N°")) + str(int(rng.integers(1_000_000, 9_999_999)))
        if key == "num_ticket":
            return str(int(rng.integers(100_000, 999_999)))
        if key == "ultimos4":
            return f"{int(rng.integers(0, 10_000)):04d}"
        if key == "version":
            return self.pick(("5.12.0", "5.12.0", "5.12.1", "5.12"))
        if key == "tienda":
            return self.pick(self.region.stores)
        if key == "ciudad":
            return self.pick(self.region.cities)
        if key == "producto":
            return _product_phrase(self)
        if key == "hora":
            return f"{int(rng.integers(9, 21))}:{self.pick(('00', '15', '30', '45'))}"
        raise KeyError(key)


_PRODUCT_PHRASES: dict[str, tuple[str, ...]] = {
    "Fibra": ("la fibra", "mi fibra", "el internet", "la conexión de fibra", "el wifi de casa"),
    "Móvil": ("la línea", "mi línea de {movil}", "el plan de {movil}", "mi tarifa móvil"),
    "Fibra + Móvil": ("el paquete fibra y {movil}", "mi paquete", "el combo", "la tarifa conjunta"),
    "Tarjeta": ("la tarjeta", "mi tarjeta de crédito", "la tarjeta de la tienda"),
    "Tienda online": ("la tienda online", "la web", "la compra online"),
    "TV": ("la tele", "el servicio de TV", "el decodificador", "los canales"),
}


def _product_phrase(slots: Slots) -> str:
    options = _PRODUCT_PHRASES.get(slots.product, ("el servicio",))
    return slots.pick(options).format_map(slots)
