"""A light Spanish stemmer so that the inflected forms of one CX word meet.

It follows the published Snowball algorithm for Spanish (regions RV, R1, R2;
attached pronouns; derivational, verb and residual suffixes), then applies a
small alias table for CX verbs whose stem changes between forms
("devolver"/"devuelto"/"devolución"). "cobraron", "cobró", "cobro", "cobros"
and "cobrar" all become ``"cobr"``.

Stems are keys, not words a person reads: :mod:`cxnlp.topics.spanish` shows
each key as the surface form customers wrote most often.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_VOWELS = frozenset("aeiouáéíóúü")

# Stems that several forms of one CX word reach; the value is the key they share.
STEM_ALIASES: dict[str, str] = {
    "devolv": "devolu",  # devolver, devolvieron
    "devuelv": "devolu",  # devuelvan
    "devuelt": "devolu",  # devuelto
    "resolv": "resolu",  # resolver
    "resuelv": "resolu",
    "resuelt": "resolu",
    "atiend": "atend",  # atienden
    "atencion": "atend",  # atención
    "bloque": "bloqu",  # bloqueo vs bloqueada
    "pid": "ped",  # pido -> pedido, pedir
    "pierd": "perd",  # pierden -> perder
    "vuelv": "volv",  # vuelven a cobrar
    "encuentr": "encontr",
    "cuest": "cost",  # cuesta -> costar, costo
}

# Whole words that the suffix rules get wrong; value is the key.
WORD_EXCEPTIONS: dict[str, str] = {
    "app": "app",
    "apps": "app",
    "web": "web",
    "webs": "web",
    "wifi": "wifi",
    "sms": "sms",
    "pin": "pin",
    "iva": "iva",
    "año": "año",
    "años": "año",
    "mes": "mes",
    "meses": "mes",
    "vez": "vez",
    "veces": "vez",
    "dias": "dia",
    "dia": "dia",
    "envio": "envi",
    "envios": "envi",
    "enviaron": "envi",
    "enviado": "envi",
    "enviada": "envi",
    "enviar": "envi",
    # "pedido" (an order) must not meet "pedir" (to ask): "pedir cita" is no delivery issue.
    "pedido": "pedid",
    "pedidos": "pedid",
    "pidio": "ped",
    "pidieron": "ped",
    "pido": "ped",
    "pide": "ped",
    "piden": "ped",
}

_STEP0_PRONOUNS = (
    "selas",
    "selos",
    "sela",
    "selo",
    "las",
    "les",
    "los",
    "nos",
    "me",
    "se",
    "la",
    "le",
    "lo",
)
_STEP0_ACCENTED = {"iéndo": "iendo", "ándo": "ando", "ár": "ar", "ér": "er", "ír": "ir"}
_STEP0_PLAIN = ("iendo", "ando", "ar", "er", "ir")

_STEP1_DELETE_R2 = (
    "amientos", "imientos", "amiento", "imiento", "anzas", "ismos", "ables", "ibles", "istas",
    "anza", "icos", "icas", "ismo", "able", "ible", "ista", "osos", "osas", "ico", "ica", "oso",
    "osa",
)  # fmt: skip
_STEP1_ADOR = (
    "aciones",
    "adoras",
    "adores",
    "ancias",
    "ación",
    "adora",
    "antes",
    "ancia",
    "ador",
    "ante",
)
_STEP1_IDAD = ("idades", "idad")
_STEP1_IVA = ("ivas", "ivos", "iva", "ivo")

_STEP2A = ("yeron", "yendo", "yamos", "yais", "yan", "yen", "yas", "yes", "ya", "ye", "yo", "yó")

_STEP2B_EN = ("éis", "emos", "en", "es")
_STEP2B_OTHER = tuple(
    sorted(
        (
            "arían arías arán arás aríais aría aréis aríamos aremos ará aré erían erías erán "
            "erás eríais ería eréis eríamos eremos erá eré irían irías irán irás iríais iría "
            "iréis iríamos iremos irá iré aba ada ida ía ara iera ad ed id ase iese aste iste "
            "an aban ían aran ieran asen iesen aron ieron ado ido ando iendo ió ar er ir as "
            "abas adas idas ías aras ieras ases ieses ís áis abais íais arais ierais aseis "
            "ieseis asteis isteis ados idos amos ábamos íamos imos áramos iéramos iésemos ásemos"
        ).split(),
        key=len,
        reverse=True,
    )
)


def _region_after_nonvowel(word: str, start: int) -> int:
    """Start of the region after the first non-vowel that follows a vowel (from ``start``)."""
    for i in range(start + 1, len(word)):
        if word[i] not in _VOWELS and word[i - 1] in _VOWELS:
            return i + 1
    return len(word)


def _rv(word: str) -> int:
    """Start of Snowball's RV region."""
    if len(word) < 2:
        return len(word)
    if word[1] not in _VOWELS:
        for i in range(2, len(word)):
            if word[i] in _VOWELS:
                return i + 1
        return len(word)
    if word[0] in _VOWELS and word[1] in _VOWELS:
        for i in range(2, len(word)):
            if word[i] not in _VOWELS:
                return i + 1
        return len(word)
    return 3 if len(word) >= 3 else len(word)


def _ends_in_region(word: str, suffix: str, region: int) -> bool:
    return word.endswith(suffix) and len(word) - len(suffix) >= region


