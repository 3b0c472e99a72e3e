// The Insights charts (Chart.js, served from this installation). The data comes from the
// JSON blocks the server renders next to each canvas; htmx swaps the whole block when
// today's view refreshes itself, after which the charts are drawn again.
(function () {
  "use strict";

  var charts = [];

  function data(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function euros(cents) {
    return "€ " + (cents / 100).toLocaleString("nl-NL", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function turnoverChart() {
    var canvas = document.getElementById("turnover-chart");
    var series = data("turnover-chart-data");
    if (!canvas || !series) return;
    charts.push(new Chart(canvas, {
      type: "bar",
      data: {
        labels: series.labels,
        datasets: [
          { type: "bar", label: canvas.dataset.labelNow, data: series.now, backgroundColor: "#2f6f4e" },
          { type: "line", label: canvas.dataset.labelBefore, data: series.last_week, borderColor: "#b5651d", pointRadius: 0, borderWidth: 2 }
        ]
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: { y: { ticks: { callback: euros } } },
        plugins: { tooltip: { callbacks: { label: function (item) { return item.dataset.label + ": " + euros(item.raw); } } } }
      }
    }));
  }

  function staffingChart() {
    var canvas = document.getElementById("staffing-chart");
    var series = data("staffing-chart-data");
    if (!canvas || !series) return;
    var colours = series.marks.map(function (mark) {
      if (mark === "later") return "#b8c2cc";
      return mark === "over" ? "#c0392b" : mark === "under" ? "#d68910" : "#2f6f4e";
    });
    charts.push(new Chart(canvas, {
      type: "bar",
      data: {
        labels: series.labels,
        datasets: [
          { type: "bar", label: canvas.dataset.labelTurnover, data: series.turnover, backgroundColor: colours, yAxisID: "money" },
          { type: "line", label: canvas.dataset.labelPlanned, data: series.planned, borderColor: "#555", stepped: true, yAxisID: "people" },
          { type: "line", label: canvas.dataset.labelWorked, data: series.worked, borderColor: "#1f4e79", stepped: true, yAxisID: "people" }
        ]
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          money: { position: "left", ticks: { callback: euros } },
          people: { position: "right", beginAtZero: true, ticks: { precision: 0 }, grid: { drawOnChartArea: false } }
        }
      }
    }));
  }

  function draw() {
    if (typeof Chart === "undefined") return;
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
    turnoverChart();
    staffingChart();
    document.documentElement.dataset.chartsDrawn = String(charts.length);
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSwap", draw);
})();
