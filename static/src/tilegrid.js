/* Tile-grid map of kabupaten/kota: one square per region at a fixed grid position, coloured by value.
 *
 *   SimpulTileGrid.render(container, {
 *     tiles:  [{code: "18.01", short: "Lampung Selatan", col: 4, row: 3}, ...],  // grid positions
 *     values: {"18.01": 1064301, ...},   // value per region code; missing = grey "no data"
 *     unit:   "jiwa",                    // shown in each tile's tooltip/label (optional)
 *     title:  "Jumlah penduduk 2023",    // accessible name of the map (optional)
 *     onSelect: function (code) {}       // called on click/Enter on a tile (optional)
 *   });
 *
 * No boundary files, no library: plain DOM (a CSS grid of buttons), so it works offline, on phones and with
 * a screen reader. Colours: a 5-step sequential scale between the min and max of the given values.
 * Positions for Lampung: simpul/catalog/data/tilegrid_lampung.json (docs/portal.md).
 */
(function () {
  "use strict";
  var COLOURS = ["#e6f4f1", "#b3ded5", "#74c1b1", "#37a08c", "#11735f"];

  function format(value) {
    if (value === null || value === undefined || isNaN(value)) return "–";
    return Number(value).toLocaleString(document.documentElement.lang || "id");
  }

  function colour(value, min, max) {
    if (value === null || value === undefined || isNaN(value)) return null;
    if (max <= min) return COLOURS[COLOURS.length - 1];
    var step = Math.min(COLOURS.length - 1, Math.floor(((value - min) / (max - min)) * COLOURS.length));
    return COLOURS[step];
  }

  function render(container, options) {
    var tiles = options.tiles || [];
    var values = options.values || {};
    var cols = 0, rows = 0;
    tiles.forEach(function (t) { cols = Math.max(cols, t.col + 1); rows = Math.max(rows, t.row + 1); });
    var nums = Object.keys(values).map(function (k) { return values[k]; })
      .filter(function (v) { return v !== null && !isNaN(v); });
    var min = nums.length ? Math.min.apply(null, nums) : 0;
    var max = nums.length ? Math.max.apply(null, nums) : 0;

    container.textContent = "";
    container.classList.add("tilegrid");
    container.setAttribute("role", "group");
    if (options.title) container.setAttribute("aria-label", options.title);
    container.style.gridTemplateColumns = "repeat(" + cols + ", minmax(0, 1fr))";
    container.style.gridTemplateRows = "repeat(" + rows + ", auto)";
    tiles.forEach(function (t) {
      var value = values[t.code];
      var tile = document.createElement("button");
      tile.type = "button";
      tile.className = "tilegrid-tile";
      tile.dataset.code = t.code;
      tile.style.gridColumn = String(t.col + 1);
      tile.style.gridRow = String(t.row + 1);
      var fill = colour(value, min, max);
      if (fill) {
        tile.style.background = fill;
        var idx = COLOURS.indexOf(fill);
        tile.style.color = idx >= 3 ? "#fff" : "#123";
      } else {
        tile.classList.add("tilegrid-empty");
      }
      var name = document.createElement("span");
      name.className = "tilegrid-name";
      name.textContent = t.short || t.name || t.code;
      var val = document.createElement("span");
      val.className = "tilegrid-value";
      val.textContent = format(value);
      tile.appendChild(name);
      tile.appendChild(val);
      tile.title = (t.name || t.short || t.code) + ": " + format(value) + (options.unit ? " " + options.unit : "");
      tile.setAttribute("aria-label", tile.title);
      if (options.onSelect) {
        tile.addEventListener("click", function () { options.onSelect(t.code); });
      }
      container.appendChild(tile);
    });
    return { min: min, max: max };
  }

  window.SimpulTileGrid = { render: render, colours: COLOURS };
})();
