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

  function formatNumber(value, decimals) {
    return value.toLocaleString("es-ES", {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals
    });
  }

  function npsOf(t) {
    return t.nps_n ? 100 * (t.pro - t.det) / t.nps_n : null;
  }

  function setupFilters() {
    var cube = page.cube;
    var form = document.getElementById("filters");
    if (!cube || !form) {
      return;
    }
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-dim]"));
    var col = {};
    cube.fields.forEach(function (name, i) { col[name] = i; });
    var sums = ["n", "orig", "nps_n", "pro", "det", "csat_n", "csat_sat", "neg"];
    var status = document.getElementById("filter-status");

    function emptyTotals() {
      var t = {};
      sums.forEach(function (k) { t[k] = 0; });
      return t;
    }

    function chosen() {
      var picks = {};
      selects.forEach(function (s) {
        if (s.value !== "") {
          picks[s.getAttribute("data-dim")] = parseInt(s.value, 10);
        }
      });
      return picks;
    }

    function apply() {
      var picks = chosen();
      var dims = Object.keys(picks);
      var active = dims.length > 0;
      var perTopic = {};
      var all = emptyTotals();
      cube.rows.forEach(function (row) {
        for (var i = 0; i < dims.length; i++) {
          if (row[col[dims[i]]] !== picks[dims[i]]) {
            return;
          }
        }
        var topic = row[col.topic_id];
        var t = perTopic[topic] || (perTopic[topic] = emptyTotals());
        sums.forEach(function (k) {
          t[k] += row[col[k]];
          all[k] += row[col[k]];
        });
      });

      document.querySelectorAll("#ranking tr[data-topic]").forEach(function (tr) {
        var t = perTopic[tr.getAttribute("data-topic")] || emptyTotals();
        var nCell = tr.querySelector(".js-nf");
        var npsCell = tr.querySelector(".js-npsf");
        var nps = npsOf(t);
        if (nCell) { nCell.textContent = active ? "filtro: " + formatNumber(t.n, 0) : ""; }
        if (npsCell) { npsCell.textContent = active ? "filtro: " + (nps === null ? "—" : formatNumber(nps, 1)) : ""; }
        tr.classList.toggle("is-empty", active && t.n === 0);
      });

      document.querySelectorAll(".toc li[data-topic]").forEach(function (li) {
        var t = perTopic[li.getAttribute("data-topic")];
        li.hidden = active && !(t && t.n > 0);
      });

      document.querySelectorAll("article.topic[data-topic]").forEach(function (article) {
        var t = perTopic[article.getAttribute("data-topic")];
        var wasHidden = article.hidden;
        article.hidden = active && !(t && t.n > 0);
        var items = article.querySelectorAll(".comments li[data-f-source]");
        var shown = 0;
        items.forEach(function (li) {
          var match = dims.every(function (dim) {
            var values = cube.values[dim] || [];
            return li.getAttribute("data-f-" + dim) === values[picks[dim]];
          });
          li.hidden = !match;
          if (match) { shown += 1; }
        });
        var none = article.querySelector(".js-nocomments");
        if (none) { none.hidden = !(items.length > 0 && shown === 0); }
        if (wasHidden && !article.hidden && window.Plotly) {
          article.querySelectorAll(".js-plotly-plot").forEach(function (el) {
            window.Plotly.Plots.resize(el);
          });
        }
      });

      if (status) {
        if (!active) {
          status.textContent = "";
        } else {
          var nps = npsOf(all);
          var csat = all.csat_n ? 100 * all.csat_sat / all.csat_n : null;
          status.textContent = "Con este filtro: " + formatNumber(all.n, 0) + " comentarios · NPS " +
            (nps === null ? "—" : formatNumber(nps, 1)) + " · CSAT " +
            (csat === null ? "—" : formatNumber(csat, 1) + " %");
        }
      }
    }

    selects.forEach(function (s) { s.addEventListener("change", apply); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  drawCharts();
  setupFilters();
}());
