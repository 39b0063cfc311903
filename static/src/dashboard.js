// The leader's dashboard: reads /pantau/data/... JSON and draws the tile map, ranking, trend, SPBE,
// completeness and follow-ups. The same script drives the big-screen mode (rotating panels, auto-refresh).
(function () {
  "use strict";
  const root = document.getElementById("dash");
  const cfg = document.getElementById("dash-config");
  if (!root || !cfg) return;
  const C = cfg.dataset;
  const big = root.dataset.mode === "big";
  const number = new Intl.NumberFormat(document.documentElement.lang || "id", { maximumFractionDigits: 2 });
  const fmt = (v) => (v === null || v === undefined ? "–" : number.format(v));
  const charts = {};
  const state = { indicator: "", period: "", region: "", indicators: [] };
  const sel = { indicator: document.getElementById("dash-indicator"), period: document.getElementById("dash-period") };

  const bind = (key, text) => root.querySelectorAll('[data-bind="' + key + '"]').forEach((el) => (el.textContent = text));
  const empty = (key, show) => root.querySelectorAll('[data-empty="' + key + '"]').forEach((el) => (el.hidden = !show));

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) throw new Error(url + " " + response.status);
    return response.json();
  }

  function withQuery(url, params) {
    const u = new URL(url, window.location.origin);
    for (const [k, v] of Object.entries(params)) if (v) u.searchParams.set(k, v);
    return u.pathname + u.search;
  }

  function chart(id) {
    const el = document.getElementById(id);
    if (!el || !window.echarts) return null;
    if (!charts[id]) charts[id] = window.echarts.init(el, null, { renderer: "canvas" });
    return charts[id];
  }

  function draw(id, option) {
    const c = chart(id);
    if (!c) return Promise.resolve();
    return new Promise((resolve) => {
      let done = false;
      const finish = () => {
        if (!done) {
          done = true;
          document.getElementById(id).dataset.drawn = "true";
          resolve();
        }
      };
      c.off("finished");
      c.on("finished", finish);
      c.setOption(option, true);
      window.setTimeout(finish, 1500);
    });
  }

  const fontSize = big ? 22 : 12;
  const ink = big ? "#e5e7eb" : "#1d2733";
  const textStyle = { fontSize: fontSize, color: ink };
  const axisLabel = { fontSize: fontSize, color: ink, hideOverlap: true };

  // --- indicator map, ranking, comparison, trend --------------------------------------------------

  async function loadMap() {
    const data = await getJSON(withQuery(C.urlMap, { indikator: state.indicator, periode: state.period }));
    state.period = data.period;
    sel.period.replaceChildren(...data.periods.map((p) => new Option(p, p, false, p === data.period)));
    const unit = data.indicator.unit ? " (" + data.indicator.unit + ")" : "";
    bind("map-title", data.indicator.name + unit + " · " + (data.period || C.tNoData));
    const mapEl = document.getElementById("dash-map");
    window.SimpulTileMap.render(mapEl, data.tiles, {
      min: data.min, max: data.max, format: fmt, selected: state.region, provisionalText: C.tProvisional,
      href: big ? null : (t) => C.urlRegion.replace("KODE", t.code),
    });
    mapEl.dataset.drawn = "true";
    window.SimpulTileMap.legend(document.getElementById("dash-map-legend"), data.min, data.max, fmt);
    bind("province-value", fmt(data.province.value));
    const t = data.province.target || {};
    bind("target-rpjmd", fmt(t.rpjmd));
    bind("target-rkpd", fmt(t.rkpd));
    bind("missing", String(data.missing.length));
    bind("provisional", String(data.provisional.length));
    if (!state.region && data.ranking.length) state.region = data.ranking[0].code;
    const rank = data.ranking.slice().reverse();
    const lines = [];
    if (data.province.value !== null) lines.push({ name: C.provinceName, xAxis: data.province.value, label: { formatter: C.provinceName, position: "start", color: ink } });
    if (t.rpjmd !== undefined) lines.push({ name: "RPJMD", xAxis: t.rpjmd, label: { formatter: "RPJMD", position: "end", color: "#c2410c" }, lineStyle: { color: "#c2410c" } });
    const ranking = draw("dash-ranking", {
      animationDuration: 300,
      textStyle: textStyle,
      grid: { left: 8, right: 48, top: 24, bottom: 24, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", axisLabel: axisLabel, splitNumber: 4 },
      yAxis: { type: "category", data: rank.map((r) => r.name.replace(/^Kabupaten /, "")), axisLabel: axisLabel },
      series: [{
        type: "bar", name: data.indicator.name, data: rank.map((r) => ({ value: r.value, code: r.code })),
        itemStyle: { color: "#3182bd" }, label: { show: true, position: "right", fontSize: fontSize, color: ink, formatter: (p) => fmt(p.value) },
        markLine: lines.length ? { symbol: "none", data: lines, lineStyle: { type: "dashed", color: "#444" } } : undefined,
      }],
    });
    const c = chart("dash-ranking");
    if (c) {
      c.off("click");
      c.on("click", (p) => {
        if (p.data && p.data.code) {
          state.region = p.data.code;
          loadTrend();
        }
      });
    }
    return Promise.all([ranking, loadTrend()]);
  }

  async function loadTrend() {
    const data = await getJSON(withQuery(C.urlTrend, { indikator: state.indicator, wilayah: state.region }));
    const names = data.series.map((s) => s.name);
    bind("trend-title", names.join(" · "));
    const series = data.series.map((s, i) => ({
      type: "line", name: s.name, data: s.values, connectNulls: false, symbolSize: big ? 10 : 6,
      lineStyle: { width: big ? 4 : 2 }, itemStyle: { color: i === 0 ? "#08519c" : "#f59e0b" },
    }));
    for (const tr of data.targets) {
      const who = data.series.find((s) => s.code === tr.code);
      series.push({
        type: "line", name: "Target " + tr.source.toUpperCase() + (who && tr.code !== C.province ? " " + who.name : ""),
        data: tr.values, lineStyle: { type: "dashed" }, symbol: "none", connectNulls: true,
        itemStyle: { color: tr.source === "rpjmd" ? "#c2410c" : "#16a34a" },
      });
    }
    return draw("dash-trend", {
      animationDuration: 300,
      textStyle: textStyle,
      legend: { top: 0, textStyle: textStyle, type: "scroll" },
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 16, top: big ? 48 : 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.periods, axisLabel: axisLabel },
      yAxis: { type: "value", scale: true, axisLabel: axisLabel },
      series: series,
    });
  }

  // --- SPBE, completeness, follow-ups -----------------------------------------------------------

  function cell(text, cls, href) {
    const td = document.createElement("td");
    if (cls) td.className = cls;
    if (href) {
      const a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      td.append(a);
    } else {
      td.textContent = text;
    }
    return td;
  }

  function fillTable(id, rows, make) {
    const body = document.querySelector("#" + id + " tbody");
    body.replaceChildren(...rows.map((r) => {
      const tr = document.createElement("tr");
      tr.append(...make(r));
      return tr;
    }));
    const table = document.getElementById(id);
    table.dataset.drawn = "true";
    table.hidden = rows.length === 0;
  }

  const orgUrl = (slug) => (big ? null : C.urlOrganization.replace("SLUG", slug));

  async function loadSpbe() {
    const data = await getJSON(C.urlSpbe);
    const mapEl = document.getElementById("dash-spbe-map");
    window.SimpulTileMap.render(mapEl, data.tiles, { min: data.min, max: data.max, format: (v) => number.format(v) });
    mapEl.dataset.drawn = "true";
    fillTable("dash-spbe-table", data.results, (r) => [
      cell(r.instansi, "", orgUrl(r.slug)), cell(String(r.year)), cell(fmt(r.index), "num"), cell(r.predicate),
    ]);
    empty("spbe", data.results.length === 0);
  }

  async function loadCompleteness() {
    const data = await getJSON(C.urlCompleteness);
    const rows = data.available ? data.producers : [];
    fillTable("dash-completeness-table", rows, (r) => [
      cell(r.organization.name, "", orgUrl(r.organization.slug)), cell(String(r.items), "num"),
      cell(String(r.delivered), "num"), cell(String(r.late), "num"), cell(String(r.missing), "num"),
      cell(String(r.open_conflicts), "num"), cell(fmt(r.median_hours_to_publication), "num"),
    ]);
    empty("completeness", rows.length === 0);
  }

  async function loadFollowups() {
    const data = await getJSON(C.urlFollowups);
    bind("fu-open", String(data.counters.open));
    bind("fu-overdue", String(data.counters.overdue));
    fillTable("dash-followups-table", data.organizations, (r) => [
      cell(r.organization, "", null), cell(String(r.open), "num"),
      cell(String(r.overdue), "num" + (r.overdue ? " is-bad" : "")), cell(String(r.done), "num"),
    ]);
    empty("followups", data.organizations.length === 0);
  }

  // --- start, refresh, rotate -------------------------------------------------------------------

  async function loadIndicators() {
    const data = await getJSON(C.urlIndicators);
    state.indicators = data.indicators;
    const wanted = new URLSearchParams(window.location.search).get("indikator");
    if (!state.indicator) {
      state.indicator = (data.indicators.find((i) => i.code === wanted) || data.indicators[0] || {}).code || "";
    }
    sel.indicator.replaceChildren(...data.indicators.map((i) => new Option(i.name, i.code, false, i.code === state.indicator)));
    empty("indicators", data.indicators.length === 0);
    return state.indicator ? loadMap() : null;
  }

  async function loadAll() {
    const parts = [loadIndicators(), loadSpbe(), loadCompleteness(), loadFollowups()];
    const results = await Promise.allSettled(parts);
    for (const r of results) if (r.status === "rejected") console.error(r.reason);
    bind("updated", C.tUpdated + " " + new Date().toLocaleTimeString(document.documentElement.lang || "id"));
    if (!root.dataset.ready) {
      root.dataset.readyMs = String(Math.round(performance.now())); // since navigation start
      root.dataset.ready = "true";
    }
  }

  sel.indicator.addEventListener("change", () => {
    state.indicator = sel.indicator.value;
    state.period = "";
    state.region = "";
    loadMap();
  });
  sel.period.addEventListener("change", () => {
    state.period = sel.period.value;
    loadMap();
  });
  window.addEventListener("resize", () => Object.values(charts).forEach((c) => c.resize()));

  if (big) {
    const pages = [["map", "compare", "ranking", "trend"], ["spbe", "completeness", "followups"]];
    let page = 0;
    const show = () => {
      root.dataset.page = String(page);
      root.querySelectorAll("[data-panel]").forEach((p) => p.classList.toggle("is-shown", pages[page].includes(p.dataset.panel)));
      Object.values(charts).forEach((c) => c.resize());
    };
    show();
    const rotate = Number(root.dataset.rotateSeconds || 20) * 1000;
    window.setInterval(() => {
      page = (page + 1) % pages.length;
      if (page === 0 && state.indicators.length > 1) {
        const i = state.indicators.findIndex((x) => x.code === state.indicator);
        state.indicator = state.indicators[(i + 1) % state.indicators.length].code;
        state.period = "";
        state.region = "";
        loadMap();
      }
      show();
    }, rotate);
    window.setInterval(loadAll, Number(root.dataset.refreshSeconds || 300) * 1000);
    const fs = document.getElementById("dash-fullscreen");
    if (fs) fs.addEventListener("click", () => document.documentElement.requestFullscreen && document.documentElement.requestFullscreen());
  }

  loadAll();
})();
