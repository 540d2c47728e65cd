"""Send alerts to their receivers, once per subject per cool-down, and log every attempt.

A receiver that fails is tried again (``alerts.retries`` times, the wait
doubling from ``alerts.retry_backoff_s``), then logged as failed; it never
fails the run. The receiver's URL is read from the environment when sending
and is never logged or stored: errors are scrubbed of it.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from cxnlp.alerts.config import AlertsConfig, AlertTarget
from cxnlp.alerts.log import FAILED, NO_TARGET, SENT, SUPPRESSED, log_attempt, sent_since
from cxnlp.alerts.model import Alert
from cxnlp.errors import CxnlpError
from cxnlp.store import Store

log = logging.getLogger(__name__)

# (title, plain body, html body or None) -> None; raises when the receiver refused
SendFn = Callable[[str, str, str | None], None]
# (block name, title, body) -> None: how a Prefect notification block is used (flows/)
BlockNotifier = Callable[[str, str, str], None]

_block_notifier: BlockNotifier | None = None
_URLISH = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)


class AlertError(CxnlpError):
    """A receiver did not accept an alert (the message never holds its URL)."""


def register_block_notifier(notifier: BlockNotifier | None) -> None:
    """Install how ``block:`` targets send (the flows install Prefect's blocks)."""
    global _block_notifier
    _block_notifier = notifier


def scrub(message: str, secret: str | None) -> str:
    """``message`` without any URL, nor any long piece of ``secret`` (a receiver's URL)."""
    out = _URLISH.sub("<url>", message)
    if secret:
        pieces = [p for p in re.split(r"[/:?&=@#]+", secret) if len(p) >= 6]
        try:
            parts = urlsplit(secret)
            # a login and password are secret however short they are
            pieces += [p for p in (parts.username, parts.password) if p and len(p) >= 3]
        except ValueError:
            pass
        for piece in sorted(set(pieces), key=len, reverse=True):
            out = out.replace(piece, "***")
    return out.strip()


def apprise_send(url: str) -> SendFn:
    """A sender for one Apprise URL (e-mail, Slack, Teams, json:// webhook, ...)."""

    def send(title: str, body: str, html: str | None) -> None:
        import apprise

        notifier = apprise.Apprise()
        apprise_log = logging.getLogger("apprise")
        propagate = apprise_log.propagate
        # Apprise's own debug lines quote the URL: keep them out of the application's log
        apprise_log.propagate = False
        try:
            with apprise.LogCapture(level=logging.WARNING) as captured:
                if not notifier.add(url):
                    raise AlertError("the receiver's URL is not one Apprise understands")
                if html is not None:
                    ok = notifier.notify(
                        body=html, title=title, body_format=apprise.NotifyFormat.HTML
                    )
                else:
                    ok = notifier.notify(
                        body=body, title=title, body_format=apprise.NotifyFormat.TEXT
                    )
                if not ok:
                    detail = scrub(" ".join(captured.getvalue().split()), url)
                    raise AlertError(detail or "the receiver did not accept the notification")
        finally:
            apprise_log.propagate = propagate

    return send


@dataclass
class Receiver:
    """A configured target, ready to send (or the reason it cannot)."""

    name: str
    target: AlertTarget
    send: SendFn


def _unavailable(reason: str) -> SendFn:
    def send(title: str, body: str, html: str | None) -> None:
        raise AlertError(reason)

    return send


def _block_send(block: str) -> SendFn:
    def send(title: str, body: str, html: str | None) -> None:
        if _block_notifier is None:
            raise AlertError(
                f"block {block!r}: Prefect notification blocks are sent from the Prefect "
                "flows only (cxnlp run, cxnlp serve)"
            )
        try:
            _block_notifier(block, title, body)
        except Exception as exc:
            raise AlertError(f"block {block!r}: {type(exc).__name__}: {exc}") from None

    return send


def resolve_receivers(
    config: AlertsConfig, environ: Mapping[str, str] | None = None
) -> list[Receiver]:
    """The configured targets with their senders; the URLs are read from the environment."""
    environ = os.environ if environ is None else environ
    receivers = []
    for target in config.targets:
        if target.url_env is not None:
            url = environ.get(target.url_env, "").strip()
            send = (
                apprise_send(url)
                if url
                else _unavailable(f"environment variable {target.url_env} is not set")
            )
        else:
            send = _block_send(str(target.block))
        receivers.append(Receiver(target.name, target, send))
    return receivers


def _try(
    receiver: Receiver, alert: Alert, config: AlertsConfig, sleep: Callable[[float], None]
) -> tuple[bool, int, str | None]:
    """Send with retries; return (sent, attempts, last error)."""
    error: str | None = None
    tries = config.retries + 1
    for attempt in range(1, tries + 1):
        try:
            receiver.send(alert.title, alert.body, alert.html)
            return True, attempt, None
        except Exception as exc:  # a receiver's failure must never fail the run
            error = scrub(str(exc) or type(exc).__name__, None)[:500]
            log.warning(
                "alert %s to %s failed (try %d of %d): %s",
                alert.subject,
                receiver.name,
                attempt,
                tries,
                error,
            )
            if attempt < tries:
                sleep(config.retry_backoff_s * 2 ** (attempt - 1))
    return False, tries, error


def dispatch(
    store: Store,
    alerts: Iterable[Alert],
    config: AlertsConfig,
    *,
    now: datetime | None = None,
    receivers: Sequence[Receiver] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, Any]:
    """Send each alert to every receiver that takes its kind, once per cool-down.

    Every attempt is logged in the store: ``sent``, ``failed`` (after its
    retries), ``suppressed`` (the same subject reached that receiver within
    ``alerts.cooldown_hours``) or ``no_target`` (no receiver takes the kind).

    Returns:
        counts per status, and ``raised``: how many alerts were considered.
    """
    now = now or datetime.utcnow()
    receivers = list(receivers) if receivers is not None else resolve_receivers(config)
    since = now - timedelta(hours=config.cooldown_hours)
    counts: dict[str, Any] = {"raised": 0, SENT: 0, FAILED: 0, SUPPRESSED: 0, NO_TARGET: 0}
    if not config.enabled:
        return {**counts, "disabled": True}
    for raw in alerts:
        alert = raw.redacted()
        counts["raised"] += 1
        wanted = [r for r in receivers if r.target.wants(alert.kind)]
        if not wanted:
            log_attempt(store, alert, target="", status=NO_TARGET, attempts=0, error=None, at=now)
            counts[NO_TARGET] += 1
            continue
        for receiver in wanted:
            if config.cooldown_hours > 0 and sent_since(store, alert.subject, receiver.name, since):
                status, attempts, error = SUPPRESSED, 0, None
            else:
                ok, attempts, error = _try(receiver, alert, config, sleep)
                status = SENT if ok else FAILED
            log_attempt(
                store,
                alert,
                target=receiver.name,
                status=status,
                attempts=attempts,
                error=error,
                at=now,
            )
            counts[status] += 1
    if counts["raised"]:
        log.info(
            "alerts: %d raised, %d sent, %d failed, %d suppressed by the cool-down",
            counts["raised"],
            counts[SENT],
            counts[FAILED],
            counts[SUPPRESSED],
        )
    return counts


def send_test(
    config: AlertsConfig,
    *,
    receivers: Sequence[Receiver] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> list[dict[str, Any]]:
    """Send one test message to every receiver, whatever kinds it takes (nothing is logged).

    Returns:
        one entry per receiver: ``target``, ``sent``, ``attempts``, ``error``.
    """
    receivers = list(receivers) if receivers is not None else resolve_receivers(config)
    alert = Alert(
        kind="test",
        subject=f"test:{datetime.utcnow():%Y%m%dT%H%M%S}",
        title="cxnlp · Mensaje de prueba",
        body="Este es un mensaje de prueba de las alertas de cxnlp: el destinatario funciona.",
    )
    results = []
    for receiver in receivers:
        ok, attempts, error = _try(receiver, alert, config, sleep)
        results.append({"target": receiver.name, "sent": ok, "attempts": attempts, "error": error})
    return results
