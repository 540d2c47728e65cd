"""One day of support tickets (times, resolution, priority, subject, description).

A ticket's whole life is drawn when it opens; the export only shows what had
happened by the export time, so a ticket still open at one night's export can
show up resolved the next night (as in a real helpdesk export).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from . import vocab_tickets as vt
from .causes import BACKGROUND, CAUSE_BY_ID
from .compose import compose_foreign
from .compose_tickets import compose_ticket
from .daily import HYPERLINK_TEXTS, PII_RATE, SCRIPT_TEXTS, Day, TruthRow, pick_weighted
from .pii import plant_pii
from .scores import TicketOutcome, draw_ticket_outcome

TICKET_COLUMNS = (
    "ticket_id",
    "customer_id",
    "opened_at",
    "resolved_at",
    "first_contact_resolution",
    "reopen_count",
    "priority",
    "channel",
    "region",
    "product",
    "csat",
    "subject",
    "description",
)
_TS = "%Y-%m-%d %H:%M:%S"


def build_ticket_day(
    day: Day, mean: float
) -> tuple[list[dict[str, Any]], list[TruthRow], list[TicketOutcome]]:
    """Return one day's tickets (final state), what was planted, and their outcomes."""
    rng = day.rng
    bump = 0.15 * CAUSE_BY_ID["app_login_crash"].share("tickets", day.day, day.shift) / 0.15
    n = day.volume(mean, bump)
    times = day.times(n)
    causes = day.causes(n)
    rows: list[dict[str, Any]] = []
    truth: list[TruthRow] = []
    outcomes: list[TicketOutcome] = []
    for i in range(n):
        cause = CAUSE_BY_ID.get(causes[i], BACKGROUND)
        region = day.region()
        product = day.product(cause.product_weights)
        channel = pick_weighted(rng, vt.CHANNELS, vt.CHANNEL_WEIGHTS)
        priority = pick_weighted(rng, vt.PRIORITIES, cause.priority_weights)
        outcome = draw_ticket_outcome(rng, cause, times[i])
        subject, description = compose_ticket(rng, day.slots(region, product), cause.cause_id)
        source_id = f"T-{day.stamp}-{i + 1:04d}"
        rows.append(
            {
                "ticket_id": source_id,
                "customer_id": day.customer_id(),
                "opened_at": times[i].strftime(_TS),
                "resolved_at": outcome.resolved_at.strftime(_TS),
                "first_contact_resolution": "true" if outcome.fcr else "false",
                "reopen_count": outcome.reopen_count,
                "priority": priority,
                "channel": channel,
                "region": region.name,
                "product": product,
                "csat": "" if outcome.csat is None else outcome.csat,
                "subject": subject,
                "description": description,
            }
        )
        outcomes.append(outcome)
        truth.append(TruthRow("tickets", source_id, cause.cause_id))
        if rng.random() < PII_RATE["tickets"]:
            rows[-1]["description"], truth[-1].pii_kinds = plant_pii(
                rng, description, region.dialect
            )
    _plant_specials(day, rows, truth)
    return rows, truth, outcomes


def as_exported(
    row: dict[str, Any], outcome: TicketOutcome, export_time: datetime
) -> dict[str, Any]:
    """Return ``row`` as an export taken at ``export_time`` shows it (open tickets masked)."""
    if outcome.resolved_at < export_time:
        return row
    shown = dict(row)
    shown["resolved_at"] = ""
    shown["first_contact_resolution"] = "false"
    shown["csat"] = ""
    return shown


def _plant_specials(day: Day, rows: list[dict[str, Any]], truth: list[TruthRow]) -> None:
    rng = day.rng
    candidates = [
        i for i, t in enumerate(truth) if t.cause_id == BACKGROUND.cause_id and not t.pii_kinds
    ]
    for name in day.specials():
        if not candidates:
            return
        i = candidates.pop(int(rng.integers(len(candidates))))
        if name == "script":
            rows[i]["description"] = SCRIPT_TEXTS[int(rng.integers(len(SCRIPT_TEXTS)))]
        elif name == "hyperlink":
            rows[i]["description"] = HYPERLINK_TEXTS[int(rng.integers(len(HYPERLINK_TEXTS)))]
        else:
            rows[i]["subject"] = "Help with my account"
            rows[i]["description"] = compose_foreign(rng, "en", int(rng.integers(11)))
        truth[i].tags.append(name)
