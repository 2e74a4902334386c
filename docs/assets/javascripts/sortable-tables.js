// Sortable comparison tables (tables generated from data/ carry data-kb-sortable). Each data column's
// header holds a button (hooks/templates/table.html), so Tab + Enter/Space work, and aria-sort tells
// screen readers the current order. One delegated listener; nothing runs until a header is pressed.
(function () {
  var collator;  // built on the first sort: an ICU collator costs tens of milliseconds on a phone

  function compareText(x, y) {
    collator = collator || new Intl.Collator(document.documentElement.lang || undefined, { numeric: true, sensitivity: "base" });
    return collator.compare(x, y);
  }

  function cellValue(row, index) {
    var cell = row.cells[index];
    return cell ? (cell.getAttribute("data-kb-sort") || cell.textContent.trim()) : "";
  }

  function sortBy(table, index, numeric, direction) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var order = numeric && !isNaN(parseFloat(x)) && !isNaN(parseFloat(y))
        ? parseFloat(x) - parseFloat(y)
        : compareText(x, y);
      return direction === "ascending" ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("table[data-kb-sortable] th[aria-sort] > button");
    if (!button) return;
    var th = button.parentElement, table = th.closest("table");
    var direction = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    table.querySelectorAll("th[aria-sort]").forEach(function (other) { other.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", direction);
    sortBy(table, th.cellIndex, th.hasAttribute("data-kb-numeric"), direction);
  });
})();
