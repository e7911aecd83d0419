// The shortage review page's chart (ECharts, vendored): 求人倍率 of the proposed occupations (else the top ones)
// over the last four quarters, one line each. The numbers come from the container's data-chart attribute; the
// table under it holds the same figures.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", () => {
    const container = document.getElementById("shortage-chart");
    if (!container || !container.dataset.chart || typeof echarts === "undefined") return;
    const data = JSON.parse(container.dataset.chart);
    if (!data.series.length) return;
    const box = document.createElement("figure");
    box.className = "chart card";
    const caption = document.createElement("figcaption");
    caption.textContent = "求人倍率（需求人数 ÷ 求职人数），近四个季度";
    const canvas = document.createElement("div");
    canvas.className = "chart-canvas";
    box.append(caption, canvas);
    container.append(box);
    const chart = echarts.init(canvas, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: (v) => (v == null ? "无人求职或无需求" : v) },
      legend: { type: "scroll", top: 0, textStyle: { fontSize: 11 } },
      grid: { left: 8, right: 12, top: 34, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: data.quarters, axisLabel: { fontSize: 10 } },
      yAxis: { type: "value", axisLabel: { fontSize: 10 } },
      series: data.series.map((s) => ({ name: s.name, type: "line", data: s.ratios, connectNulls: false, symbolSize: 5 })),
    });
    window.addEventListener("resize", () => chart.resize());
  });
})();
