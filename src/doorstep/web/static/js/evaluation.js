/* Evaluation dashboard charts (ECharts, canvas renderer). Data comes from data-chart
   attributes rendered by the server; no figures are computed here. */
(function () {
  "use strict";
  var COLOURS = ["#3b6fb6", "#2e7d32", "#c2410c", "#7c3aed"];
  function seriesChart(el, data) {
    var units = (data.series || []).map(function (s) { return s.unit; });
    var twoAxes = units.length > 1 && units[0] !== units[1];
    var yAxis = [{ type: "value", axisLabel: { formatter: "{value}" + (units[0] || "") } }];
    if (twoAxes) { yAxis.push({ type: "value", axisLabel: { formatter: "{value}" + units[1] } }); }
    return {
      animation: false, color: COLOURS,
      legend: { top: 0 }, tooltip: { trigger: "axis" },
      grid: { left: 48, right: twoAxes ? 48 : 16, top: 32, bottom: 60 },
      xAxis: { type: "category", data: data.labels, axisLabel: { rotate: 30, fontSize: 11 } },
      yAxis: yAxis,
      series: (data.series || []).map(function (s, i) {
        return { name: s.name, type: data.type || "bar", data: s.values, barMaxWidth: 26,
                 yAxisIndex: twoAxes ? i : 0 };
      })
    };
  }
  function effectChart(data) {
    return {
      animation: false, tooltip: { trigger: "axis" },
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", axisLabel: { formatter: "{value} pp" } },
      series: [
        { type: "bar", data: data.values, barMaxWidth: 36, itemStyle: { color: "#3b6fb6" } },
        { type: "custom", data: data.labels.map(function (_, i) { return [i, data.low[i], data.high[i]]; }),
          renderItem: function (params, api) {
            var lo = api.coord([api.value(0), api.value(1)]);
            var hi = api.coord([api.value(0), api.value(2)]);
            return { type: "group", children: [
              { type: "line", shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style: { stroke: "#111", lineWidth: 1.5 } },
              { type: "line", shape: { x1: lo[0] - 6, y1: lo[1], x2: lo[0] + 6, y2: lo[1] }, style: { stroke: "#111" } },
              { type: "line", shape: { x1: hi[0] - 6, y1: hi[1], x2: hi[0] + 6, y2: hi[1] }, style: { stroke: "#111" } }
            ] };
          } }
      ]
    };
  }
  function draw(root) {
    if (typeof window.echarts === "undefined") { return; }
    root.querySelectorAll(".eval-chart, .eval-effect-chart").forEach(function (el) {
      if (el.getAttribute("data-drawn")) { return; }
      var data = JSON.parse(el.getAttribute("data-chart") || "{}");
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(el.classList.contains("eval-effect-chart") ? effectChart(data) : seriesChart(el, data));
      el.setAttribute("data-drawn", "1");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (evt) { draw(evt.target); });
})();
