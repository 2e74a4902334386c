// The language switcher lands on the same page in the other language (static-i18n links the twin);
// this keeps the reader's #section too, since both languages share heading ids. Capture phase, so
// Material's own alternate-link handler (which expects language roots) never sees the click.
window.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
  if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  event.stopPropagation();
  window.location.href = link.href.split("#")[0] + window.location.hash;
}, true);
