"""Recall of the redactor on generated personal data, and what it leaves of ordinary comments.

Identifiers of Spain, Mexico, Argentina, Colombia, Chile and Peru (names,
phones, national ids, e-mails plain and disguised) are planted in the contexts
where customers write them (signatures, introductions, after reference words,
inside sentences). A planted identifier counts as found when neither it nor
any of its words of four characters or more is left in the redacted text.

What is generated is what the redactor is meant to catch: a name written in
lower case is planted in an introduction ("mi nombre es ramiro etxeberria"),
not in a signature; a local number without area code ("234 5678") only after
a phone word; an id without a check digit only after its keyword. The larger
measurement with other words and typos is ``bench/pii_recall.py``.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from cxnlp.text import redact_pii
from cxnlp.text.pii_ids import cuit_check_digit, rut_check_digit

SEED = 20261207
CASES_PER_KIND = 400

FIRST = [
    "Laura", "María José", "Lucía", "Camila", "Valentina", "Ximena", "Guadalupe", "Florencia",
    "Agustina", "Catalina", "Daniela", "Sofía", "Ana", "Carmen", "Rocío", "Javier", "José Luis",
    "Santiago", "Matías", "Juan Pablo", "Diego", "Alejandro", "Andrés", "Sebastián", "Tomás",
    "Martín", "Nicolás", "Felipe", "Ramiro", "Griselda", "Casimiro", "Leocadia", "Nahuel",
    "Itziar", "Mikel", "Jordi", "Brayan", "Yuliana",
]  # fmt: skip
SURNAMES = [
    "Gómez", "Rodríguez", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "García",
    "Hernández", "Ramírez", "Torres", "Flores", "Díaz", "Vargas", "Castillo", "Quispe", "Mamani",
    "Huamán", "Etxeberria", "Urquiza", "Montalbán", "Otamendi", "Villanueva", "Echeverría",
    "Muñoz", "Rojas", "Contreras", "Zúñiga", "Ibáñez", "Peña",
]  # fmt: skip
DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
CURP_STATES = ["DF", "JC", "NL", "PL", "MC", "GT", "VZ", "YN"]
CONSONANTS = "BCDFGHJKLMNPQRSTVWXYZ"


def _strip_accents(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
    ).replace("\u0303", "")


def _leaks(secret: str, text: str, redacted: str) -> bool:
    """Whether the secret, or one of its words of four characters or more, is left.

    A word counts only where the text around the secret did not hold it already
    ("Mi correo: ana@correo.es" keeps the first "correo").
    """
    if secret in redacted:
        return True
    context = text.replace(secret, " ")
    for word in {w for w in re.split(r"[\s.,;:()\[\]{}@+\-/]+", secret) if len(w) >= 4}:
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        if len(pattern.findall(redacted)) > len(pattern.findall(context)):
            return True
    return False


# ------------------------------------------------------------------ generators

Case = tuple[str, str]  # (text, secret)


def _name(rng: random.Random) -> str:
    name = f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}"
    if rng.random() < 0.5:
        name += f" {rng.choice(SURNAMES)}"
    return _strip_accents(name) if rng.random() < 0.3 else name


# What people put after their name on the signature line, or on a line of its own.
DECORATIONS = [
    "!!!", "!!", "...", "…", "?!", ".", ":)", ":(", ":-(", ";)", ":D", "xD", "<3", "😤", "🙏",
    "😡😡", "👍🏽", "🤬", "(cliente)", "(titular de la línea)", "#nuncamás", "!! 😠", "jajaja",
    "u_u", "T.T", ":P", "x)", "⁉️", "🤷🏻‍♂️", "♥", "=(", "o.O", "¬¬", ">:(",
]  # fmt: skip


# The header of the quoted message under a reply, and what follows it.
QUOTE_HEADERS = [
    "El lun., 3 mar 2025 a las 10:12, Soporte <soporte@empresa.com> escribió:\n> Estimado cliente",
    "On Mon, Mar 3, 2025 at 10:12 AM Help Desk <help@empresa.com> wrote:\n> Dear customer",
    "-----Mensaje original-----\nDe: Atención al Cliente\nEnviado: lunes\nAsunto: Caso 4500123",
    "________________________________\nDe: Soporte\nEnviado: lunes, 3 de marzo de 2025\nAsunto: RE",
    "---------- Forwarded message ---------\nFrom: Soporte <soporte@empresa.com>\nDate: Mon",
]


def gen_name(rng: random.Random) -> Case:
    name = _name(rng)
    style = rng.randrange(14)
    if style == 11:
        closing = rng.choice(["", "Saludos,\n", "Gracias\n"])
        footer = rng.choice(["", "\n\nEnviado desde mi iPhone"])
        quote = rng.choice(QUOTE_HEADERS)
        return f"Sigo sin servicio.\n\n{closing}{name}{footer}\n\n{quote}", name
    if style == 12:
        header = rng.choice(["From: {} <{}@correo.es>", "De: {} [mailto:{}@correo.es]", "Para: {}"])
        login = _strip_accents(name).lower().replace(" ", ".")
        return (
            f"ok\n\n-----Mensaje original-----\n{header.format(name, login)}\nEnviado: lunes",
            name,
        )
    if style == 13:
        stamp = rng.choice(["3/12/25, 21:07 - ", "[3/12/25, 21:07:33] "])
        return f"{stamp}{name}: sin internet\n{stamp}Soporte: lo revisamos", name
    if style == 9:
        mark = rng.choice(["— ", "-- ", "- ", "", "Saludos,\n", "Gracias,\n"])
        blank = rng.choice([" ", "", "  "])
        return f"Tercera vez que llamo.\n{mark}{name}{blank}{rng.choice(DECORATIONS)}", name
    if style == 10:
        return f"Sin internet otra vez.\n\n{name}\n{rng.choice(DECORATIONS)}", name
    if style == 0:
        return f"Llevo una semana sin servicio. Estoy muy enfadado.\n— {name}", name
    if style == 1:
        dash = rng.choice(["--", "-", "–"])
        return f"Nadie me da una solución {dash} {name}", name
    if style == 2:
        cue = rng.choice(["Atte.", "Saludos,", "Un saludo,", "Gracias,", "Atentamente,"])
        return f"Espero respuesta pronto.\n{cue}\n{name}", name
    if style == 3:
        cue = rng.choice(["Un saludo,", "Saludos cordiales,", "Atte."])
        return f"Quiero la baja ya. {cue} {name}", name
    if style == 4:
        return f"El router sigue sin funcionar.\n\n{name}", name
    intro = rng.choice(["me llamo", "mi nombre es", "les escribe", "Hola, mi nombre es"])
    if style == 5:
        return f"{intro} {name} y no tengo internet desde el lunes", name
    if style == 6:
        low = name.lower()
        return f"hola {intro.lower()} {low} y nadie me contesta", low
    if style == 7:
        upper = name.upper()
        return f"{intro.upper()} {upper} Y ESTOY HARTO", upper
    first = rng.choice(["Laura", "Lucía", "Camila", "Javier", "Diego", "Martín", "Sofía"])
    word = first.lower() if rng.random() < 0.5 else first
    return f"soy {word} y llevo tres días esperando", word


def _spaced(digits: str, groups: tuple[int, ...], sep: str = " ") -> str:
    out, at = [], 0
    for size in groups:
        out.append(digits[at : at + size])
        at += size
    return sep.join(out)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _phone(rng: random.Random) -> tuple[str, bool]:
    """A phone of one of the six countries, and whether it needs a phone word before it."""
    country = rng.choice(["ES", "MX", "AR", "CO", "CL", "PE"])
    if rng.random() < 0.25:
        return _area_code_phone(rng, country), False
    pick = rng.randrange(3)
    if country == "ES":
        mobile = rng.choice("67") + _digits(rng, 8)
        return [
            _spaced(mobile, (3, 3, 3)),
            "+34 " + _spaced(mobile, (3, 2, 2, 2)),
            "9" + rng.choice("1345") + _spaced(_digits(rng, 7), (3, 2, 2)),
        ][pick], False
    if country == "MX":
        area = rng.choice(["55", "33", "81"])
        number = _digits(rng, 8)
        return [
            f"{area} {_spaced(number, (4, 4))}",
            f"+52 1 {area} {_spaced(number, (4, 4))}",
            f"044 {area} {_spaced(number, (4, 4))}",
        ][pick], False
    if country == "AR":
        number = rng.choice("2345") + _digits(rng, 7)
        return [
            f"+54 9 11 {number[:4]}-{number[4:]}",
            f"011 15 {number[:4]}-{number[4:]}",
            f"11 {number[:4]}-{number[4:]}",
        ][pick], False
    if country == "CO":
        mobile = "3" + rng.choice("012") + _digits(rng, 8)
        return [
            _spaced(mobile, (3, 3, 4)),
            "+57 " + _spaced(mobile, (3, 3, 4)),
            mobile,
        ][pick], False
    if country == "CL":
        mobile = "9" + _digits(rng, 8)
        return [
            "+56 " + _spaced(mobile, (1, 4, 4)),
            _spaced(mobile, (1, 4, 4)),
            "22 " + _spaced(_digits(rng, 7), (3, 4)),
        ][pick], pick == 2
    mobile = "9" + _digits(rng, 8)
    return [
        "+51 " + _spaced(mobile, (3, 3, 3)),
        _spaced(mobile, (3, 3, 3)),
        rng.choice("2345") + _digits(rng, 2) + " " + _digits(rng, 4),
    ][pick], pick == 2


def _area_code_phone(rng: random.Random, country: str) -> str:
    """A landline with its area code in parentheses: a phone whatever word precedes it."""
    sep = rng.choice([" ", "", "-"])
    if country == "ES":
        return f"(9{rng.choice('1345')}) {_spaced(_digits(rng, 7), (3, 2, 2), sep)}"
    if country == "MX":
        area = rng.choice(["55", "33", "81", "222", "442", "999"])
        rest = rng.choice("2345678") + _digits(rng, 9 - len(area))
        return f"({area}) {_spaced(rest, (len(rest) - 4, 4), sep)}"
    if country == "AR":
        area = rng.choice(["011", "0351", "0341", "0261", "02966"])
        rest = rng.choice("2345") + _digits(rng, 10 - len(area))
        return f"({area}) {_spaced(rest, (len(rest) - 4, 4), sep)}"
    if country == "CO":
        area, rest = rng.choice([("1", 7), ("4", 7), ("601", 7), ("604", 7)])
        return f"({area}) {_spaced(rng.choice('2345') + _digits(rng, rest - 1), (3, 4), sep)}"
    if country == "CL":
        area = rng.choice(["2", "32", "41", "55"])
        rest = rng.choice("2345") + _digits(rng, 8 - len(area))
        return f"({area}) {_spaced(rest, (len(rest) - 4, 4), sep)}"
    area = rng.choice(["01", "044", "054", "074", "084"])
    rest = rng.choice("2345678") + _digits(rng, 8 - len(area))
    return f"({area}) {rest}"


AREA_CODE_WORDS = [
    "fono de la casa {}",
    "el fijo de mi mamá {}",
    "márquenme al {} en la tarde",
    "mraquen al {} porfa",
    "llamen a la oficina {}",
    "pedido {} sin llegar",
    "Reclamo {}, nadie contesta",
    "{} es donde me ubican",
    "a la casa: {}",
]


def gen_phone(rng: random.Random) -> Case:
    phone, needs_word = _phone(rng)
    if phone.startswith("("):
        template = rng.choice(AREA_CODE_WORDS)
    elif needs_word:
        template = rng.choice(["mi teléfono fijo es el {}", "llámenme al {}", "Tel: {}"])
    else:
        template = rng.choice(
            [
                "mi móvil es {} por si acaso",
                "Reclamación {}",
                "pedido {} sin llegar",
                "Incidencia {}: sin línea",
                "me llamaron del {} dos veces y colgaron",
                "Saludos.\nTel. {}",
                "whatsapp {}",
                "{} es mi número",
            ]
        )
    return template.format(phone), phone


def _dni_es(rng: random.Random) -> str:
    number = rng.randrange(1_000_000, 99_999_999)
    letter = DNI_LETTERS[number % 23]
    digits = f"{number:08d}"
    return rng.choice(
        [
            f"{digits}{letter}",
            f"{digits[:2]}.{digits[2:5]}.{digits[5:]}-{letter}",
            f"{digits}-{letter.lower()}",
        ]
    )


def _nie(rng: random.Random) -> str:
    prefix = rng.choice("XYZ")
    number = rng.randrange(0, 9_999_999)
    letter = DNI_LETTERS[int(f"{'XYZ'.index(prefix)}{number:07d}") % 23]
    return f"{prefix}{number:07d}{letter}"


def _curp(rng: random.Random) -> str:
    def letters(n: int, pool: str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ") -> str:
        return "".join(rng.choice(pool) for _ in range(n))

    date = f"{rng.randrange(50, 99)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
    return (
        f"{letters(1)}{rng.choice('AEIOU')}{letters(2)}{date}{rng.choice('HM')}"
        f"{rng.choice(CURP_STATES)}{letters(3, CONSONANTS)}{rng.choice('0A')}{rng.randrange(10)}"
    )


def _rfc(rng: random.Random) -> str:
    date = f"{rng.randrange(50, 99)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
    letters = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4))
    return f"{letters}{date}{rng.choice('ABC')}{rng.randrange(10)}{rng.choice('ABC123')}"


def _rut(rng: random.Random) -> str:
    body = str(rng.randrange(5_000_000, 26_000_000))
    dv = rut_check_digit(body)
    dotted = f"{int(body):,}".replace(",", ".")
    return rng.choice([f"{dotted}-{dv}", f"{body}-{dv}", f"{dotted}-{dv.lower()}"])


def _cuit(rng: random.Random) -> str:
    while True:
        ten = rng.choice(["20", "23", "27"]) + f"{rng.randrange(10_000_000, 45_000_000)}"
        check = cuit_check_digit(ten)
        if check is not None:
            return f"{ten[:2]}-{ten[2:]}-{check}"


def gen_id(rng: random.Random) -> Case:
    kind = rng.randrange(9)
    if kind == 0:
        secret = _dni_es(rng)
        return f"mi DNI es {secret} y no me dejan darme de baja", secret
    if kind == 1:
        secret = _nie(rng)
        return f"Con el NIE {secret} me dicen que no existo", secret
    if kind == 2:
        secret = _curp(rng)
        return f"Para el trámite di mi CURP {secret} y nada", secret
    if kind == 3:
        secret = _rfc(rng)
        return f"Facturen al RFC {secret} por favor", secret
    if kind == 4:
        number = rng.randrange(10_000_000, 45_000_000)
        secret = rng.choice([f"{number:,}".replace(",", "."), str(number)])
        keyword = rng.choice(["DNI", "D.N.I. N°", "documento", "dni nro"])
        return f"{keyword} {secret}, titular de la línea", secret
    if kind == 5:
        secret = _cuit(rng)
        return f"La factura tiene que salir con CUIT {secret}", secret
    if kind == 6:
        number = rng.randrange(1_000_000_000, 1_199_999_999)
        secret = rng.choice([f"{number:,}".replace(",", "."), str(number)])
        keyword = rng.choice(["C.C.", "cédula", "CC", "cédula de ciudadanía"])
        return f"Mi {keyword} {secret} de Bogotá", secret
    if kind == 7:
        secret = _rut(rng)
        return rng.choice(
            [f"mi RUT es {secret}", f"a nombre del RUN {secret}", f"{secret}"]
        ), secret
    secret = f"{rng.randrange(10_000_000, 79_999_999)}"
    return f"DNI {secret} en Lima, nadie me atiende", secret


def _email_parts(rng: random.Random) -> tuple[str, str, str]:
    first = _strip_accents(rng.choice(FIRST).split()[0]).lower()
    last = _strip_accents(rng.choice(SURNAMES)).lower()
    local = rng.choice([f"{first}.{last}", f"{first}{last}{rng.randrange(100)}", f"{first}_{last}"])
    domain = rng.choice(["gmail", "hotmail", "outlook", "yahoo", "correo"])
    tld = rng.choice(["com", "es", "com.mx", "com.ar", "cl", "pe", "com.co"])
    return local, domain, tld


def gen_email(rng: random.Random) -> Case:
    local, domain, tld = _email_parts(rng)
    style = rng.randrange(6)
    if style == 0:
        secret = f"{local}@{domain}.{tld}"
    elif style == 1:
        secret = f"{local}(at){domain}.{tld}"
    elif style == 2:
        secret = f"{local} @ {domain}.{tld}"
    elif style == 3:
        secret = f"{local} [at] {domain} [dot] {tld.replace('.', ' [dot] ')}"
    elif style == 4:
        secret = f"{local} arroba {domain} punto {tld.replace('.', ' punto ')}"
    else:
        secret = f"{local} (arroba) {domain} (punto) {tld.replace('.', ' (punto) ')}"
    template = rng.choice(
        [
            "escríbanme a {} por favor",
            "Mi correo: {}",
            "Saludos.\n{}",
            "respondan a {}, no al otro",
        ]
    )
    return template.format(secret), secret


GENERATORS: dict[str, Callable[[random.Random], Case]] = {
    "NOMBRE": gen_name,
    "TELEFONO": gen_phone,
    "ID": gen_id,
    "EMAIL": gen_email,
}


def _recall(kind: str, seed: int = SEED, n: int = CASES_PER_KIND) -> tuple[float, list[Case]]:
    rng = random.Random(f"{seed}-{kind}")
    missed = []
    for _ in range(n):
        text, secret = GENERATORS[kind](rng)
        if _leaks(secret, text, redact_pii(text)):
            missed.append((text, secret))
    return 1 - len(missed) / n, missed


def test_names_are_found_in_signatures_and_introductions() -> None:
    recall, missed = _recall("NOMBRE")
    assert recall >= 0.99, missed[:10]


def test_phones_of_six_countries_are_found_whatever_word_precedes_them() -> None:
    recall, missed = _recall("TELEFONO")
    assert recall >= 0.99, missed[:10]


def test_national_ids_of_six_countries_are_found() -> None:
    recall, missed = _recall("ID")
    assert recall >= 0.99, missed[:10]


def test_plain_and_disguised_emails_are_found() -> None:
    recall, missed = _recall("EMAIL")
    assert recall >= 0.99, missed[:10]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32), st.sampled_from(sorted(GENERATORS)))
def test_every_planted_identifier_leaves_no_trace_after_a_fixed_point(seed: int, kind: str) -> None:
    text, _ = GENERATORS[kind](random.Random(seed))
    once = redact_pii(text)
    assert redact_pii(once) == once


@settings(max_examples=200, deadline=None)
@given(st.integers(10_000_000, 99_999_999), st.sampled_from(["", "-", " "]))
def test_every_valid_rut_is_found_and_a_wrong_check_digit_is_not(body: int, dash: str) -> None:
    dv = rut_check_digit(str(body))
    dotted = f"{body:,}".replace(",", ".")
    assert redact_pii(f"RUT {dotted}{dash or '-'}{dv}") == "RUT [RUT]"
    wrong = "0" if dv != "0" else "1"
    assert redact_pii(f"mi boleta {dotted}-{wrong}") == f"mi boleta {dotted}-{wrong}"


# ------------------------------------------------------ ordinary comments survive

ORDINARY = [
    "pedido {order} sin llegar desde el {date}, pagué {amount}",
    "Contraté la Fibra {speed} y me llega la mitad, {pct} menos",
    "el técnico vino a las {time} y se fue a las {time2}",
    "Me subieron la cuota de {amount} a {amount2} sin avisar",
    "ticket {code} abierto el {date}, nadie responde",
    "expediente {code} con {pct} de descuento prometido",
    "La app versión {version} se cierra al pagar {amount}",
    "llevo {days} días sin internet y pagué {amount}",
    "Compré el {product} el {date} y el pedido {order} sigue en reparto",
    "El vuelo {flight} salió con {minutes} minutos de retraso",
    # Numbers in parentheses that are no area code.
    "Contraté el plan (5G) {speed} y pagué {amount}",
    "Precio final (IVA incl.) {amount} por la Fibra {speed}",
    "Tarifa (2025) {year} igual de cara, pagué {amount}",
    "Pasos: (1) {days} (2) {minutes} (3) llamar",
    "({days}) pedidos perdidos, el último {order}",
]


def _ordinary(rng: random.Random) -> tuple[str, list[str]]:
    values = {
        "order": rng.choice(
            [
                str(rng.randrange(100_000, 9_999_999)),
                f"#A-{rng.randrange(10_000, 99_999)}",
                f"PED-{rng.randrange(2020, 2027)}-{rng.randrange(1, 99_999):05d}",
                f"{rng.randrange(100, 999)}-{rng.randrange(10**6, 10**7)}-{rng.randrange(10**6, 10**7)}",
            ]
        ),
        "code": rng.choice(
            [f"#{rng.randrange(10**5, 10**10)}", f"INC{rng.randrange(10**6, 10**7)}"]
        ),
        "date": rng.choice(
            [
                f"{rng.randrange(1, 29):02d}/{rng.randrange(1, 13):02d}/{rng.randrange(2020, 2027)}",
                f"{rng.randrange(1, 29)} de marzo de {rng.randrange(2020, 2027)}",
                f"{rng.randrange(2020, 2027)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
            ]
        ),
        "amount": rng.choice(
            [
                f"{rng.randrange(5, 999)},{rng.randrange(100):02d} €",
                f"${rng.randrange(1_000, 999_999):,}".replace(",", "."),
                f"{rng.randrange(10, 9_999)} pesos",
                f"S/ {rng.randrange(10, 999)}.{rng.randrange(100):02d}",
            ]
        ),
        "speed": rng.choice(["600Mb", "1Gb", "300 Mb", "100 Mbps"]),
        "pct": f"{rng.randrange(1, 99)}{rng.choice(['%', ' %', ',5%'])}",
        "time": f"{rng.randrange(7, 22)}:{rng.randrange(60):02d}",
        "time2": f"{rng.randrange(7, 22)}:{rng.randrange(60):02d} h",
        "version": f"{rng.randrange(1, 9)}.{rng.randrange(20)}.{rng.randrange(10)}",
        "days": str(rng.randrange(2, 40)),
        "product": rng.choice(["iPhone 15", "Galaxy S24", "router ZTE F680", "Smart TV 55''"]),
        "flight": f"{rng.choice(['IB', 'AM', 'LA', 'AV'])}{rng.randrange(100, 9999)}",
        "minutes": str(rng.randrange(10, 300)),
        "year": str(rng.randrange(2020, 2030)),
    }
    values["amount2"] = values["amount"]
    template = rng.choice(ORDINARY)
    text = template.format(**values)
    kept = [v for k, v in values.items() if "{" + k + "}" in template]
    return text, kept


def test_ordinary_comments_keep_their_numbers() -> None:
    rng = random.Random(SEED)
    changed, lost = 0, Counter[str]()
    n = 1000
    for _ in range(n):
        text, kept = _ordinary(rng)
        out = redact_pii(text)
        changed += out != text
        lost.update(v for v in kept if v not in out)
    assert changed / n <= 0.01, lost.most_common(5)


if __name__ == "__main__":  # pragma: no cover - a quick look at what is missed
    for name in GENERATORS:
        rate, misses = _recall(name)
        print(name, round(rate, 4), misses[:5])
