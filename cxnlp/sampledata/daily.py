"""What every source shares when it builds one calendar day: the day's own
random stream, its volume, its timestamps, and the rows' planted extras.

A day's rows depend only on ``(seed, source, day)``: each day gets its own
generator and draws everything from it in a fixed order, so the sample for a
longer window contains the shorter one day by day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np

from .causes import BACKGROUND_ID, CAUSES
from .dialects import REGION_WEIGHTS, REGIONS, Region, Slots

SOURCE_CODES = {"surveys": 1, "social": 2, "tickets": 3}

# Relative volume by weekday (Monday first), normalised to a mean of 1.
_WEEKDAY = {
    "surveys": (1.12, 1.08, 1.05, 1.0, 0.95, 0.85, 0.80),
    "social": (0.95, 0.95, 0.95, 1.0, 1.05, 1.12, 1.0),
    "tickets": (1.25, 1.15, 1.1, 1.05, 1.0, 0.75, 0.6),
}
# Hour-of-day profile of when people write.
_HOURS = {
    "surveys": (1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2, 3, 4, 5, 5, 5, 5, 4, 4, 4, 5, 6, 7, 7, 6, 4, 2),
    "social": (3, 2, 1, 0.5, 0.3, 0.5, 1, 2, 3, 4, 4, 4, 5, 5, 4, 4, 4, 5, 6, 7, 8, 8, 7, 5),
    "tickets": (
        0.3,
        0.2,
        0.1,
        0.1,
        0.1,
        0.2,
        0.5,
        2,
        5,
        8,
        8,
        8,
        7,
        6,
        7,
        8,
        7,
        6,
        4,
        3,
        2,
        1.5,
        1,
        0.5,
    ),
}
_GENERAL_PRODUCTS = {
    "Fibra": 0.25,
    "Móvil": 0.25,
    "Fibra + Móvil": 0.2,
    "Tarjeta": 0.1,
    "Tienda online": 0.12,
    "TV": 0.08,
}

# Planted odd rows, by calendar day: (day ordinal modulo, remainder).
SPECIALS: dict[str, dict[str, tuple[int, int]]] = {
    "surveys": {"script": (29, 3), "hyperlink": (31, 5), "english": (9, 2), "portuguese": (13, 6)},
    "social": {"script": (37, 11), "english": (11, 4), "portuguese": (12, 7)},
    "tickets": {"script": (41, 17), "hyperlink": (43, 20), "english": (23, 9)},
}
SCRIPT_TEXTS = (
    "Al pagar en la web me aparece esto: <script>alert(1)</script> ¿es normal?",
    "<script>alert(1)</script> probando el formulario porque no me dejaba enviar el comentario",
    "La página de pago muestra el texto <script>alert(1)</script> en vez del importe.",
    "Copio lo que sale en pantalla: <script>alert(1)</script>",
)
HYPERLINK_TEXTS = (
    '=HYPERLINK("http://x.example","clic") ahí dejo la captura del problema',
    '=HYPERLINK("http://x.example","clic") para ver la factura que les comento',
    '=HYPERLINK("http://x.example","clic")',
)
PII_RATE = {"surveys": 0.012, "social": 0.01, "tickets": 0.02}


@dataclass
class TruthRow:
    """What the generator planted in one row."""

    source: str
    source_id: str
    cause_id: str
    pii_kinds: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class Day:
    """The random stream and calendar facts of one source on one day."""

    source: str
    day: date
    seed: int
    shift: int = 0  # days the story's calendar is moved (see causes.story_shift)
    rng: np.random.Generator = field(init=False)

    def __post_init__(self) -> None:
        self.rng = np.random.default_rng(
            [self.seed, SOURCE_CODES[self.source], self.day.toordinal()]
        )

    @property
    def stamp(self) -> str:
        """The day as it appears in ids (YYYYMMDD)."""
        return self.day.strftime("%Y%m%d")

    def volume(self, mean: float, bump: float = 0.0) -> int:
        """Return the number of rows of the day around ``mean`` (weekday effect, Poisson noise)."""
        factors = np.array(_WEEKDAY[self.source])
        factor = factors[self.day.weekday()] / factors.mean()
        return int(self.rng.poisson(max(mean, 0.0) * factor * (1.0 + bump)))

    def times(self, n: int) -> list[datetime]:
        """Return ``n`` sorted timestamps within the day, following the source's hour profile."""
        weights = np.array(_HOURS[self.source], dtype=float)
        hours = self.rng.choice(24, size=n, p=weights / weights.sum())
        seconds = np.sort(hours * 3600 + self.rng.integers(0, 3600, size=n))
        start = datetime(self.day.year, self.day.month, self.day.day)
        return [start + timedelta(seconds=int(s)) for s in seconds]

    def causes(self, n: int) -> list[str]:
        """Return the cause of each of ``n`` rows from the day's planted shares."""
        shares = [c.share(self.source, self.day, self.shift) for c in CAUSES]
        rest = max(0.0, 1.0 - sum(shares))
        p = np.array([*shares, rest])
        ids = [c.cause_id for c in CAUSES] + [BACKGROUND_ID]
        picks = self.rng.choice(len(ids), size=n, p=p / p.sum())
        return [ids[int(i)] for i in picks]

    def region(self) -> Region:
        """Return a region drawn by customer weight."""
        return REGIONS[int(self.rng.choice(len(REGIONS), p=REGION_WEIGHTS))]

    def product(self, weights: dict[str, float]) -> str:
        """Return a product drawn from ``weights`` (the general mix when empty)."""
        table = weights or _GENERAL_PRODUCTS
        names = list(table)
        p = np.array([table[k] for k in names])
        return names[int(self.rng.choice(len(names), p=p / p.sum()))]

    def slots(self, region: Region, product: str) -> Slots:
        """Return the placeholder filler for one text of this day."""
        return Slots(self.rng, region.dialect, self.day, region, product)

    def customer_id(self) -> str:
        """Return a customer id from a pool small enough to see repeat customers."""
        return f"C-{int(self.rng.integers(1, 25_000)):06d}"

    def specials(self) -> list[str]:
        """Return the odd rows planted on this day in this source."""
        ordinal = self.day.toordinal()
        return [name for name, (mod, rem) in SPECIALS[self.source].items() if ordinal % mod == rem]


def pick_weighted(
    rng: np.random.Generator, options: tuple[str, ...], weights: tuple[float, ...]
) -> str:
    """Return one of ``options`` drawn with ``weights``."""
    p = np.array(weights, dtype=float)
    return options[int(rng.choice(len(options), p=p / p.sum()))]
