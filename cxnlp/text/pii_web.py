"""E-mail addresses, plain or disguised, and personal data carried by links.

Disguised addresses spell the "@" or the dots out: ``ana(at)correo.es``,
``ana [at] correo [dot] com``, ``ana arroba gmail punto com``, or put blanks
around the "@": ``ana @ correo.es``. An "@" with a blank on its left only
(``hola @movistar.es``) is a social handle, not an address.

A link keeps its scheme, host and path; its query string and fragment are
replaced by ``[PARAMETROS]`` when a parameter's name says it holds personal
data (``email``, ``phone``, ``name``, ``dni``, ``token``, ...) or a value
looks like it (an "@", or seven digits or more). In a chat link
(``wa.me/34612345678``) a path segment that is a bare number is a ``TELEFONO``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote_plus

from cxnlp.text._pii_common import PiiMatch

__all__ = ["find_emails", "find_link_data"]

_EMAIL = re.compile(r"(?<![\w.+%\-])[\w.+%\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,24}(?![A-Za-z])")

_OPEN, _CLOSE = r"[\(\[\{]", r"[\)\]\}]"
# Providers of personal mailboxes in Spain and Latin America.
_MAIL_PROVIDERS = (
    r"(?:gmail|googlemail|hotmail|outlook|live|msn|yahoo|ymail|icloud|me|aol|proton|protonmail"
    r"|gmx|zoho|yandex|terra|prodigy|telefonica|movistar\.net|uol|bol|latinmail|fibertel"
    r"|speedy|arnet)"
)
# The spelled-out or blank-padded "@".
_AT = re.compile(
    rf"{_OPEN}[ \t]*(?:at|arroba|@)[ \t]*{_CLOSE}"
    r"|(?<=[ \t])(?:at|arroba)(?=[ \t])"
    r"|(?<=[ \t])@(?=[ \t])|(?<=\w)@(?=[ \t])"
    # "usuario @gmail.com": a blank before the "@" only. A mention of a handle or a
    # site looks the same ("sigan a @TuMarca", "hola @movistar.es"), so here the
    # domain must be a personal mail provider's.
    rf"|(?<=\w[ \t])@(?={_MAIL_PROVIDERS}(?:\.[a-z]{{2,3}}){{1,2}}(?![\w.]))",
    re.IGNORECASE,
)
_LOCAL_CHARS = r"[\w.+%\-]"
# The local part, read right to left from the "@" on the reversed text.
_LOCAL_REVERSED = re.compile(rf"[ \t]*({_LOCAL_CHARS}{{1,64}})")
_LOCAL_CHAR = re.compile(_LOCAL_CHARS)
_DOT = rf"(?:\.|[ \t]*{_OPEN}[ \t]*(?:dot|punto|\.)[ \t]*{_CLOSE}[ \t]*|[ \t]+(?:dot|punto)[ \t]+)"
_DOMAIN = re.compile(
    rf"[ \t]*(?:[\w\-]{{1,63}}{_DOT}){{1,5}}[A-Za-z]{{2,24}}(?![\w])",
    re.IGNORECASE,
)
_LOCAL_WINDOW = 70


def find_emails(text: str) -> Iterator[PiiMatch]:
    """Yield the e-mail addresses of ``text``, plain or disguised, as ``EMAIL`` matches."""
    if "@" in text:
        yield from (PiiMatch("EMAIL", m.start(), m.end()) for m in _EMAIL.finditer(text))
    for at in _AT.finditer(text):
        domain = _DOMAIN.match(text, at.end())
        if domain is None:
            continue
        before = text[max(0, at.start() - _LOCAL_WINDOW) : at.start()][::-1]
        local = _LOCAL_REVERSED.match(before)
        if local is None:
            continue
        start = at.start() - local.end()
        if start > 0 and _LOCAL_CHAR.match(text, start - 1):
            continue  # the local part is longer than an address allows
        name = local.group(1)  # reversed
        if name[0] == "." or name[-1] in ".-":
            continue  # "fin. (at) ...": an address neither starts nor ends with a dot
        yield PiiMatch("EMAIL", start, domain.end())


# ---------------------------------------------------------------------- links

_LINK = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\d{0,3}\.)[^\s<>\"'«»“”]+", re.IGNORECASE)
_LINK_TRAILING = ".,;:!?¡¿)]}'\"…"
# Parameter names that hold personal data, compared without case, digits or
# separators: a short name must be the whole name, a long one may be part of it
# ("customer_email", "billingPhone").
_SHORT_KEYS = frozenset(
    "tel tfno movil cel dni nie nif rfc curp rut run cuit cuil cc ci doc uid sid cp zip dob "
    "pwd pass key nombre name user mail".split()
)
_LONG_KEYS = (
    "mail", "correo", "phone", "telef", "mobile", "celular", "whatsapp", "name", "nombre",
    "apellido", "surname", "usuario", "username", "userid", "login", "cedula", "document",
    "passport", "pasaporte", "address", "direccion", "domicilio", "postal", "birth",
    "nacimiento", "iban", "card", "tarjeta", "account", "cuenta", "token", "auth", "password",
    "passwd", "secret", "session", "customer", "cliente", "contact", "identidad", "identific",
)  # fmt: skip
_PARAM_SPLIT = re.compile(r"[&;]")
_VALUE_DATA = re.compile(r"@|\d(?:[\s.\-]?\d){6}")
_PHONE_SEGMENT = re.compile(r"/\+?(\d{9,15})(?=[/?#]|$)")
_CHAT_LINK = re.compile(r"//(?:[\w-]+\.)*(?:wa\.me|whatsapp\.com|t\.me)/", re.IGNORECASE)


def _private_key(name: str) -> bool:
    key = re.sub(r"[^a-z]", "", unquote_plus(name).lower())
    return key in _SHORT_KEYS or any(stem in key for stem in _LONG_KEYS)


def _private_params(params: str) -> bool:
    for pair in _PARAM_SPLIT.split(params):
        name, _, value = pair.partition("=")
        if _private_key(name) or _VALUE_DATA.search(unquote_plus(value)):
            return True
    return False


def find_link_data(text: str) -> Iterator[PiiMatch]:
    """Yield the personal parts of the links of ``text``: private parameters and phone paths."""
    if "://" not in text and "ww" not in text.lower():
        return
    for link in _LINK.finditer(text):
        url = link.group().rstrip(_LINK_TRAILING)
        start = link.start()
        cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
        if _CHAT_LINK.search(url, 0, cut):
            for segment in _PHONE_SEGMENT.finditer(url, 0, cut):
                yield PiiMatch("TELEFONO", start + segment.start() + 1, start + segment.end())
        if cut < len(url) - 1 and _private_params(url[cut + 1 :].replace("#", "&")):
            yield PiiMatch("PARAMETROS", start + cut + 1, start + len(url))
