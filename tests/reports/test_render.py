"""Rendering without a browser: self-contained files, escaping, content, odd inputs."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from reports.reports_synthetic import RAW_MARKER, XSS_IMG, XSS_SCRIPT

from cxnlp.errors import CxnlpError
from cxnlp.reports import ReportData, render_analyst_report, render_social_review
from cxnlp.reports.render import build_environment, fmt_num, fmt_signed, script_json

SCRIPT_RE = re.compile(r"<script([^>]*)>(.*?)</script>", re.S)


@pytest.fixture(scope="module")
def pages(report_data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("pages")
    analyst = render_analyst_report(report_data, out)
    social = render_social_review(report_data, out)
    assert analyst == out / "report.html" and social == out / "social.html"
    return {"analyst": analyst.read_text("utf-8"), "social": social.read_text("utf-8")}


def _markup_outside_scripts(page: str) -> str:
    return SCRIPT_RE.sub("<script></script>", page)


@pytest.mark.parametrize("name", ["analyst", "social"])
def test_page_is_self_contained(pages: dict[str, str], name: str) -> None:
    page = pages[name]
    scripts = SCRIPT_RE.findall(page)
    assert all("src" not in attrs for attrs, _ in scripts), "no external script"
    markup = _markup_outside_scripts(page)
    # no attribute or CSS rule points anywhere but the page itself or a data: URL
    for url in re.findall(r'(?:src|href|action)\s*=\s*"([^"]*)"', markup):
        assert url.startswith(("#", "data:")) or url in ("report.html", "social.html"), url
    assert "@import" not in markup and "url(http" not in markup
    # plotly.js inlined exactly once, and the file stays small enough to e-mail
    assert page.count("* plotly.js v") == 1
    assert len(page.encode("utf-8")) < 10_000_000


@pytest.mark.parametrize("name", ["analyst", "social"])
def test_csp_allows_exactly_the_inline_scripts_and_no_network(
    pages: dict[str, str], name: str
) -> None:
    page = pages[name]
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert found is not None
    csp = html.unescape(found.group(1))
    assert "default-src 'none'" in csp and "connect-src" not in csp
    executable = [
        body for attrs, body in SCRIPT_RE.findall(page) if "application/json" not in attrs
    ]
    assert len(executable) == 2
    for body in executable:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


@pytest.mark.parametrize("name", ["analyst", "social"])
def test_customer_text_is_escaped_and_raw_text_never_shown(
    pages: dict[str, str], name: str
) -> None:
    page = pages[name]
    assert RAW_MARKER not in page and "juan.perez@example.com" not in page
    markup = _markup_outside_scripts(page)
    assert XSS_SCRIPT not in page
    assert "<img" not in markup and "onerror=alert(1)>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    if name == "analyst":
        assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in markup


@pytest.mark.parametrize("name", ["analyst", "social"])
def test_inline_json_cannot_break_out_of_its_script(pages: dict[str, str], name: str) -> None:
    blob = re.search(
        r'<script type="application/json" id="cx-data">(.*?)</script>', pages[name], re.S
    )
    assert blob is not None
    text = blob.group(1)
    assert "<" not in text and ">" not in text
    data = json.loads(text)
    assert data["charts"], "charts travel in the blob"


def test_analyst_page_content(pages: dict[str, str], report_data: ReportData) -> None:
    page = pages["analyst"]
    for heading in ("Resumen", "Causas", "Otros temas", "Métodos"):
        assert f">{heading}<" in page
    for label in ("NPS", "CSAT", "CES", "TTR", "FCR", "Volumen"):
        assert f'<div class="kpi-label">{label}</div>' in page
    # summary first: the causes to act on, then the ranking, then the rest, then the methods
    order = [page.index(f'id="{anchor}"') for anchor in ("resumen", "causas", "otros", "metodos")]
    assert order == sorted(order)
    ranked = report_data.drivers.sort_values("rank")["topic_id"].tolist()
    act = [int(t) for t in re.findall(r'<div class="act-card" data-topic="(-?\d+)">', page)]
    assert act == ranked[:3]
    # with no priority band in the data, the first three causes are shown in full
    rows = [int(t) for t in re.findall(r'<tr data-topic="(-?\d+)">', page)]
    assert rows == ranked[:3]
    for tid in ranked[:3]:
        assert f'<article class="topic" id="tema-{tid}"' in page
    # every other topic: one collapsed line, in rank order, with its own anchor
    lines = [
        int(t)
        for t in re.findall(r'<details class="topic-line" id="tema-\d+" data-topic="(\d+)">', page)
    ]
    assert lines == ranked[3:]
    assert 'id="tema-sin" data-topic="-1"' in page  # the comments in no topic can be browsed
    assert "CX-101" in page and "Evitar cobros duplicados en la pasarela" in page
    assert "Este tema no tiene elemento en el backlog." in page  # topics 2 and 3
    assert "Retrasos en la entrega" in page and "Error al crear la cuenta" in page
    assert "20261122T020000" in page
    # filters offer the values present in the data, a date range and a search box
    assert '<select data-dim="channel">' in page and ">twitter</option>" in page
    assert '<select data-dim="segment">' in page and ">detractor (0-6)</option>" in page
    assert 'id="f-from"' in page and 'id="f-to"' in page and 'id="f-q"' in page


def test_backlog_markdown_is_rendered_not_shown(pages: dict[str, str]) -> None:
    page = pages["analyst"]
    box = page.split("CX-101")[1].split("</article>")[0]
    # the item's "## Problema" sits below the box's title, not beside the page's sections
    assert "<h6>Problema</h6>" in box and "<strong>dos cargos</strong>" in box
    assert "<h2>" not in box and "<h3>" not in box
    assert "<li>Revisar reintentos</li>" in box
    assert "**" not in box and "## " not in box
    # the hostile text inside the Markdown stays text
    assert "<img" not in box and "&lt;img src=x onerror=alert(1)&gt;" in box


def test_first_seen_is_the_first_comment_not_the_run(report_data: ReportData) -> None:
    from cxnlp.reports.analyst import build_analyst_context

    data = report_data
    # tracking stored the run date for a topic whose comments go back weeks
    topics = data.topics.copy()
    topics.loc[topics["topic_id"] == 0, "first_seen"] = "2026-11-22"
    changed = ReportData(frame=data.frame, topics=topics, drivers=data.drivers)
    sections = build_analyst_context(changed)["causes"]
    billing = next(s for s in sections if s["topic_id"] == 0)
    first = data.frame.loc[data.frame["topic_id"] == 0, "created_at"].min()
    assert billing["first_seen"] == first.strftime("%d/%m/%Y")
    assert billing["first_seen"] != "22/11/2026"


def test_social_page_content(pages: dict[str, str]) -> None:
    page = pages["social"]
    # the burst of app complaints is a spike on 13/11/2026, driven by that topic
    spikes = page.split('id="spikes"')[1].split("</table>")[0]
    assert "13/11/2026" in spikes and "La app se cierra al pagar (+" in spikes
    mentions = page.split('id="mentions"')[1].split("</table>")[0]
    assert "250.0" in mentions  # the most-reached mention first
    assert "@usuario_" not in mentions  # handles are masked
    emerging = page.split('id="emerging"')[1].split("</table>")[0]
    assert "La app se cierra al pagar" in emerging
    assert "Atención amable en tienda" not in emerging


def test_every_template_autoescapes() -> None:
    env = build_environment()
    names = env.list_templates()
    assert {"analyst.html.j2", "social.html.j2", "base.html.j2"} <= set(names)
    assert all(env.autoescape(name) is True for name in names)  # type: ignore[operator]
    rendered = env.from_string("{{ x }}").render(x="<b>")
    assert rendered == "&lt;b&gt;"


def test_script_json_escapes_markup_and_nan() -> None:
    text = str(
        script_json({"a": "</script><!--", "b": float("nan"), "c": pd.Timestamp("2026-01-02")})
    )
    assert "<" not in text and ">" not in text
    assert json.loads(text) == {"a": "</script><!--", "b": None, "c": "2026-01-02T00:00:00"}


def test_spanish_number_format() -> None:
    assert fmt_num(1234.56, 1) == "1.234,6"
    assert fmt_num(-3.14159, 2) == "−3,14"
    assert fmt_num(-0.01, 1) == "0,0"
    assert fmt_num(None) == "—" and fmt_num(float("nan")) == "—"
    assert fmt_signed(2.5) == "+2,5" and fmt_signed(-2.5) == "−2,5" and fmt_signed(0) == "0,0"


def test_minimal_data_still_renders(
    tmp_path: Path, make_report_data: Callable[..., ReportData]
) -> None:
    full = make_report_data(with_daily=False)
    bare = ReportData(
        frame=full.frame[["feedback_id", "created_at", "text", "topic_id"]],
        topics=full.topics[["topic_id", "label"]],
        drivers=full.drivers[["topic_id"]],
    )
    page = render_analyst_report(bare, tmp_path).read_text("utf-8")
    # three causes in full, the other two as collapsed lines: every topic is there
    assert page.count('<article class="topic"') == 3
    assert len(re.findall(r'<details class="topic-line" id="tema-\d+"', page)) == 2
    assert "sin periodo anterior" in page and "Sin datos de la ejecución." in page
    social = render_social_review(bare, tmp_path).read_text("utf-8")
    assert "No hay menciones sociales en esta ventana." in social


def test_empty_window_renders(tmp_path: Path, make_report_data: Callable[..., ReportData]) -> None:
    full = make_report_data()
    empty = ReportData(
        frame=full.frame.iloc[0:0], topics=full.topics.iloc[0:0], drivers=full.drivers.iloc[0:0]
    )
    page = render_analyst_report(empty, tmp_path).read_text("utf-8")
    assert "No hay temas en la ventana." in page
    render_social_review(empty, tmp_path)


def test_report_data_checks_columns_and_never_mutates(
    make_report_data: Callable[..., ReportData],
) -> None:
    full = make_report_data()
    raw = full.frame.assign(text_raw="original")
    data = ReportData(frame=raw, topics=full.topics, drivers=full.drivers)
    assert "text_raw" not in data.frame.columns
    assert "text_raw" in raw.columns
    with pytest.raises(CxnlpError, match=r"frame lacks column\(s\) \['text'\]"):
        ReportData(frame=raw.drop(columns=["text"]), topics=full.topics, drivers=full.drivers)
    with pytest.raises(CxnlpError, match="topic_id"):
        ReportData(frame=raw.assign(topic_id="x"), topics=full.topics, drivers=full.drivers)


def test_unwritable_folder_is_named(tmp_path: Path, report_data: ReportData) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CxnlpError, match="could not write the report"):
        render_analyst_report(report_data, blocker / "sub")


def test_xss_in_keyword_and_label_reaches_charts_only_escaped(
    tmp_path: Path, make_report_data: Callable[..., ReportData]
) -> None:
    data = make_report_data()
    data.topics.loc[data.topics["topic_id"] == 4, "label"] = XSS_IMG
    page = render_analyst_report(data, tmp_path).read_text("utf-8")
    blob = json.loads(re.search(r'id="cx-data">(.*?)</script>', page, re.S).group(1))
    impact_names = blob["charts"]["ch-impact"]["data"][0]["y"]
    # Plotly renders a little HTML in chart text: labels reach it entity-escaped
    assert '"&gt;&lt;img src=x onerror=alert(1)&gt;' in impact_names
    assert "<img" not in _markup_outside_scripts(page)


def test_a_cause_of_several_topics_lists_them_escaped(
    tmp_path: Path, make_report_data: Callable[..., ReportData]
) -> None:
    data = make_report_data()
    topics = data.topics
    lead = int(topics["topic_id"].iloc[0])
    topics["member_labels"] = [[str(label)] for label in topics["label"]]
    topics["member_sizes"] = [[int(n)] for n in topics["size"]]
    topics.at[topics.index[0], "member_labels"] = ["Pedido sin llegar", XSS_IMG]
    topics.at[topics.index[0], "member_sizes"] = [120, 31]
    page = render_analyst_report(data, tmp_path).read_text("utf-8")
    section = re.search(rf'<article class="topic" id="tema-{lead}".*?</article>', page, re.S)
    assert section is not None
    text = section.group(0)
    assert "Una causa raíz que agrupa 2 temas: Pedido sin llegar (120)" in text
    assert html.escape(XSS_IMG, quote=False) in text or "&#34;&gt;&lt;img" in text
    assert "<img" not in _markup_outside_scripts(page)
    # a cause of one topic says nothing of the kind
    assert page.count("Una causa raíz que agrupa") == 1
    # the ranking row of the cause says how many topics it groups
    topics["member_topic_ids"] = [[int(t)] for t in topics["topic_id"]]
    topics.at[topics.index[0], "member_topic_ids"] = [lead, 99]
    page = render_analyst_report(data, tmp_path).read_text("utf-8")
    row = re.search(rf'<tr data-topic="{lead}">.*?</tr>', page, re.S)
    assert row is not None and ">2 temas</span>" in row.group(0)
    assert page.count(" temas</span>") == 1


def test_ces_reads_the_way_the_store_keeps_it() -> None:
    """CES is stored 1-7 with 7 = very easy: a rising CES is good news, coloured so."""
    from cxnlp.reports.ranking_view import kpi_cards

    cards = {c["key"]: c for c in kpi_cards({"ces": {"value": 5.1, "trend": 0.4, "n": 30}})}
    assert cards["ces"]["trend_class"] == "good"
    assert "7 = muy fácil" in cards["ces"]["help"]
    cards = {c["key"]: c for c in kpi_cards({"ces": {"value": 4.2, "trend": -0.6, "n": 30}})}
    assert cards["ces"]["trend_class"] == "bad"
