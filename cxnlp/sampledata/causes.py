"""The planted causes of the sample data: who they hit, how often and how hard.

Everything the generator plants on purpose is declared here, so that the
truth file, the module docstring and the rows cannot drift apart. Shares are
functions of the calendar day only (never of the requested window), which is
what keeps each day's rows reproducible on their own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from scipy.stats import norm

# The reference calendar of the story. The default window of 120 days ends on
# REFERENCE_END; a sample anchored elsewhere moves all three by story_shift().
REFERENCE_END = date(2026, 11, 21)
REFERENCE_START = date(2026, 7, 25)  # REFERENCE_END - 119 days
# The app update that breaks log-in ships on this day (not relative to end_date).
EMERGING_START = date(2026, 11, 8)

SOURCES = ("surveys", "social", "tickets")
BACKGROUND_ID = "none"

JOURNEY_STAGES = (
    "atracción",
    "cotización",
    "compra",
    "entrega",
    "facturación",
    "postventa",
    "atención telefónica",
    "app/web",
)

PRODUCTS = ("Fibra", "Móvil", "Fibra + Móvil", "Tarjeta", "Tienda online", "TV")


@dataclass(frozen=True)
class ShareCurve:
    """Daily share of one cause in one source.

    Attributes:
        start: share on REFERENCE_START (linear in between).
        end: share on REFERENCE_END.
        monthly_amplitude: relative swing with the invoice cycle (peaks early
            in the month), 0 for none.
    """

    start: float
    end: float
    monthly_amplitude: float = 0.0

    def at(self, day: date, emerging_from: date | None, shift: int = 0) -> float:
        """Return the share of the cause on ``day``.

        ``shift`` moves the story's calendar (the reference window and the
        emerging start) ``shift`` days later; the invoice cycle stays on the
        real day of the month.
        """
        story_day = day - timedelta(days=shift)
        if emerging_from is not None:
            if story_day < emerging_from:
                return 0.0
            # Half strength on the first day, full from the second.
            ramp = min(1.0, ((story_day - emerging_from).days + 1) / 2.0)
            return self.end * ramp
        span = (REFERENCE_END - REFERENCE_START).days
        t = (story_day - REFERENCE_START).days / span
        t = min(max(t, -0.25), 1.25)  # keep trends sane outside the reference window
        value = self.start + (self.end - self.start) * t
        if self.monthly_amplitude:
            value *= 1.0 + self.monthly_amplitude * math.cos(2 * math.pi * (day.day - 4) / 30.4)
        return max(value, 0.0)


@dataclass(frozen=True)
class Cause:
    """One planted cause (or the neutral topic) and its effects."""

    cause_id: str
    label_es: str
    keywords: tuple[str, ...]
    journey_stage: str | None
    trend: str  # stable | rising | falling | emerging
    shares: dict[str, ShareCurve]
    nps_mu: float  # mean of the latent normal the 0-10 score is cut from
    nps_sd: float
    csat_shift: float = 0.0  # extra CSAT points beyond what the NPS implies
    ces_shift: float = 0.0  # extra CES points (7 = very easy)
    ttr_factor: float = 1.0  # multiplies the ticket's time to resolve
    fcr_prob: float = 0.55
    reopen_rate: float = 0.15
    ticket_csat_shift: float = 0.0
    priority_weights: tuple[float, float, float, float] = (0.35, 0.45, 0.15, 0.05)
    product_weights: dict[str, float] = field(default_factory=dict)
    start_date: date | None = None
    neutral: bool = False

    def share(self, source: str, day: date, shift: int = 0) -> float:
        """Return the planted share of this cause in ``source`` on ``day``.

        ``shift``: days the story's calendar is moved (see :func:`story_shift`).
        """
        return self.shares[source].at(day, self.start_date, shift)


# Background scores: mostly promoters. The spread keeps the background's detractors few
# (about 1% of responses): their complaints are scattered, yet pooled into one topic they
# would cost more NPS than a planted cause if they were many (with sd 2.2: 4% of responses,
# -5.7 points, more than two planted causes), and the sample would then plant a fifth cause.
BACKGROUND_NPS = (9.4, 1.5)

CAUSES: tuple[Cause, ...] = (
    Cause(
        cause_id="billing_double_charge",
        label_es="Cobro duplicado / cargos indebidos en la factura",
        keywords=(
            "cobro duplicado",
            "me cobraron dos veces",
            "cargo indebido",
            "factura",
            "devolución",
            "reembolso",
        ),
        journey_stage="facturación",
        trend="stable",
        shares={
            "surveys": ShareCurve(0.085, 0.085, monthly_amplitude=0.15),
            "social": ShareCurve(0.07, 0.07, monthly_amplitude=0.15),
            "tickets": ShareCurve(0.16, 0.16, monthly_amplitude=0.15),
        },
        nps_mu=2.3,
        nps_sd=2.2,
        csat_shift=-0.3,
        ces_shift=-0.8,
        ttr_factor=2.2,
        fcr_prob=0.25,
        reopen_rate=0.6,
        ticket_csat_shift=-0.8,
        priority_weights=(0.10, 0.45, 0.35, 0.10),
        product_weights={
            "Fibra": 0.3,
            "Móvil": 0.3,
            "Fibra + Móvil": 0.2,
            "Tarjeta": 0.15,
            "TV": 0.05,
        },
    ),
    Cause(
        cause_id="delivery_delay",
        label_es="Retraso en la entrega / el pedido no llega",
        keywords=(
            "pedido",
            "paquete",
            "envío",
            "entrega",
            "no llega",
            "retraso",
            "seguimiento",
            "repartidor",
        ),
        journey_stage="entrega",
        trend="rising",
        shares={
            "surveys": ShareCurve(0.06, 0.14),
            "social": ShareCurve(0.08, 0.16),
            "tickets": ShareCurve(0.10, 0.18),
        },
        nps_mu=6.2,
        nps_sd=2.4,
        csat_shift=-0.2,
        ces_shift=-0.5,
        ttr_factor=1.8,
        fcr_prob=0.35,
        reopen_rate=0.3,
        ticket_csat_shift=-0.5,
        priority_weights=(0.20, 0.50, 0.25, 0.05),
        product_weights={"Tienda online": 0.6, "Móvil": 0.25, "Fibra": 0.1, "TV": 0.05},
    ),
    Cause(
        cause_id="app_login_crash",
        label_es="La app se cierra / no deja iniciar sesión tras la actualización",
        keywords=("app", "se cierra", "iniciar sesión", "actualización", "contraseña", "error"),
        journey_stage="app/web",
        trend="emerging",
        start_date=EMERGING_START,
        shares={
            "surveys": ShareCurve(0.0, 0.12),
            "social": ShareCurve(0.0, 0.20),
            "tickets": ShareCurve(0.0, 0.15),
        },
        nps_mu=2.0,
        nps_sd=2.0,
        csat_shift=-0.3,
        ces_shift=-1.2,
        ttr_factor=2.8,
        fcr_prob=0.15,
        reopen_rate=0.5,
        ticket_csat_shift=-0.6,
        priority_weights=(0.05, 0.30, 0.45, 0.20),
        product_weights={
            "Móvil": 0.3,
            "Fibra + Móvil": 0.2,
            "Fibra": 0.2,
            "Tarjeta": 0.2,
            "Tienda online": 0.1,
        },
    ),
    Cause(
        cause_id="phone_wait",
        label_es="Espera larga en atención telefónica / nadie contesta",
        keywords=("esperando", "minutos", "nadie contesta", "llamada", "teléfono", "operador"),
        journey_stage="atención telefónica",
        trend="falling",
        shares={
            "surveys": ShareCurve(0.09, 0.03),
            "social": ShareCurve(0.08, 0.04),
            "tickets": ShareCurve(0.05, 0.02),
        },
        nps_mu=6.4,
        nps_sd=2.4,
        csat_shift=-0.1,
        ces_shift=-1.5,
        ttr_factor=1.3,
        fcr_prob=0.45,
        reopen_rate=0.2,
        ticket_csat_shift=-0.3,
        priority_weights=(0.30, 0.50, 0.15, 0.05),
        product_weights={
            "Fibra": 0.3,
            "Móvil": 0.3,
            "Fibra + Móvil": 0.2,
            "Tarjeta": 0.1,
            "TV": 0.1,
        },
    ),
    Cause(
        cause_id="info_request",
        label_es="Consultas e información (horarios, cambio de plan, dónde ver la factura)",
        keywords=(
            "horario",
            "cambiar mi plan",
            "dónde veo",
            "consulta",
            "información",
            "cómo puedo",
        ),
        journey_stage=None,
        trend="stable",
        shares={
            "surveys": ShareCurve(0.13, 0.13),
            "social": ShareCurve(0.12, 0.12),
            "tickets": ShareCurve(0.15, 0.15),
        },
        nps_mu=BACKGROUND_NPS[0],
        nps_sd=BACKGROUND_NPS[1],
        ttr_factor=0.3,
        fcr_prob=0.85,
        reopen_rate=0.03,
        priority_weights=(0.70, 0.27, 0.03, 0.0),
        neutral=True,
    ),
)

CAUSE_BY_ID: dict[str, Cause] = {c.cause_id: c for c in CAUSES}

# Scores of comments without a planted cause (praise, mixed, odd complaints),
# of empty comments and of the neutral topic.
BACKGROUND = Cause(
    cause_id=BACKGROUND_ID,
    label_es="Resto (elogios, comentarios mixtos y varios)",
    keywords=(),
    journey_stage=None,
    trend="stable",
    shares={},
    nps_mu=BACKGROUND_NPS[0],
    nps_sd=BACKGROUND_NPS[1],
)


def nps_pmf(mu: float, sd: float) -> np.ndarray:
    """Return the probabilities of the scores 0..10 cut from a normal(mu, sd)."""
    k = np.arange(11)
    upper = norm.cdf((k + 0.5 - mu) / sd)
    lower = norm.cdf((k - 0.5 - mu) / sd)
    lower[0] = 0.0
    upper[10] = 1.0
    return np.asarray(upper - lower, dtype=float)


def daily_shares(source: str, day: date, shift: int = 0) -> dict[str, float]:
    """Return the planted share of every cause in ``source`` on ``day``."""
    return {c.cause_id: c.share(source, day, shift) for c in CAUSES}


def story_shift(story_end: date) -> int:
    """Days between the reference calendar's end and ``story_end``.

    The planted story (trends across the window, the emerging cause's start
    13 days before the end) is written on the reference calendar that ends on
    :data:`REFERENCE_END`; a sample whose story ends on ``story_end`` moves
    that calendar by this many days, so the demo tells the same story on any
    day it is generated.
    """
    return (story_end - REFERENCE_END).days
