"""Synthetic personal data planted in a few comments so that redaction has work.

Every identifier is random but well formed: DNI and NIE letters, IBAN and
Spanish bank check digits, Luhn card numbers, CURP and RFC check characters
are all computed, so a validating redactor treats them as real.
"""

from __future__ import annotations

import numpy as np

FIRST_NAMES = (
    "María",
    "Juan",
    "Carmen",
    "José",
    "Lucía",
    "Antonio",
    "Ana",
    "Manuel",
    "Laura",
    "Francisco",
    "Marta",
    "David",
    "Paula",
    "Javier",
    "Sofía",
    "Alejandro",
    "Guadalupe",
    "Luis",
    "Valentina",
    "Andrés",
    "Camila",
    "Santiago",
    "Florencia",
    "Matías",
    "Fernanda",
    "Diego",
    "Rosa",
    "Jorge",
)
SURNAMES = (
    "López",
    "Pérez",
    "García",
    "Martínez",
    "Rodríguez",
    "Sánchez",
    "Fernández",
    "Gómez",
    "Ruiz",
    "Hernández",
    "Díaz",
    "Moreno",
    "Álvarez",
    "Romero",
    "Torres",
    "Ramírez",
    "Flores",
    "Castro",
    "Vargas",
    "Rojas",
    "Herrera",
    "Medina",
    "Aguilar",
    "Ortiz",
    "Navarro",
    "Silva",
)
_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
_CURP_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
_RFC_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ")}
_RFC_VALUES[" "] = 37
_RFC_VALUES["Ñ"] = 38
_MX_STATES = ("DF", "JC", "NL", "PL", "MC", "VZ", "GT", "YN")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CONSONANTS = "BCDFGHJKLMNPQRSTVWXZ"
_VOWELS = "AEIOU"
_MAIL_DOMAINS = (
    "gmail.com",
    "hotmail.com",
    "outlook.es",
    "yahoo.com.mx",
    "correo.example",
    "live.com",
)


def _digits(rng: np.random.Generator, n: int) -> str:
    return "".join(str(int(d)) for d in rng.integers(0, 10, size=n))


def _letter(rng: np.random.Generator, alphabet: str = _LETTERS) -> str:
    return alphabet[int(rng.integers(len(alphabet)))]


def dni(rng: np.random.Generator) -> str:
    """Return a Spanish DNI with its correct control letter."""
    number = int(rng.integers(10_000_000, 99_999_999))
    return f"{number}{_DNI_LETTERS[number % 23]}"


def nie(rng: np.random.Generator) -> str:
    """Return a Spanish NIE (X/Y/Z + 7 digits + control letter)."""
    prefix = "XYZ"[int(rng.integers(3))]
    body = _digits(rng, 7)
    number = int(str("XYZ".index(prefix)) + body)
    return f"{prefix}{body}{_DNI_LETTERS[number % 23]}"


def _bank_dc(ten_digits: str) -> str:
    weights = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)
    d = 11 - sum(int(c) * w for c, w in zip(ten_digits, weights, strict=True)) % 11
    return str({11: 0, 10: 1}.get(d, d))


def iban_es(rng: np.random.Generator, spaced: bool = True) -> str:
    """Return a Spanish IBAN whose national and IBAN check digits are valid."""
    bank, branch, account = _digits(rng, 4), _digits(rng, 4), _digits(rng, 10)
    dc = _bank_dc("00" + bank + branch) + _bank_dc(account)
    bban = bank + branch + dc + account
    check = 98 - int(bban + "142800") % 97  # E=14, S=28
    iban = f"ES{check:02d}{bban}"
    if not spaced:
        return iban
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def card_number(rng: np.random.Generator) -> str:
    """Return a 16-digit card number that passes the Luhn check, in groups of four."""
    prefix = ("4", "51", "53", "55", "4")[int(rng.integers(5))]
    body = prefix + _digits(rng, 15 - len(prefix))
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:  # these digits are doubled once the check digit is appended
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    number = body + str((10 - total % 10) % 10)
    sep = (" ", "-", " ")[int(rng.integers(3))]
    return sep.join(number[i : i + 4] for i in range(0, 16, 4))


def luhn_ok(number: str) -> bool:
    """Return whether the digits of ``number`` pass the Luhn check."""
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _birth(rng: np.random.Generator) -> str:
    return f"{int(rng.integers(55, 100)):02d}{int(rng.integers(1, 13)):02d}{int(rng.integers(1, 29)):02d}"


def curp(rng: np.random.Generator) -> str:
    """Return a Mexican CURP with a valid check digit."""
    head = _letter(rng, _CONSONANTS) + _letter(rng, _VOWELS) + _letter(rng) + _letter(rng)
    body = (
        head
        + _birth(rng)
        + "HM"[int(rng.integers(2))]
        + _MX_STATES[int(rng.integers(len(_MX_STATES)))]
        + "".join(_letter(rng, _CONSONANTS) for _ in range(3))
        + "0"
    )
    total = sum(_CURP_ALPHABET.index(c) * (18 - i) for i, c in enumerate(body))
    return body + str((10 - total % 10) % 10)


