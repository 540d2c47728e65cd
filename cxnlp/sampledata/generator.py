"""Write the sample data set: surveys.csv, social.jsonl, tickets.csv and the truth files."""

from __future__ import annotations

import csv
import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .causes import REFERENCE_END, story_shift
from .daily import Day, TruthRow
from .rows_social import SOCIAL_FIELDS, build_social_day, make_handles
from .rows_surveys import SURVEY_COLUMNS, build_survey_day
from .rows_tickets import TICKET_COLUMNS, as_exported, build_ticket_day
from .scores import TicketOutcome
from .truth import build_truth, write_truth_rows

logger = logging.getLogger(__name__)

DEFAULT_SEED = 20261122
# The end of the reference calendar: with this end date and no story_end the
# sample is the one every figure of the README and the truth tests were measured on.
DEFAULT_END_DATE = REFERENCE_END


@dataclass(frozen=True)
class SampleManifest:
    """Where the sample was written and how many rows each source got."""

    out_dir: Path
    surveys: Path
    social: Path
    tickets: Path
    truth: Path
    truth_rows: Path
    counts: dict[str, int] = field(default_factory=dict)
    start_date: date | None = None
    end_date: date | None = None
    seed: int = DEFAULT_SEED


def generate_sample(
    out_dir: Path,
    *,
    seed: int = DEFAULT_SEED,
    end_date: date = DEFAULT_END_DATE,
    days: int = 120,
    surveys_per_day: int = 50,
    social_per_day: int = 30,
    tickets_per_day: int = 20,
    story_end: date | None = None,
) -> SampleManifest:
    """Generate the seeded Spanish sample data and its planted truth.

    The rows of each calendar day depend only on ``(seed, day)``, so moving
    ``end_date`` one day later (with ``days`` one larger) reproduces every
    earlier row and adds the new day; with ``days`` unchanged the window
    slides and its first day drops out. Ticket rows show only what had
    happened by the end of ``end_date``: a ticket still open then has empty
    ``resolved_at`` and ``csat`` and may appear resolved in a later export.

    The planted story (trends over the window, the emerging cause's start 13
    days before the end) ends on ``story_end``, by default ``end_date``: a
    sample that ends on any day tells the same story relative to its end.
    Pass a fixed ``story_end`` to keep the day-by-day property above across
    several end dates (nightly increments of one sample).

    Args:
        out_dir: folder to write into (created when missing; files are replaced).
        seed: the random seed.
        end_date: last day of the window.
        days: number of days in the window, ending on ``end_date``.
        surveys_per_day: mean survey responses per day (weekday effect around it).
        social_per_day: mean social mentions per day.
        tickets_per_day: mean tickets per day.
        story_end: the day the story ends on (default ``end_date``).

    Returns:
        The manifest with the paths written and the row counts.

    Raises:
        ConfigError: when a parameter is out of range or ``out_dir`` cannot be created.
    """
    _validate(seed, end_date, days, surveys_per_day, social_per_day, tickets_per_day)
    if story_end is not None and (
        not isinstance(story_end, date) or isinstance(story_end, datetime)
    ):
        raise ConfigError(f"sample story_end {story_end!r} is not a date; give a datetime.date")
    shift = story_shift(story_end or end_date)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"sample output folder {str(out)!r} cannot be created ({exc}); give a writable folder"
        ) from exc
    start = end_date - timedelta(days=days - 1)
    export_time = datetime.combine(end_date + timedelta(days=1), time())
    handles = make_handles(seed)

    surveys: list[dict[str, Any]] = []
    social: list[dict[str, Any]] = []
    tickets: list[dict[str, Any]] = []
    truth: dict[str, list[TruthRow]] = {"surveys": [], "social": [], "tickets": []}
    outcomes: list[TicketOutcome] = []
    for k in range(days):
        day = start + timedelta(days=k)
        rows, t = build_survey_day(Day("surveys", day, seed, shift), surveys_per_day)
        surveys += rows
        truth["surveys"] += t
        rows, t = build_social_day(Day("social", day, seed, shift), social_per_day, handles)
        social += rows
        truth["social"] += t
        rows, t, o = build_ticket_day(Day("tickets", day, seed, shift), tickets_per_day)
        tickets += rows
        truth["tickets"] += t
        outcomes += o
    tickets = [as_exported(r, o, export_time) for r, o in zip(tickets, outcomes, strict=True)]

    manifest = SampleManifest(
        out_dir=out,
        surveys=out / "surveys.csv",
        social=out / "social.jsonl",
        tickets=out / "tickets.csv",
        truth=out / "truth.json",
        truth_rows=out / "truth_rows.csv",
        counts={"surveys": len(surveys), "social": len(social), "tickets": len(tickets)},
        start_date=start,
        end_date=end_date,
        seed=seed,
    )
    _write_csv(manifest.surveys, SURVEY_COLUMNS, surveys)
    _write_jsonl(manifest.social, SOCIAL_FIELDS, social)
    _write_csv(manifest.tickets, TICKET_COLUMNS, tickets)
    all_truth = truth["surveys"] + truth["social"] + truth["tickets"]
    params = {
        "seed": seed,
        "start_date": start.isoformat(),
        "end_date": end_date.isoformat(),
        "days": days,
        "surveys_per_day": surveys_per_day,
        "social_per_day": social_per_day,
        "tickets_per_day": tickets_per_day,
        "export_time": export_time.isoformat(sep=" "),
        "story_end": (story_end or end_date).isoformat(),
    }
    doc = build_truth(params, start, end_date, surveys, all_truth, tickets, shift)
    manifest.truth.write_text(
        json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    write_truth_rows(manifest.truth_rows, all_truth)
    logger.info(
        "sample written to %s: %d surveys, %d social mentions, %d tickets (%s..%s)",
        out,
        len(surveys),
        len(social),
        len(tickets),
        start,
        end_date,
    )
    return manifest


def _validate(seed: int, end_date: date, days: int, *per_day: float) -> None:
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ConfigError(f"sample seed {seed!r} is not accepted; give a non-negative integer")
    if not isinstance(end_date, date) or isinstance(end_date, datetime):
        raise ConfigError(f"sample end_date {end_date!r} is not a date; give a datetime.date")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 3660:
        raise ConfigError(f"sample days {days!r} is out of range; give an integer from 1 to 3660")
    names = ("surveys_per_day", "social_per_day", "tickets_per_day")
    for name, value in zip(names, per_day, strict=True):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0 <= value <= 100_000
        ):
            raise ConfigError(
                f"sample {name} {value!r} is out of range; give a number from 0 to 100000"
            )


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _write_jsonl(path: Path, fields: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps({k: row[k] for k in fields}, ensure_ascii=False) + "\n")
