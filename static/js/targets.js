// The targets dashboard's charts (ECharts, vendored): one small chart per count — its months as bars, the
// running total as a line and the target's straight line dashed — and one chart of the three shares against
// their targets. The numbers come from the container's data-chart attribute; the table under the charts holds the same figures.
(function () {
  "use strict";
  const RED = "#c8161d", GREY = "#8a8f98", COLOURS = ["#c8161d", "#1f6feb", "#2e7d32", "#b26a00"];

  function chart(container, title) {
    const box = document.createElement("figure");
    box.className = "chart card";
    const caption = document.createElement("figcaption");
    caption.textContent = title;
    const canvas = document.createElement("div");
    canvas.className = "chart-canvas";
    box.append(caption, canvas);
    container.append(box);
    return echarts.init(canvas, null, { renderer: "canvas" });
  }

  function countChart(container, months, entry) {
    const series = [
      { name: "当月", type: "bar", data: entry.months, itemStyle: { color: "#f2b8ba" } },
      { name: "累计", type: "line", data: entry.cumulative, itemStyle: { color: RED }, symbolSize: 4 },
    ];
    if (entry.pace) {
      series.push({ name: "目标进度线", type: "line", data: entry.pace, symbol: "none",
                    lineStyle: { type: "dashed", color: GREY }, itemStyle: { color: GREY } });
    }
    const c = chart(container, entry.label + "（" + entry.unit + "）");
    c.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0, textStyle: { fontSize: 11 } },
      grid: { left: 8, right: 8, top: 30, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: months, axisLabel: { fontSize: 10 } },
      yAxis: { type: "value", axisLabel: { fontSize: 10 } },
      series: series,
    });
    return c;
  }

  function shareChart(container, months, shares) {
    const series = shares.map((entry, i) => ({
      name: entry.label.replace("其中", ""), type: "line", data: entry.months, connectNulls: true, symbolSize: 4,
      itemStyle: { color: COLOURS[i % COLOURS.length] },
      markLine: entry.target == null ? undefined : {
        symbol: "none", silent: true,
        label: { formatter: "目标 " + entry.target + "%", fontSize: 10, position: "insideStartTop" },
        lineStyle: { type: "dashed", color: COLOURS[i % COLOURS.length] }, data: [{ yAxis: entry.target }],
      },
    }));
    const c = chart(container, "录用人员中的占比（%，虚线为目标）");
    c.setOption({
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: (v) => (v == null ? "—" : v + "%") },
      legend: { top: 0, textStyle: { fontSize: 11 } },
      grid: { left: 8, right: 8, top: 30, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: months, axisLabel: { fontSize: 10 } },
      yAxis: { type: "value", axisLabel: { fontSize: 10, formatter: "{value}%" } },
      series: series,
    });
    return c;
  }

  document.addEventListener("DOMContentLoaded", () => {
    const container = document.getElementById("targets-charts");
    if (!container || !container.dataset.chart || typeof echarts === "undefined") return;
    const data = JSON.parse(container.dataset.chart);
    const charts = data.counts.map((entry) => countChart(container, data.months, entry));
    if (data.shares.length) charts.push(shareChart(container, data.months, data.shares));
    window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  });
})();
