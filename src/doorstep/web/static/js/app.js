/* Doorstep web shell: CSRF header for htmx requests and the dashboard chart.
   No inline scripts anywhere (CSP script-src 'self'); data comes from data-* attributes. */
(function () {
  "use strict";
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }
  document.addEventListener("htmx:configRequest", function (evt) {
    var token = csrfToken();
    if (token) { evt.detail.headers["X-CSRF-Token"] = token; }
  });
  var STATE_COLOURS = {
    screened: "#8a94a6", approved: "#3b6fb6", assigned: "#2f7fa8", scheduled: "#1f8f8a",
    visited: "#3a8f4f", resolved: "#2e7d32", monitoring: "#8b7a1f", follow_up: "#c77c12",
    escalated: "#c2410c", mediation: "#7c3aed", litigation: "#b91c1c", closed_unreachable: "#57534e"
  };
  function drawChart() {
    var el = document.getElementById("state-chart");
    if (!el || typeof window.echarts === "undefined") { return; }
    var data = JSON.parse(el.getAttribute("data-chart") || "{}");
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 40, right: 12, top: 16, bottom: 70 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.labels, axisLabel: { rotate: 40, fontSize: 11 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{
        type: "bar", barMaxWidth: 28,
        data: (data.values || []).map(function (v, i) {
          return { value: v, itemStyle: { color: STATE_COLOURS[data.states[i]] || "#3b6fb6" } };
        })
      }]
    });
    chart.on("click", function (p) {
      window.location.href = "/cases?state=" + encodeURIComponent(data.states[p.dataIndex]);
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", drawChart);
})();
