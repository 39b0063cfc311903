// Tile-grid map: one square per kab/kota at a fixed [column, row], coloured by value. No boundary files.
(function () {
  "use strict";
  // Sequential blue scale (colour-blind safe), light = low, dark = high.
  const SCALE = ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];

  function colour(value, min, max) {
    if (value === null || value === undefined) return null;
    if (max === min) return SCALE[3];
    const t = (value - min) / (max - min);
    return SCALE[Math.min(SCALE.length - 1, Math.floor(t * SCALE.length))];
  }

  function shortName(name) {
    return name.replace(/^Kabupaten /, "").replace(/^Kota /, "Kota ");
  }

  function render(container, tiles, opts) {
    const fmt = opts.format || String;
    const cols = Math.max(0, ...tiles.map((t) => t.col)) + 1;
    container.replaceChildren();
    container.style.setProperty("--cols", cols);
    for (const tile of tiles) {
      const el = document.createElement(opts.href ? "a" : "div");
      el.className = "dash-tile";
      el.setAttribute("role", "listitem");
      el.dataset.code = tile.code;
      el.style.gridColumn = tile.col + 1;
      el.style.gridRow = tile.row + 1;
      if (opts.href) el.href = opts.href(tile);
      const fill = colour(tile.value, opts.min, opts.max);
      if (fill) {
        el.style.background = fill;
        const dark = SCALE.indexOf(fill) >= 3;
        el.classList.toggle("is-dark", dark);
      } else {
        el.classList.add("is-empty");
      }
      if (opts.selected === tile.code) el.classList.add("is-selected");
      const provisional = tile.published === false && tile.value !== null && tile.value !== undefined;
      if (provisional) el.classList.add("is-provisional");
      const name = document.createElement("span");
      name.className = "dash-tile-name";
      name.textContent = shortName(tile.name);
      const value = document.createElement("span");
      value.className = "dash-tile-value";
      value.textContent = tile.value === null || tile.value === undefined ? "–" : fmt(tile.value);
      el.append(name, value);
      if (tile.label) {
        const label = document.createElement("span");
        label.className = "dash-tile-label";
        label.textContent = tile.label;
        el.append(label);
      }
      el.title = tile.name + ": " + value.textContent + (tile.label ? " (" + tile.label + ")" : "") +
        (provisional && opts.provisionalText ? " · " + opts.provisionalText : "");
      container.append(el);
    }
  }

  function legend(container, min, max, fmt) {
    container.replaceChildren();
    if (min === null || max === null) return;
    const lo = document.createElement("span");
    lo.textContent = fmt(min);
    const bar = document.createElement("span");
    bar.className = "dash-legend-bar";
    for (const c of SCALE) {
      const s = document.createElement("i");
      s.style.background = c;
      bar.append(s);
    }
    const hi = document.createElement("span");
    hi.textContent = fmt(max);
    container.append(lo, bar, hi);
  }

  window.SimpulTileMap = { render, legend, colour };
})();
