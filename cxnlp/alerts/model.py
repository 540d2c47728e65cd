"""What an alert is: a kind, a cool-down subject and a redacted message."""

from __future__ import annotations

from dataclasses import dataclass

from cxnlp.text.redact import redact_pii


@dataclass(frozen=True)
class Alert:
    """One alert, ready to send.

    Attributes:
        kind: one of :data:`cxnlp.alerts.config.ALERT_KINDS` (or ``"digest"``).
        subject: the cool-down key, e.g. ``hot_comment:<feedback_id>``: one alert
            per subject per ``alerts.cooldown_hours``.
        title: a short Spanish headline.
        body: the Spanish message as plain text.
        html: an HTML version (the digest); None sends ``body`` alone.
        run_id: the night or intraday cycle that raised it.
    """

    kind: str
    subject: str
    title: str
    body: str
    html: str | None = None
    run_id: str | None = None

    def redacted(self) -> Alert:
        """The same alert with personal data redacted from its title and text.

        Comments in the store are redacted already; this second pass guards
        whatever else an alert quotes (a source's name, an error message).
        """
        return Alert(
            kind=self.kind,
            subject=self.subject,
            title=redact_pii(self.title),
            body=redact_pii(self.body),
            html=redact_pii(self.html) if self.html is not None else None,
            run_id=self.run_id,
        )
