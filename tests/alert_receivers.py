"""Real local receivers for the alert tests: an SMTP server and an HTTP webhook on 127.0.0.1."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Webhook:
    """What the webhook received; ``fail_with`` makes it answer that status instead."""

    port: int = 0
    posts: list[dict[str, Any]] = field(default_factory=list)
    fail_with: int | None = None
    hits: int = 0

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.port}/hook"

    def wait_for(self, n: int, timeout_s: float = 10.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout_s
        while len(self.posts) < n and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.posts


@contextmanager
def webhook_server(fail_with: int | None = None) -> Iterator[Webhook]:
    """An HTTP server in a thread that keeps every JSON body posted to it."""
    hook = Webhook(fail_with=fail_with)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            size = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(size)
            hook.hits += 1
            if hook.fail_with is not None:
                self.send_response(hook.fail_with)
                self.end_headers()
                return
            hook.posts.append(json.loads(raw.decode("utf-8")))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    hook.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Mailbox:
    """Messages an SMTP server received, parsed."""

    port: int
    messages: list[email.message.EmailMessage] = field(default_factory=list)

    def url(self, to: str = "cx-team@example.org") -> str:
        return f"mailto://127.0.0.1:{self.port}?from=cxnlp@example.org&to={to}"

    def wait_for(self, n: int, timeout_s: float = 10.0) -> list[email.message.EmailMessage]:
        deadline = time.monotonic() + timeout_s
        while len(self.messages) < n and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


def html_part(message: email.message.EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    return "" if part is None else str(part.get_content())


def text_part(message: email.message.EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return "" if part is None else str(part.get_content())


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    """An aiosmtpd server on 127.0.0.1 that keeps every message."""
    from aiosmtpd.controller import Controller

    box = Mailbox(port=free_port())

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            box.messages.append(
                email.message_from_bytes(envelope.content, policy=email.policy.default)  # type: ignore[arg-type]
            )
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
