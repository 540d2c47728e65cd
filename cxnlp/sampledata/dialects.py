"""Regions, their variety of Spanish, and the words that change between them.

Fragments in the vocabulary modules carry ``{slot}`` placeholders; a
:class:`Slots` mapping fills them with the word a customer from that region
would use (``{movil}`` is "móvil" in Madrid and "celular" in Bogotá), or with
fresh numbers, dates and amounts. The tables (regions, words, currencies,
months) are data: ``data/dialects.json``, read by :mod:`.tables`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from .tables import (
    TableError,
    as_floats,
    as_string_map,
    as_strings,
    mapping,
    records,
    string_map,
    strings,
)


@dataclass(frozen=True)
class Region:
    """A region customers write from."""

    name: str
    dialect: str  # es_ES | es_MX | es_CO | es_AR | es_CL | es_PE
    weight: float
    stores: tuple[str, ...]
    cities: tuple[str, ...]


def _region(i: int, value: object) -> Region:
    where = f"data/dialects.json: regions[{i}]"
    if not isinstance(value, dict):
        raise TableError(f"{where}: expected an object")
    try:
        return Region(
            name=str(value["name"]),
            dialect=str(value["dialect"]),
            weight=as_floats([value["weight"]], f"{where}.weight")[0],
            stores=as_strings(value["stores"], f"{where}.stores"),
            cities=as_strings(value["cities"], f"{where}.cities"),
        )
    except KeyError as exc:
        raise TableError(f"{where}: missing field {exc}") from exc


def _currency(dialect: str, value: object) -> tuple[str, float, float, int]:
    where = f"data/dialects.json: currency.{dialect}"
    if not isinstance(value, dict):
        raise TableError(f"{where}: expected an object")
    try:
        low, high = as_floats([value["low"], value["high"]], where)
        return str(value["format"]), low, high, int(value["decimals"])
    except (KeyError, TypeError, ValueError) as exc:
        raise TableError(f"{where}: expected format, low, high, decimals ({exc})") from exc


REGIONS: tuple[Region, ...] = tuple(
    _region(i, r) for i, r in enumerate(records("dialects", "regions"))
)

REGION_WEIGHTS = np.array([r.weight for r in REGIONS]) / sum(r.weight for r in REGIONS)

# Words that differ by variety. Each entry: dialect -> options.
_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    slot: as_string_map(options, f"data/dialects.json: words.{slot}")
    for slot, options in mapping("dialects", "words").items()
}

# dialect -> (format, low, high, decimals)
_CURRENCY: dict[str, tuple[str, float, float, int]] = {
    dialect: _currency(dialect, v) for dialect, v in mapping("dialects", "currency").items()
}

MONTHS: tuple[str, ...] = strings("dialects", "months")
WEEKDAYS: tuple[str, ...] = strings("dialects", "weekdays")
_NUMBER_WORDS: tuple[str, ...] = strings("dialects", "number_words")


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


_PRODUCT_PHRASES: dict[str, tuple[str, ...]] = string_map("dialects", "product_phrases")


def _product_phrase(slots: Slots) -> str:
    options = _PRODUCT_PHRASES.get(slots.product, ("el servicio",))
    return slots.pick(options).format_map(slots)
