/* cxnlp report page: draws the inlined Plotly charts and applies the filters.
   All data comes from the JSON element #cx-data; nothing is fetched. */
(function () {
  "use strict";

  var source = document.getElementById("cx-data");
  var page = source ? JSON.parse(source.textContent || "{}") : {};
  var plotConfig = {
    displaylogo: false,
    responsive: true,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"]
  };

  var spanish = {
    moduleType: "locale",
    name: "es",
    dictionary: {
      "Autoscale": "Ajuste automático",
      "Download plot as a png": "Descargar como PNG",
      "Pan": "Desplazar",
      "Reset axes": "Restablecer ejes",
      "Zoom": "Zoom",
      "Zoom in": "Acercar",
      "Zoom out": "Alejar",
      "Toggle Spike Lines": "Mostrar u ocultar guías",
      "Show closest data on hover": "Mostrar el dato más cercano",
      "Compare data on hover": "Comparar datos"
    },
    format: {
      days: ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"],
      shortDays: ["dom", "lun", "mar", "mié", "jue", "vie", "sáb"],
      months: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
        "septiembre", "octubre", "noviembre", "diciembre"],
      shortMonths: ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct",
        "nov", "dic"],
      date: "%d/%m/%Y",
      decimal: ",",
      thousands: "."
    }
  };

  function drawCharts() {
    var charts = page.charts || {};
    if (!window.Plotly) {
      return;
    }
    window.Plotly.register(spanish);
    plotConfig.locale = "es";
    Object.keys(charts).forEach(function (id) {
      var el = document.getElementById(id);
      if (el) {
        window.Plotly.newPlot(el, charts[id].data, charts[id].layout, plotConfig);
      }
    });
  }

  // Spanish number format as the server writes it: "1.234,5", a real minus sign.
  function formatNumber(value, decimals) {
    var fixed = Math.abs(value).toFixed(decimals).split(".");
    var whole = fixed[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    var text = whole + (fixed.length > 1 ? "," + fixed[1] : "");
    return (value < 0 && /[1-9]/.test(text) ? "\u2212" : "") + text;
  }

  function orDash(value, decimals, unit) {
    return value === null ? "\u2014" : formatNumber(value, decimals) + (unit || "");
  }

  function npsOf(t) {
    return t.nps_n ? 100 * (t.pro - t.det) / t.nps_n : null;
  }

  function csatOf(t) {
    return t.csat_n ? 100 * t.csat_sat / t.csat_n : null;
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }

  var ex = page.explore;
  var rows = ex ? ex.rows : null;
  var nRows = rows ? rows.t.length : 0;
  var DAY = 86400000;
  var day0 = ex ? Date.parse(ex.day0 + "T00:00:00Z") : 0;

  function isoDay(offset) {
    return new Date(day0 + offset * DAY).toISOString().slice(0, 10);
  }

  function shortDate(offset) {
    if (offset < 0) { return ""; }
    var iso = isoDay(offset);
    return iso.slice(8, 10) + "/" + iso.slice(5, 7) + "/" + iso.slice(0, 4);
  }

  function dimValue(dim, i) {
    var d = ex.dims.filter(function (x) { return x.key === dim; })[0];
    return d && rows[dim] ? d.values[rows[dim][i]] : "";
  }

  // what the reader chose: a day range, one value per dimension, a search text
  function readState() {
    var state = { picks: {}, from: null, to: null, q: "" };
    document.querySelectorAll("#filters select[data-dim]").forEach(function (s) {
      if (s.value !== "") { state.picks[s.getAttribute("data-dim")] = parseInt(s.value, 10); }
    });
    ["from", "to"].forEach(function (bound) {
      var input = document.querySelector('#filters input[data-bound="' + bound + '"]');
      if (input && input.value) {
        state[bound] = Math.round((Date.parse(input.value + "T00:00:00Z") - day0) / DAY);
      }
    });
    var q = document.getElementById("f-q");
    state.q = q ? normalise(q.value.trim()) : "";
    state.dims = Object.keys(state.picks);
    state.active = state.dims.length > 0 || state.from !== null || state.to !== null;
    return state;
  }

  function matches(state, i) {
    var d = rows.d[i];
    if (state.from !== null && (d < 0 || d < state.from)) { return false; }
    if (state.to !== null && (d < 0 || d > state.to)) { return false; }
    for (var k = 0; k < state.dims.length; k++) {
      if (rows[state.dims[k]][i] !== state.picks[state.dims[k]]) { return false; }
    }
    return true;
  }

  function emptyTotals() {
    return { n: 0, orig: 0, nps_n: 0, pro: 0, det: 0, csat_n: 0, csat_sat: 0, se: {}, em: {} };
  }

  function add(t, i) {
    t.n += 1;
    if (!rows.o[i]) { return; }  // copies count for volume, not for scores
    t.orig += 1;
    var score = rows.s[i];
    if (score >= 0) {
      t.nps_n += 1;
      if (score >= 9) { t.pro += 1; } else if (score <= 6) { t.det += 1; }
    }
    if (rows.c[i] >= 0) { t.csat_n += 1; t.csat_sat += rows.c[i]; }
    if (rows.se[i] >= 0) { t.se[rows.se[i]] = (t.se[rows.se[i]] || 0) + 1; }
    if (rows.em[i] >= 0) { t.em[rows.em[i]] = (t.em[rows.em[i]] || 0) + 1; }
  }

  // a sentiment-and-emotion bar chart redrawn from counts per code
  function mixData(fig, t) {
    var sets = { "Sentimiento": [t.se, ex.sentiment_names], "Emoción": [t.em, ex.emotion_names] };
    return fig.data.map(function (trace) {
      var set = sets[trace.y[0]];
      if (!set) { return trace; }
      var code = set[1].indexOf(trace.name);
      var total = 0;
      Object.keys(set[0]).forEach(function (k) { total += set[0][k]; });
      var share = total && code >= 0 ? Math.round(1000 * (set[0][code] || 0) / total) / 10 : 0;
      return Object.assign({}, trace, { x: [share], text: [share >= 14 ? trace.name : ""] });
    });
  }

  // a cause against the rest, from the filtered counts; no interval (next run)
  function comparisonData(fig, t, all) {
    var rest = { nps_n: all.nps_n - t.nps_n, pro: all.pro - t.pro, det: all.det - t.det,
      csat_n: all.csat_n - t.csat_n, csat_sat: all.csat_sat - t.csat_sat };
    return fig.data.map(function (trace, k) {
      var of = k === 0 ? t : rest;
      return Object.assign({}, trace, {
        y: [npsOf(of), csatOf(of)],
        customdata: [of.nps_n, of.csat_n],
        error_y: Object.assign({}, trace.error_y, { array: [0, 0], arrayminus: [0, 0] })
      });
    });
  }

  var normCache = null;
  function normalise(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function textMatches(state, i) {
    if (!state.q) { return true; }
    if (!normCache) { normCache = ex.texts.map(normalise); }
    return normCache[rows.x[i]].indexOf(state.q) !== -1;
  }

  function remember(node) {
    if (node && !node.hasAttribute("data-orig")) {
      node.setAttribute("data-orig", node.textContent);
    }
    return node;
  }

  function updateKpis(state) {
    var inPeriod = emptyTotals();
    var last = ex.ndays - 1;
    var period = ex.kpi_days || ex.ndays;
    for (var i = 0; i < nRows; i++) {
      if (!matches(state, i)) { continue; }
      // without a date filter the cards keep their own window: the last kpi_days days
      if (state.from === null && state.to === null && rows.d[i] <= last - period) { continue; }
      add(inPeriod, i);
    }
    var values = { nps: [npsOf(inPeriod), 1, ""], csat: [csatOf(inPeriod), 1, ""],
      volume: [inPeriod.n, 0, ""] };
    var bases = { nps: inPeriod.nps_n, csat: inPeriod.csat_n, volume: inPeriod.n };
    document.querySelectorAll(".kpi[data-kpi]").forEach(function (card) {
      var key = card.getAttribute("data-kpi");
      var value = remember(card.querySelector(".js-kv"));
      var base = remember(card.querySelector(".js-kn"));
      var note = card.querySelector(".kpi-filtered");
      card.classList.toggle("is-filtered", state.active);
      // a recomputed card hides the interval and trend of the unfiltered figure
      card.classList.toggle("is-recomputed", state.active && values[key] !== undefined);
      if (!state.active) {
        value.textContent = value.getAttribute("data-orig");
        if (base) { base.textContent = base.getAttribute("data-orig"); }
        if (note) { note.hidden = true; }
        return;
      }
      if (values[key]) {
        value.textContent = orDash(values[key][0], values[key][1]);
        if (base) { base.textContent = formatNumber(bases[key], 0); }
        if (note) { note.textContent = "con el filtro; intervalo: recalculado en la próxima ejecución"; note.hidden = false; }
      } else {
        if (note) { note.textContent = "sin filtrar: se recalcula en la próxima ejecución"; note.hidden = false; }
      }
    });
    return inPeriod;
  }

  function weekStart(offset) {
    var day = new Date(day0 + offset * DAY).getUTCDay();  // 0 = Sunday
    return offset - ((day + 6) % 7);
  }

  var chartsFiltered = false;

  function restoreCharts() {
    Object.keys(page.charts || {}).forEach(function (id) {
      var node = document.getElementById(id);
      if (node && node.classList.contains("js-plotly-plot") && (id === "ch-weekly" || /-(vol|mix|cmp)$/.test(id))) {
        window.Plotly.react(node, page.charts[id].data, page.charts[id].layout, plotConfig);
      }
    });
  }

  // the weekly overview and each cause's daily volume, recomputed from the filtered comments
  function redrawCharts(state, byTopicDay, perTopic, all) {
    if (!window.Plotly || !page.charts) { return; }
    if (!state.active) {
      if (chartsFiltered) { restoreCharts(); chartsFiltered = false; }
      return;
    }
    chartsFiltered = true;
    var weekly = page.charts["ch-weekly"];
    var weeklyEl = document.getElementById("ch-weekly");
    if (weekly && weeklyEl && weeklyEl.classList.contains("js-plotly-plot")) {
      var weeks = {};
      for (var i = 0; i < nRows; i++) {
        if (rows.d[i] < 0 || !matches(state, i)) { continue; }
        var w = weekStart(rows.d[i]);
        add(weeks[w] || (weeks[w] = emptyTotals()), i);
      }
      var keys = Object.keys(weeks).map(Number).sort(function (a, b) { return a - b; });
      var x = keys.map(isoDay);
      var data = weekly.data.map(function (trace, k) {
        var copy = Object.assign({}, trace, { x: x });
        copy.y = keys.map(function (w) {
          var t = weeks[w];
          return k === 0 ? t.n : (k === 1 ? npsOf(t) : csatOf(t));
        });
        return copy;
      });
      window.Plotly.react(weeklyEl, data, weekly.layout, plotConfig);
    }
    var mixEl = document.getElementById("ch-mix");
    if (page.charts["ch-mix"] && mixEl && mixEl.classList.contains("js-plotly-plot")) {
      window.Plotly.react(mixEl, mixData(page.charts["ch-mix"], all), page.charts["ch-mix"].layout, plotConfig);
    }
    document.querySelectorAll("article.topic[data-topic]").forEach(function (article) {
      var tid = article.getAttribute("data-topic");
      var id = "ch-t" + tid + "-vol";
      var fig = page.charts[id];
      var node = document.getElementById(id);
      if (!fig || !node || article.hidden || !node.classList.contains("js-plotly-plot")) { return; }
      var perDay = byTopicDay[tid] || {};
      var x = fig.data[0].x;
      var counts = x.map(function (iso) { return perDay[iso] || 0; });
      var mean = counts.map(function (_, k) {
        var lo = Math.max(0, k - 6), sum = 0;
        for (var j = lo; j <= k; j++) { sum += counts[j]; }
        return Math.round(100 * sum / (k - lo + 1)) / 100;
      });
      var data = [Object.assign({}, fig.data[0], { y: counts }), Object.assign({}, fig.data[1], { y: mean })];
      window.Plotly.react(node, data, fig.layout, plotConfig);
      var t = perTopic[tid] || emptyTotals();
      [["-mix", function (f) { return mixData(f, t); }], ["-cmp", function (f) { return comparisonData(f, t, all); }]]
        .forEach(function (spec) {
          var cid = "ch-t" + tid + spec[0];
          var cnode = document.getElementById(cid);
          if (page.charts[cid] && cnode && cnode.classList.contains("js-plotly-plot")) {
            window.Plotly.react(cnode, spec[1](page.charts[cid]), page.charts[cid].layout, plotConfig);
          }
        });
    });
  }

  function setupFilters() {
    var form = document.getElementById("filters");
    if (!ex || !form) {
      return;
    }
    var status = document.getElementById("filter-status");
    var badge = document.getElementById("filter-badge");
    var range = ["f-from", "f-to"].map(function (id) { return document.getElementById(id); });
    range.forEach(function (input) {
      if (input) { input.min = isoDay(0); input.max = isoDay(Math.max(ex.ndays - 1, 0)); }
    });

    function apply() {
      var state = readState();
      var perTopic = {};
      var byTopicDay = {};
      var all = emptyTotals();
      for (var i = 0; i < nRows; i++) {
        if (!matches(state, i)) { continue; }
        var topic = rows.t[i];
        add(perTopic[topic] || (perTopic[topic] = emptyTotals()), i);
        add(all, i);
        if (state.active && rows.d[i] >= 0) {
          var days = byTopicDay[topic] || (byTopicDay[topic] = {});
          var iso = isoDay(rows.d[i]);
          days[iso] = (days[iso] || 0) + 1;
        }
      }
      var total = all.n || 1;

      document.querySelectorAll("#ranking tr[data-topic], .topic-line[data-topic]").forEach(function (row) {
        var t = perTopic[row.getAttribute("data-topic")] || emptyTotals();
        var nCell = row.querySelector(".js-nf");
        var shareCell = row.querySelector(".js-sharef");
        var npsCell = row.querySelector(".js-npsf");
        var impactCell = row.querySelector(".js-impactf");
        var nps = npsOf(t);
        if (nCell) { nCell.textContent = state.active ? "filtro: " + formatNumber(t.n, 0) : ""; }
        if (shareCell) { shareCell.textContent = state.active ? "filtro: " + formatNumber(100 * t.n / total, 1) + " %" : ""; }
        if (npsCell) { npsCell.textContent = state.active ? "filtro: " + orDash(nps, 1) : ""; }
        if (impactCell) { impactCell.textContent = state.active ? "recalculado en la próxima ejecución" : ""; }
        row.classList.toggle("is-empty", state.active && t.n === 0);
        if (row.classList.contains("topic-line")) {
          row.hidden = state.active && t.n === 0;
          var lineNps = remember(row.querySelector("summary .js-nps"));
          var lineShare = remember(row.querySelector("summary .js-share"));
          if (lineNps) { lineNps.textContent = state.active ? orDash(nps, 1) : lineNps.getAttribute("data-orig"); }
          if (lineShare) { lineShare.textContent = state.active ? formatNumber(100 * t.n / total, 1) + " %" : lineShare.getAttribute("data-orig"); }
        }
      });
      document.querySelectorAll(".act-card[data-topic]").forEach(function (card) {
        var t = perTopic[card.getAttribute("data-topic")];
        card.classList.toggle("is-empty", state.active && !(t && t.n > 0));
      });
      document.querySelectorAll(".comment-tools[data-topic]").forEach(function (tools) {
        var t = perTopic[tools.getAttribute("data-topic")] || emptyTotals();
        var count = tools.querySelector(".js-n");
        remember(count);
        count.textContent = state.active ? formatNumber(t.n, 0) : count.getAttribute("data-orig");
        var list = tools.querySelector(".all-comments");
        if (list && !list.hidden) { showAll(tools, state); }
      });

      document.querySelectorAll("article.topic[data-topic]").forEach(function (article) {
        var t = perTopic[article.getAttribute("data-topic")];
        var wasHidden = article.hidden;
        article.hidden = state.active && !(t && t.n > 0);
        filterComments(article, state);
        if (wasHidden && !article.hidden && window.Plotly) {
          article.querySelectorAll(".js-plotly-plot").forEach(function (node) {
            window.Plotly.Plots.resize(node);
          });
        }
      });
      document.querySelectorAll(".topic-line[data-topic]").forEach(function (line) {
        filterComments(line, state);
      });
      updateKpis(state);
      redrawCharts(state, byTopicDay, perTopic, all);
      var n = state.dims.length + (state.from !== null || state.to !== null ? 1 : 0);
      if (badge) { badge.textContent = n ? "(" + n + (n === 1 ? " activo)" : " activos)") : ""; }
      status.textContent = state.active ? "Con este filtro: " + formatNumber(all.n, 0) + " comentarios · NPS " +
        orDash(npsOf(all), 1) + " · CSAT " + orDash(csatOf(all), 1, " %") : "";
      status.hidden = !state.active;
      search(state);
    }

    function filterComments(container, state) {
      var items = container.querySelectorAll(".comments li[data-f-source]");
      var shown = 0;
      items.forEach(function (li) {
        var match = state.dims.every(function (dim) {
          var value = li.getAttribute("data-f-" + dim);
          if (value === null) { return true; }
          var d = ex.dims.filter(function (x) { return x.key === dim; })[0];
          return value === d.values[state.picks[dim]];
        });
        var day = li.getAttribute("data-day");
        if (match && day) {
          var offset = Math.round((Date.parse(day + "T00:00:00Z") - day0) / DAY);
          match = (state.from === null || offset >= state.from) && (state.to === null || offset <= state.to);
        }
        li.hidden = !match;
        if (match) { shown += 1; }
      });
      var none = container.querySelector(".js-nocomments");
      if (none) { none.hidden = !(items.length > 0 && shown === 0); }
    }

    var timer = null;
    form.addEventListener("change", apply);
    form.addEventListener("input", function (event) {
      if (event.target && event.target.id === "f-q") {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { search(readState()); }, 200);
      }
    });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      search(readState());
      var section = document.getElementById("busqueda");
      if (section && !section.hidden) { section.scrollIntoView(); }
    });
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button[data-topic]") : null;
      if (!button) { return; }
      var tools = button.closest(".comment-tools");
      if (button.classList.contains("js-show-all")) {
        var list = tools.querySelector(".all-comments");
        if (list.hidden) { showAll(tools, readState()); } else { list.hidden = true; list.textContent = ""; }
      } else if (button.classList.contains("js-csv")) {
        downloadCsv(parseInt(button.getAttribute("data-topic"), 10), readState());
      } else if (button.classList.contains("js-fix-csv")) {
        downloadFixCsv(parseInt(button.getAttribute("data-topic"), 10), readState());
      }
    });
    apply();
  }

  var SEARCH_LIMIT = 100;
  var PAGE = 200;

  function search(state) {
    var section = document.getElementById("busqueda");
    if (!section) { return; }
    if (!state.q || state.q.length < 2) { section.hidden = true; return; }
    var found = [];
    var seen = {};
    var total = 0;
    for (var i = 0; i < nRows; i++) {
      if (!matches(state, i) || !textMatches(state, i) || seen[rows.x[i]]) { continue; }
      seen[rows.x[i]] = true;
      total += 1;
      if (found.length < SEARCH_LIMIT) { found.push(i); }
    }
    document.getElementById("search-term").textContent = document.getElementById("f-q").value.trim();
    document.getElementById("search-count").textContent = formatNumber(total, 0) + " comentarios distintos" +
      (total > found.length ? " (se muestran los " + found.length + " primeros)" : "");
    var body = document.querySelector("#search-results tbody");
    body.textContent = "";
    found.forEach(function (i) {
      var tr = document.createElement("tr");
      tr.appendChild(el("td", shortDate(rows.d[i])));
      tr.appendChild(el("td", ex.labels[String(rows.t[i])] || "Sin tema"));
      tr.appendChild(el("td", dimValue("source", i)));
      tr.appendChild(el("td", ex.texts[rows.x[i]], "text"));
      body.appendChild(tr);
    });
    section.hidden = false;
  }

  function topicRows(topic, state) {
    var out = [];
    for (var i = 0; i < nRows; i++) {
      if (rows.t[i] === topic && matches(state, i) && textMatches(state, i)) { out.push(i); }
    }
    return out;
  }

  function showAll(tools, state, limit) {
    var topic = parseInt(tools.getAttribute("data-topic"), 10);
    var list = tools.querySelector(".all-comments");
    var all = topicRows(topic, state);
    // each text once, with how many copies of it the window holds
    var copies = {};
    var distinct = [];
    all.forEach(function (i) {
      var x = rows.x[i];
      if (copies[x] === undefined) { copies[x] = 0; distinct.push(i); }
      copies[x] += 1;
    });
    limit = limit || PAGE;
    list.textContent = "";
    list.appendChild(el("p", formatNumber(all.length, 0) + " comentarios, " + formatNumber(distinct.length, 0) +
      " textos distintos" + (state.active || state.q ? " con el filtro" : "") + ".", "muted small"));
    var table = el("table", null, "comments-table");
    var head = document.createElement("tr");
    ["Fecha", "Fuente", "Canal", "Región", "NPS", "Comentario"].forEach(function (h) { head.appendChild(el("th", h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    distinct.slice(0, limit).forEach(function (i) {
      var tr = document.createElement("tr");
      tr.appendChild(el("td", shortDate(rows.d[i])));
      tr.appendChild(el("td", dimValue("source", i)));
      tr.appendChild(el("td", dimValue("channel", i)));
      tr.appendChild(el("td", dimValue("region", i)));
      tr.appendChild(el("td", rows.s[i] >= 0 ? String(rows.s[i]) : "", "num"));
      var cell = el("td", ex.texts[rows.x[i]], "text");
      if (copies[rows.x[i]] > 1) { cell.appendChild(el("span", " ×" + copies[rows.x[i]], "badge")); }
      tr.appendChild(cell);
      body.appendChild(tr);
    });
    list.appendChild(table);
    if (distinct.length > limit) {
      var more = el("button", "Mostrar " + Math.min(PAGE, distinct.length - limit) + " más", "btn");
      more.type = "button";
      more.addEventListener("click", function () { showAll(tools, readState(), limit + PAGE); });
      list.appendChild(more);
    }
    list.hidden = false;
  }

  // a cell as CSV: formulas neutralised (a leading = + - @ or control character is
  // prefixed with an apostrophe), always quoted, quotes doubled
  function csvCell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text)) { text = "'" + text; }
    return '"' + text.replace(/"/g, '""') + '"';
  }

  function csvFor(topic, state) {
    var dims = ex.dims.map(function (d) { return d.key; });
    var header = ["id", "fecha", "tema"].concat(ex.dims.map(function (d) { return d.label.toLowerCase(); }))
      .concat(["nps", "csat_top2", "sentimiento", "emocion", "copia", "comentario"]);
    var lines = [header.map(csvCell).join(";")];
    topicRows(topic, state).forEach(function (i) {
      var cells = [rows.id[i], rows.d[i] >= 0 ? isoDay(rows.d[i]) : "", ex.labels[String(rows.t[i])] || "Sin tema"];
      dims.forEach(function (dim) { cells.push(dimValue(dim, i)); });
      cells.push(rows.s[i] >= 0 ? rows.s[i] : "", rows.c[i] >= 0 ? rows.c[i] : "",
        rows.se[i] >= 0 ? ex.sentiments[rows.se[i]] : "", rows.em[i] >= 0 ? ex.emotions[rows.em[i]] : "",
        rows.o[i] ? "no" : "sí", ex.texts[rows.x[i]]);
      lines.push(cells.map(csvCell).join(";"));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  // the corrections sheet (issue 19): one row per distinct shown text, the labels the
  // models gave and two empty columns that `cxnlp labels import` reads back
  function fixCsvFor(topic, state) {
    var header = ["feedback_id", "texto", "sentimiento_predicho", "emocion_predicha",
      "corregida", "sentimiento", "emocion"];
    var lines = [header.map(csvCell).join(";")];
    var seen = {};
    topicRows(topic, state).forEach(function (i) {
      if (seen[rows.x[i]]) { return; }
      seen[rows.x[i]] = true;
      lines.push([rows.id[i], ex.texts[rows.x[i]],
        rows.se[i] >= 0 ? ex.sentiments[rows.se[i]] : "", rows.em[i] >= 0 ? ex.emotions[rows.em[i]] : "",
        rows.k && rows.k[i] ? "sí" : "no", "", ""].map(csvCell).join(";"));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  function downloadFixCsv(topic, state) {
    saveCsv(fixCsvFor(topic, state), topic, "correcciones-");
  }

  function downloadCsv(topic, state) {
    saveCsv(csvFor(topic, state), topic, "comentarios-");
  }

  function saveCsv(text, topic, prefix) {
    var blob = new Blob([text], { type: "text/csv;charset=utf-8" });
    var link = document.createElement("a");
    var label = (ex.labels[String(topic)] || "sin-tema").toLowerCase().normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    link.href = URL.createObjectURL(blob);
    link.download = prefix + (label || "tema") + ".csv";
    document.body.appendChild(link);
    link.click();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  // the social review: platform, date, sentiment and emotion filters recompute the
  // summary cards and the table of mentions with the most reach
  function setupSocial() {
    var soc = page.social;
    var form = document.getElementById("social-filters");
    if (!soc || !form) { return; }
    var r = soc.rows;
    var n = r.d.length;
    var base = Date.parse(soc.day0 + "T00:00:00Z");
    var last = n ? Math.max.apply(null, r.d) : 0;
    form.querySelectorAll("input[data-bound]").forEach(function (input) {
      input.min = new Date(base).toISOString().slice(0, 10);
      input.max = new Date(base + last * DAY).toISOString().slice(0, 10);
    });
    var negative = soc.sentiments.indexOf("NEG");
    var positive = soc.sentiments.indexOf("POS");

    function apply() {
      var picks = {};
      var from = null, to = null;
      form.querySelectorAll("select[data-key]").forEach(function (sel) {
        if (sel.value !== "") { picks[sel.getAttribute("data-key")] = parseInt(sel.value, 10); }
      });
      form.querySelectorAll("input[data-bound]").forEach(function (input) {
        if (!input.value) { return; }
        var day = Math.round((Date.parse(input.value + "T00:00:00Z") - base) / DAY);
        if (input.getAttribute("data-bound") === "from") { from = day; } else { to = day; }
      });
      var keys = Object.keys(picks);
      var active = keys.length > 0 || from !== null || to !== null;
      var mentions = 0, originals = 0, neg = 0, pos = 0, reach = 0, chosen = [];
      var perDay = { se: {}, em: {} };  // day -> counts per sentiment / emotion code
      for (var i = 0; i < n; i++) {
        if ((from !== null && r.d[i] < from) || (to !== null && r.d[i] > to)) { continue; }
        var ok = keys.every(function (k) { return r[k][i] === picks[k]; });
        if (!ok) { continue; }
        mentions += 1;
        reach += r.r[i];
        if (!r.o[i]) { continue; }
        originals += 1;
        ["se", "em"].forEach(function (k) {
          var day = perDay[k][r.d[i]] || (perDay[k][r.d[i]] = {});
          day[r[k][i]] = (day[r[k][i]] || 0) + 1;
        });
        if (r.se[i] === negative) { neg += 1; }
        if (r.se[i] === positive) { pos += 1; }
        if (picks.se !== undefined || r.se[i] === negative) { chosen.push(i); }
      }
      var values = {
        mentions: formatNumber(mentions, 0),
        neg: originals ? formatNumber(100 * neg / originals, 1) + " %" : "\u2014",
        net: originals ? formatNumber(100 * (pos - neg) / originals, 1) : "\u2014",
        reach: formatNumber(reach, 0)
      };
      document.querySelectorAll("#social-kpis .kpi[data-key]").forEach(function (card) {
        var key = card.getAttribute("data-key");
        var value = remember(card.querySelector(".js-kv"));
        card.classList.toggle("is-filtered", active && values[key] !== undefined);
        value.textContent = active && values[key] !== undefined ? values[key] : value.getAttribute("data-orig");
      });
      var badge = document.getElementById("filter-badge");
      var count = keys.length + (from !== null || to !== null ? 1 : 0);
      if (badge) { badge.textContent = count ? "(" + count + (count === 1 ? " activo)" : " activos)") : ""; }
      var status = document.getElementById("filter-status");
      if (status) { status.textContent = active ? "Con este filtro: " + values.mentions + " menciones" : ""; }
      redrawSocial(active, perDay);
      var title = document.querySelector("#menciones h2");
      if (title) {
        remember(title);
        title.textContent = picks.se === undefined ? title.getAttribute("data-orig") :
          "Menciones con más alcance: " + soc.sentiment_names[picks.se].toLowerCase();
      }
      var body = document.querySelector("#mentions tbody");
      if (!body) { return; }
      if (!body.hasAttribute("data-orig-rows")) { body.setAttribute("data-orig-rows", "1"); body._orig = Array.prototype.slice.call(body.children); }
      body.textContent = "";
      if (!active) { body._orig.forEach(function (tr) { body.appendChild(tr); }); return; }
      chosen.sort(function (a, b) { return r.r[b] - r.r[a] || r.d[b] - r.d[a]; });
      chosen.slice(0, 10).forEach(function (i) {
        var tr = document.createElement("tr");
        var iso = new Date(base + r.d[i] * DAY).toISOString();
        tr.appendChild(el("td", iso.slice(8, 10) + "/" + iso.slice(5, 7) + "/" + iso.slice(0, 4)));
        tr.appendChild(el("td", r.p[i] >= 0 ? soc.platforms[r.p[i]] : "\u2014"));
        tr.appendChild(el("td", r.a[i]));
        var text = el("td", null, "text");
        text.appendChild(el("blockquote", r.x[i]));
        tr.appendChild(text);
        tr.appendChild(el("td", soc.labels[String(r.t[i])] || "Sin tema"));
        tr.appendChild(el("td", r.em[i] >= 0 ? soc.emotion_names[r.em[i]] : "\u2014"));
        var reachCell = el("td", formatNumber(r.r[i], 0), "num");
        reachCell.title = formatNumber(r.f[i], 0) + " seguidores · " + formatNumber(r.l[i], 0) + " me gusta · " + formatNumber(r.s[i], 0) + " compartidos";
        tr.appendChild(reachCell);
        var link = el("td");
        if (r.u[i]) {
          var a = el("a", "ver");
          a.href = r.u[i];
          a.rel = "noopener noreferrer nofollow";
          a.target = "_blank";
          link.appendChild(a);
        } else {
          link.appendChild(el("span", "\u2014", "muted"));
        }
        tr.appendChild(link);
        body.appendChild(tr);
      });
      if (!chosen.length) {
        var empty = el("td", "Ninguna mención coincide con el filtro.", "muted");
        empty.colSpan = 8;
        body.appendChild(document.createElement("tr")).appendChild(empty);
      }
    }
    // the daily sentiment bars and the 7-day emotion mix, from the filtered originals
    // (spike markers are the unfiltered detection: hidden while a filter is on)
    function redrawSocial(active, perDay) {
      if (!window.Plotly) { return; }
      [["ch-social-volume", "se", soc.sentiment_names, 1], ["ch-social-emotion", "em", soc.emotion_names, 7]]
        .forEach(function (spec) {
          var fig = page.charts[spec[0]];
          var node = document.getElementById(spec[0]);
          if (!fig || !node || !node.classList.contains("js-plotly-plot")) { return; }
          if (!active) {
            if (node.getAttribute("data-filtered")) {
              window.Plotly.react(node, fig.data, fig.layout, plotConfig);
              node.removeAttribute("data-filtered");
            }
            return;
          }
          node.setAttribute("data-filtered", "1");
          var data = [];
          fig.data.forEach(function (trace) {
            var code = spec[2].indexOf(trace.name);
            if (code < 0) { return; }  // the spike markers
            var days = trace.x.map(function (iso) {
              return Math.round((Date.parse(iso + "T00:00:00Z") - base) / DAY);
            });
            var y = days.map(function (day) {
              var sum = 0;
              for (var k = day - spec[3] + 1; k <= day; k++) {
                sum += (perDay[spec[1]][k] || {})[code] || 0;
              }
              return sum;
            });
            data.push(Object.assign({}, trace, { y: y }));
          });
          window.Plotly.react(node, data, fig.layout, plotConfig);
        });
    }

    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  }

  drawCharts();
  setupFilters();
  setupSocial();
}());
