// The traineeship overview's chart (ECharts, vendored): each base's retention rate and the share of kept-on
// trainees still employed after six months, as bars. The numbers come from the container's data-chart
// attribute; the table under it holds the same figures.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", () => {
    const container = document.getElementById("traineeship-chart");
    if (!container || !container.dataset.chart || typeof echarts === "undefined") return;
    const data = JSON.parse(container.dataset.chart);
    const box = document.createElement("figure");
    box.className = "chart card";
    const caption = document.createElement("figcaption");
    caption.textContent = "各基地留用率与留用满6个月在岗率（%）";
    const canvas = document.createElement("div");
    canvas.className = "chart-canvas";
    canvas.style.height = Math.max(240, 26 * data.bases.length + 60) + "px"; // a readable bar per base
    box.append(caption, canvas);
    container.append(box);
    const chart = echarts.init(canvas, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: (v) => (v == null ? "未确认" : v + "%") },
      legend: { top: 0, textStyle: { fontSize: 11 } },
      grid: { left: 8, right: 12, top: 30, bottom: 4, containLabel: true },
      xAxis: { type: "value", max: 100, axisLabel: { fontSize: 10, formatter: "{value}%" } },
      yAxis: { type: "category", data: data.bases, axisLabel: { fontSize: 10, width: 120, overflow: "truncate" } },
      series: [
        { name: "留用率", type: "bar", data: data.retention, itemStyle: { color: "#c8161d" } },
        { name: "留用满6个月在岗", type: "bar", data: data.employed_6m, itemStyle: { color: "#1f6feb" } },
      ],
    });
    window.addEventListener("resize", () => chart.resize());
  });
})();