def rfc(rng: np.random.Generator) -> str:
    """Return a Mexican RFC (persona física) with a valid check character."""
    body = _letter(rng, _CONSONANTS) + _letter(rng, _VOWELS) + _letter(rng) + _letter(rng)
    body += (
        _birth(rng) + _letter(rng, _LETTERS + "123456789") + _letter(rng, _LETTERS + "123456789")
    )
    total = sum(_RFC_VALUES[c] * (13 - i) for i, c in enumerate(body))
    rem = total % 11
    check = "0" if rem == 0 else ("A" if 11 - rem == 10 else str(11 - rem))
    return body + check


def phone(rng: np.random.Generator, dialect: str) -> str:
    """Return a phone number written the way people in ``dialect`` write it."""

    def d(n: int) -> str:
        return _digits(rng, n)

    forms = {
        "es_ES": (
            f"6{d(2)} {d(3)} {d(3)}",
            f"+34 6{d(2)} {d(2)} {d(2)} {d(2)}",
            f"7{d(8)}",
            f"91 {d(3)} {d(2)} {d(2)}",
        ),
        "es_MX": (f"55 {d(4)} {d(4)}", f"+52 33 {d(4)} {d(4)}", f"(55) {d(4)}-{d(4)}"),
        "es_CO": (f"310 {d(3)} {d(4)}", f"+57 315 {d(7)}", f"320{d(7)}"),
        "es_AR": (f"+54 9 11 {d(4)}-{d(4)}", f"11 {d(4)}-{d(4)}"),
        "es_CL": (f"+56 9 {d(4)} {d(4)}", f"9 {d(4)} {d(4)}"),
        "es_PE": (f"+51 9{d(2)} {d(3)} {d(3)}", f"9{d(2)} {d(3)} {d(3)}"),
    }[dialect]
    return forms[int(rng.integers(len(forms)))]


def full_name(rng: np.random.Generator) -> str:
    """Return a first name and one or two surnames."""
    name = f"{FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]} {SURNAMES[int(rng.integers(len(SURNAMES)))]}"
    if rng.random() < 0.4:
        name += f" {SURNAMES[int(rng.integers(len(SURNAMES)))]}"
    return name


def email(rng: np.random.Generator) -> str:
    """Return a plausible personal e-mail address."""
    first = FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]
    last = SURNAMES[int(rng.integers(len(SURNAMES)))]
    plain = (first + "." + last).lower().translate(str.maketrans("áéíóúñ", "aeioun"))
    if rng.random() < 0.5:
        plain += str(int(rng.integers(1, 99)))
    return f"{plain}@{_MAIL_DOMAINS[int(rng.integers(len(_MAIL_DOMAINS)))]}"


_KINDS_BY_DIALECT: dict[str, tuple[str, ...]] = {
    "es_ES": ("email", "phone", "dni", "nie", "iban", "card", "name", "signature"),
    "es_MX": ("email", "phone", "rfc", "curp", "card", "name", "signature"),
}
_KINDS_DEFAULT = ("email", "phone", "card", "name", "signature")


def plant_pii(rng: np.random.Generator, text: str, dialect: str) -> tuple[str, list[str]]:
    """Add one or two pieces of personal data to ``text``.

    Returns:
        The new text and the kinds planted (email, phone, dni, nie, iban, card,
        rfc, curp, name).
    """
    options = _KINDS_BY_DIALECT.get(dialect, _KINDS_DEFAULT)
    n = 2 if rng.random() < 0.2 else 1
    picks = rng.choice(len(options), size=n, replace=False)
    kinds: list[str] = []
    for i in picks:
        kind = options[int(i)]
        if kind == "name":
            text = f"Soy {full_name(rng)}. {text}"
        elif kind == "signature":
            sign = ("Atte. ", "Un saludo, ", "Saludos, ", "— ")[int(rng.integers(4))]
            text = f"{text} {sign}{full_name(rng)}"
            kind = "name"
        else:
            text = f"{text} {_pii_sentence(rng, kind, dialect)}"
        kinds.append(kind)
    return text, sorted(set(kinds))


def _pii_sentence(rng: np.random.Generator, kind: str, dialect: str) -> str:
    def pick(options: tuple[str, ...]) -> str:
        return options[int(rng.integers(len(options)))]

    if kind == "email":
        return pick(("Mi correo es {}.", "Escríbanme a {}", "Contacto: {}", "mi mail {}")).format(
            email(rng)
        )
    if kind == "phone":
        return pick(
            ("Pueden llamarme al {}.", "Mi número es {}.", "Llámenme al {} por favor.", "Tel: {}")
        ).format(phone(rng, dialect))
    if kind == "dni":
        return pick(("Mi DNI es {}.", "DNI {}", "con DNI {}.")).format(dni(rng))
    if kind == "nie":
        return pick(("Mi NIE es {}.", "NIE: {}")).format(nie(rng))
    if kind == "iban":
        return pick(("Háganme la devolución a la cuenta {}.", "IBAN {}")).format(
            iban_es(rng, rng.random() < 0.7)
        )
    if kind == "card":
        return pick(
            ("El cargo está en la tarjeta {}.", "Tarjeta {}", "pagué con la tarjeta {}.")
        ).format(card_number(rng))
    if kind == "rfc":
        return pick(("Mi RFC es {}.", "RFC: {}")).format(rfc(rng))
    if kind == "curp":
        return pick(("Mi CURP es {}.", "CURP {}")).format(curp(rng))
    raise ValueError(f"unknown PII kind {kind!r}")
