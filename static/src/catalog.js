/* Catalogue pages: sort select submits itself; the dataset/indicator chart (ECharts) and kab/kota tile map.
 * Data comes from the json_script element #catalog-chart:
 *   {indicators: [{code, name, unit, periods: [...], regions: {code: {name, values: {period: value}}}}],
 *    tiles: [...tile-grid positions...]}
 */
(function () {
  "use strict";

  document.querySelectorAll(".js-autosubmit").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });

  var source = document.getElementById("catalog-chart");
  if (!source) return;
  var data = JSON.parse(source.textContent);
  var indicators = data.indicators || [];
  if (!indicators.length) return;
  var indicatorSelect = document.getElementById("viz-indicator");
  var periodSelect = document.getElementById("viz-period");
  var chartEl = document.getElementById("viz-chart");
  var mapEl = document.getElementById("viz-map");
  var chart = window.echarts ? window.echarts.init(chartEl, null, { renderer: "svg" }) : null;
  var tileCodes = {};
  (data.tiles || []).forEach(function (t) { tileCodes[t.code] = true; });

  function option(select, value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }

  indicators.forEach(function (ind, i) { option(indicatorSelect, String(i), ind.code + " · " + ind.name); });

  function chartSeries(ind) {
    // The province (or, failing that, the first few regions) over time.
    var codes = Object.keys(ind.regions).sort();
    var top = codes.filter(function (c) { return c.length <= 2; });
    if (!top.length) top = codes.slice(0, 5);
    return top.map(function (code) {
      var r = ind.regions[code];
      return {
        name: r.name, type: ind.periods.length > 1 ? "line" : "bar",
        data: ind.periods.map(function (p) { return r.values[p] === undefined ? null : r.values[p]; })
      };
    });
  }

  function draw() {
    var ind = indicators[Number(indicatorSelect.value) || 0];
    var period = periodSelect.value;
    if (chart) {
      chart.setOption({
        tooltip: { trigger: "axis" },
        legend: { type: "scroll", bottom: 0 },
        grid: { left: 8, right: 16, top: 28, bottom: 48, containLabel: true },
        xAxis: { type: "category", data: ind.periods },
        yAxis: { type: "value", name: ind.unit || "" },
        series: chartSeries(ind)
      }, true);
    }
    var values = {};
    var any = false;
    Object.keys(ind.regions).forEach(function (code) {
      if (tileCodes[code] && ind.regions[code].values[period] !== undefined) {
        values[code] = ind.regions[code].values[period];
        any = true;
      }
    });
    mapEl.hidden = !any;
    if (any && window.SimpulTileGrid) {
      window.SimpulTileGrid.render(mapEl, {
        tiles: data.tiles, values: values, unit: ind.unit, title: ind.name + " " + period,
        onSelect: function (code) { window.location.href = "/satu-data/katalog/wilayah/" + code + "/"; }
      });
    }
  }

  function fillPeriods() {
    var ind = indicators[Number(indicatorSelect.value) || 0];
    periodSelect.textContent = "";
    ind.periods.slice().reverse().forEach(function (p) { option(periodSelect, p, p); });
    draw();
  }

  indicatorSelect.addEventListener("change", fillPeriods);
  periodSelect.addEventListener("change", draw);
  window.addEventListener("resize", function () { if (chart) chart.resize(); });
  fillPeriods();
})();
