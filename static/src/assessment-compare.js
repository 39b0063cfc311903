/* Comparison pages (/evaluasi/perbandingan/...): the per-domain radar, drawn with the vendored ECharts.
   The data comes from a json_script element; the same numbers are in the table, so the page is complete
   without this script. No inline script (CSP). */
(function () {
  "use strict";
  function draw() {
    var box = document.getElementById("compare-radar");
    var source = document.getElementById("compare-radar-data");
    if (!box || !source || typeof window.echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    if (!data.series || !data.series.length) { return; }
    var narrow = box.clientWidth < 500;
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "item", confine: true },
      legend: { type: "scroll", bottom: 0, textStyle: { fontSize: narrow ? 10 : 12 } },
      radar: {
        indicator: data.indicators.map(function (item) {
          return { name: narrow ? item.name.split(" ")[0] : item.name, max: item.max };
        }),
        radius: narrow ? "55%" : "65%",
        center: ["50%", "45%"],
        splitNumber: 5,
        axisName: { color: "#444", fontSize: narrow ? 10 : 12 }
      },
      series: [{
        type: "radar",
        data: data.series.map(function (s) { return { name: s.name, value: s.value }; })
      }]
    });
    box.setAttribute("data-ready", "true");
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