def _step0(word: str, rv: int) -> str:
    for pronoun in _STEP0_PRONOUNS:
        if not _ends_in_region(word, pronoun, rv):
            continue
        base = word[: -len(pronoun)]
        for accented, plain in _STEP0_ACCENTED.items():
            if base.endswith(accented) and len(base) - len(accented) >= rv:
                return base[: -len(accented)] + plain
        for plain in _STEP0_PLAIN:
            if base.endswith(plain) and len(base) - len(plain) >= rv:
                return base
        if base.endswith("uyendo") and len(base) - len("yendo") >= rv:
            return base
        return word
    return word


def _step1(word: str, r1: int, r2: int) -> tuple[str, bool]:
    for suffix in _STEP1_DELETE_R2:
        if word.endswith(suffix):
            if _ends_in_region(word, suffix, r2):
                return word[: -len(suffix)], True
            return word, False
    for suffix in _STEP1_ADOR:
        if word.endswith(suffix):
            if _ends_in_region(word, suffix, r2):
                word = word[: -len(suffix)]
                if _ends_in_region(word, "ic", r2):
                    word = word[:-2]
                return word, True
            return word, False
    for suffix in ("logías", "logía"):
        if word.endswith(suffix):
            if _ends_in_region(word, suffix, r2):
                return word[: -len(suffix)] + "log", True
            return word, False
    for suffix in ("uciones", "ución"):
        if word.endswith(suffix):
            if _ends_in_region(word, suffix, r2):
                return word[: -len(suffix)] + "u", True
            return word, False
    for suffix in ("encias", "encia"):
        if word.endswith(suffix):
            if _ends_in_region(word, suffix, r2):
                return word[: -len(suffix)] + "ente", True
            return word, False
    if word.endswith("amente"):
        if _ends_in_region(word, "amente", r1):
            word = word[:-6]
            if _ends_in_region(word, "iv", r2):
                word = word[:-2]
                if _ends_in_region(word, "at", r2):
                    word = word[:-2]
            else:
                for pre in ("os", "ic", "ad"):
                    if _ends_in_region(word, pre, r2):
                        word = word[:-2]
                        break
            return word, True
        return word, False
    if word.endswith("mente"):
        return _cut_in_r2(word, "mente", r2, ("ante", "able", "ible"))
    for suffix in _STEP1_IDAD:
        if word.endswith(suffix):
            return _cut_in_r2(word, suffix, r2, ("abil", "ic", "iv"))
    for suffix in _STEP1_IVA:
        if word.endswith(suffix):
            return _cut_in_r2(word, suffix, r2, ("at",))
    return word, False


def _cut_in_r2(word: str, suffix: str, r2: int, then: tuple[str, ...]) -> tuple[str, bool]:
    """Remove ``suffix`` when it lies in R2, then the first of ``then`` found in R2.

    Returns the word and whether the suffix was removed (left as it is otherwise).
    """
    if not _ends_in_region(word, suffix, r2):
        return word, False
    word = word[: -len(suffix)]
    for pre in then:
        if _ends_in_region(word, pre, r2):
            return word[: -len(pre)], True
    return word, True


def _step2a(word: str, rv: int) -> tuple[str, bool]:
    for suffix in _STEP2A:
        if _ends_in_region(word, suffix, rv) and word[: -len(suffix)].endswith("u"):
            return word[: -len(suffix)], True
    return word, False


def _step2b(word: str, rv: int) -> str:
    candidates = [(s, True) for s in _STEP2B_EN] + [(s, False) for s in _STEP2B_OTHER]
    candidates.sort(key=lambda item: len(item[0]), reverse=True)
    for suffix, drop_gu in candidates:
        if _ends_in_region(word, suffix, rv):
            word = word[: -len(suffix)]
            if drop_gu and word.endswith("gu"):
                word = word[:-1]
            return word
    return word


def _step3(word: str, rv: int) -> str:
    for suffix in ("os", "a", "o", "á", "í", "ó"):
        if _ends_in_region(word, suffix, rv):
            return word[: -len(suffix)]
    for suffix in ("e", "é"):
        if _ends_in_region(word, suffix, rv):
            word = word[: -len(suffix)]
            if word.endswith("gu") and len(word) - 1 >= rv:
                word = word[:-1]
            return word
    return word


@lru_cache(maxsize=200_000)
def strip_accents(word: str) -> str:
    """Lower-case ``word`` and drop its accents and other marks, except the tilde of ñ."""
    text = unicodedata.normalize("NFC", word.lower()).replace("ñ", "\0")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return text.replace("\0", "ñ")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return the key that every inflected form of ``word`` shares.

    Args:
        word: one lower-case Spanish word (accents allowed).

    Returns:
        The accent-free stem after the CX alias table, e.g. ``"cobr"`` for
        "cobraron", "cobró" and "cobros".
    """
    word = unicodedata.normalize("NFC", word.lower())
    plain = strip_accents(word)
    if plain in WORD_EXCEPTIONS:
        return WORD_EXCEPTIONS[plain]
    if len(word) <= 3:
        return plain
    rv = _rv(word)
    r1 = _region_after_nonvowel(word, 0)
    r2 = _region_after_nonvowel(word, r1) if r1 < len(word) else len(word)
    word = _step0(word, rv)
    word, done = _step1(word, r1, r2)
    if not done:
        word, done = _step2a(word, rv)
        if not done:
            word = _step2b(word, rv)
    word = _step3(word, rv)
    key = strip_accents(word)
    if len(key) < 2:
        key = plain
    return STEM_ALIASES.get(key, key)
