"""The store's schema: its version, the migrations that build it, the per-run tables."""

from __future__ import annotations

from cxnlp.schema import EMOTION_LABELS, FEEDBACK_COLUMNS, QUARANTINE_COLUMNS, SENTIMENT_LABELS

SCHEMA_VERSION = 3


def _columns_sql(columns: dict[str, str]) -> str:
    return ", ".join(f'"{name}" {dtype}' for name, dtype in columns.items())


# Each migration moves the schema from version (i - 1) to i. Never edit a
# released migration: append a new one.
MIGRATIONS: list[list[str]] = [
    [
        f"CREATE TABLE IF NOT EXISTS feedback ({_columns_sql(FEEDBACK_COLUMNS)}, "
        "PRIMARY KEY (feedback_id))",
        f"CREATE TABLE IF NOT EXISTS quarantine ({_columns_sql(QUARANTINE_COLUMNS)})",
        "CREATE TABLE IF NOT EXISTS watermarks (source VARCHAR PRIMARY KEY, value VARCHAR, "
        "updated_at TIMESTAMP)",
        "CREATE TABLE IF NOT EXISTS embeddings (text_hash VARCHAR, model VARCHAR, dim INTEGER, "
        "vector BLOB, PRIMARY KEY (text_hash, model))",
        "CREATE TABLE IF NOT EXISTS predictions (text_hash VARCHAR, models VARCHAR, "
        "sentiment VARCHAR, "
        + ", ".join(f'"p_{label}" DOUBLE' for label in SENTIMENT_LABELS)
        + ", emotion VARCHAR, "
        + ", ".join(f'"p_{label}" DOUBLE' for label in EMOTION_LABELS)
        + ", predicted_at TIMESTAMP, PRIMARY KEY (text_hash, models))",
        "CREATE TABLE IF NOT EXISTS runs (run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP, "
        "finished_at TIMESTAMP, status VARCHAR, as_of TIMESTAMP, config_hash VARCHAR, "
        "model_versions VARCHAR, counts VARCHAR, error VARCHAR, outputs VARCHAR)",
        "CREATE TABLE IF NOT EXISTS topics (run_id VARCHAR, topic_id INTEGER, label VARCHAR, "
        "keywords VARCHAR, size INTEGER, representative_ids VARCHAR, "
        "representative_texts VARCHAR, stage VARCHAR, status VARCHAR, first_seen DATE, "
        "centroid VARCHAR, PRIMARY KEY (run_id, topic_id))",
        "CREATE TABLE IF NOT EXISTS topic_assignments (run_id VARCHAR, feedback_id VARCHAR, "
        "topic_id INTEGER, PRIMARY KEY (run_id, feedback_id))",
        "CREATE TABLE IF NOT EXISTS topic_daily (run_id VARCHAR, date DATE, topic_id INTEGER, "
        "n INTEGER)",
    ],
    [
        # source failures and per-step timings, kept apart from the run's counts
        "CREATE TABLE IF NOT EXISTS run_events (run_id VARCHAR, logged_at TIMESTAMP, step VARCHAR, "
        "level VARCHAR, message VARCHAR)",
    ],
    [
        # Version 3 (December 2026). Portable column types only (VARCHAR, INTEGER,
        # BIGINT, DOUBLE, BOOLEAN, DATE, TIMESTAMP, BLOB): the PostgreSQL store
        # translates them. One block per feature; each block is whole on its own.
        # -- themes: analysts' curation of topics and causes (issue 19) --
        # An append-only log: the curated state is derived from it (latest edit wins),
        # so nothing an analyst did is ever lost. Lists (topic ids, keywords,
        # example comments) are JSON text; ``undoes`` names the edit an undo reverts.
        "CREATE TABLE IF NOT EXISTS theme_edits (edit_id VARCHAR PRIMARY KEY, seq BIGINT, "
        "action VARCHAR, topic_ids VARCHAR, cause_id INTEGER, name VARCHAR, keywords VARCHAR, "
        "examples VARCHAR, undoes VARCHAR, edited_by VARCHAR, edited_at TIMESTAMP, "
        "reason VARCHAR)",
        # -- label corrections and model versions (issue 19) --
        # analysts' labels per text hash; NULL = that task not corrected (cxnlp.labels)
        "CREATE TABLE IF NOT EXISTS label_corrections (text_hash VARCHAR PRIMARY KEY, "
        "sentiment VARCHAR, emotion VARCHAR, feedback_id VARCHAR, source_file VARCHAR, "
        "source_row INTEGER, corrected_by VARCHAR, corrected_at TIMESTAMP)",
        # heads trained from the store, their held-out figures, and each promotion
        "CREATE TABLE IF NOT EXISTS model_registry (version VARCHAR PRIMARY KEY, "
        "task VARCHAR, path VARCHAR, created_at TIMESTAMP, base_version VARCHAR, "
        "f1_candidate DOUBLE, f1_current DOUBLE, n_train INTEGER, n_heldout INTEGER, "
        "details VARCHAR)",
        "CREATE TABLE IF NOT EXISTS model_promotions (task VARCHAR, version VARCHAR, "
        "path VARCHAR, action VARCHAR, acted_by VARCHAR, acted_at TIMESTAMP)",
        # -- intent and effort cues per comment (issue 21) --
        # flags per text hash under a version of the rules (cxnlp.intents); rows of
        # another version are recomputed by the enrich step, then dropped. ``cues`` holds
        # the matched words of the redacted, normalised text (for explanations)
        "CREATE TABLE IF NOT EXISTS intents (text_hash VARCHAR, rules VARCHAR, "
        "churn BOOLEAN, escalation BOOLEAN, effort BOOLEAN, urgent BOOLEAN, cues VARCHAR, "
        "flagged_at TIMESTAMP, PRIMARY KEY (text_hash, rules))",
        # -- alerts sent, with their cool-down keys (issue 21) --
        # every alert attempted, one row per receiver (status sent / failed / suppressed /
        # no_target); ``subject`` is the cool-down key (hot_comment:<feedback_id>, ...);
        # ``error`` never holds the receiver's URL (cxnlp.alerts)
        "CREATE TABLE IF NOT EXISTS alerts (alert_id VARCHAR, created_at TIMESTAMP, "
        "kind VARCHAR, subject VARCHAR, run_id VARCHAR, title VARCHAR, body VARCHAR, "
        "target VARCHAR, status VARCHAR, attempts INTEGER, error VARCHAR)",
        # intraday cycles that ran (a cycle skipped for a running night is only logged)
        "CREATE TABLE IF NOT EXISTS intraday_cycles (cycle_id VARCHAR PRIMARY KEY, "
        "started_at TIMESTAMP, finished_at TIMESTAMP, status VARCHAR, reason VARCHAR, "
        "loaded INTEGER, classified INTEGER, placed INTEGER, alerts INTEGER, seconds DOUBLE)",
        # new comments placed in the last night's topics between nights (no refit)
        "CREATE TABLE IF NOT EXISTS intraday_topics (feedback_id VARCHAR, model_run VARCHAR, "
        "topic_id INTEGER, cycle_id VARCHAR, placed_at TIMESTAMP, "
        "PRIMARY KEY (feedback_id, model_run))",
        # -- store copies and reader snapshots (issue 22) --
    ],
]
assert len(MIGRATIONS) == SCHEMA_VERSION

# Tables whose columns are set by the step that writes them (drivers, backlog):
# created from the first frame, widened when a later frame brings new columns.
FLEXIBLE_TABLES = ("drivers", "causes", "backlog", "callbacks", "clause_topics")
