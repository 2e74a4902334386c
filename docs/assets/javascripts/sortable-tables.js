// Sortable comparison tables (tables generated from data/ carry data-kb-sortable).
// Without JavaScript the table is a plain table; with it each header becomes a button
// (so Tab + Enter/Space work) and aria-sort tells screen readers the current order.
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

  function enhance(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var direction = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", direction);
        sortBy(table, index, th.hasAttribute("data-kb-numeric"), direction);
      });
    });
  }

  function init() {
    document.querySelectorAll("table[data-kb-sortable]:not([data-kb-enhanced])").forEach(function (table) {
      table.setAttribute("data-kb-enhanced", "");
      enhance(table);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
