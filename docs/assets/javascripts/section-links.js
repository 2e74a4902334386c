// "Copy link to this section" buttons (rendered into each heading by hooks/kb/page_html.py): one
// copies the full URL with the section's ASCII id, the other a ready Markdown link. "Copy page as
// Markdown" (under the title) copies the page's Markdown twin, index.md next to the page
// (hooks/agent_outputs.py). A polite live region announces the result. One delegated listener:
// nothing is added to the page until a click.
(function () {
  // The page's strings, in its language (hooks/kb/ui.py, written into the page by overrides/main.html).
  var text = JSON.parse(document.getElementById("__kb_ui").textContent);
  var status, timer;

  function announce(message) {
    if (!status) {
      status = document.createElement("div");
      status.className = "kb-copy-status";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      document.body.appendChild(status);
    }
    status.textContent = message;
    status.classList.add("kb-copy-status--visible");
    clearTimeout(timer);
    timer = setTimeout(function () { status.classList.remove("kb-copy-status--visible"); }, 2500);
  }

  function copy(value) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(value);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = value;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      ok ? resolve() : reject(new Error("execCommand copy failed"));
    });
  }

  function headingText(heading) {
    var clone = heading.cloneNode(true);
    clone.querySelectorAll(".headerlink, .kb-section-links").forEach(function (el) { el.remove(); });
    return clone.textContent.trim();
  }

  function sectionUrl(id) {
    var url = new URL(window.location.href);
    url.search = "";
    url.hash = id;
    return url.toString();
  }

  function markdownLink(heading, url) {
    var pageTitle = (document.querySelector("article h1") || {}).textContent || document.title;
    var siteName = (document.querySelector('meta[property="og:site_name"]') || {}).content || "";
    var title = pageTitle.trim() + " › " + headingText(heading) + (siteName ? " — " + siteName : "");
    return "[" + title.replace(/([\[\]])/g, "\\$1") + "](" + url + ")";
  }

  // The clipboard write starts within the click (Safari drops it after an await), with the text
  // still being fetched: ClipboardItem accepts a promise. Elsewhere, fetch first, then copy.
  function copyFetched(url) {
    var text = fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    });
    if (navigator.clipboard && navigator.clipboard.write && window.ClipboardItem && window.isSecureContext) {
      var blob = text.then(function (value) { return new Blob([value], { type: "text/plain" }); });
      return navigator.clipboard.write([new ClipboardItem({ "text/plain": blob })]).then(function () { return text; });
    }
    return text.then(function (value) { return copy(value).then(function () { return value; }); });
  }

  function copyPage(button) {
    var url = new URL(button.getAttribute("data-kb-copy-page"), window.location.href).toString();
    copyFetched(url).then(
      function (value) { announce(text.copied_page_markdown + text.characters.replace("{count}", Array.from(value).length.toLocaleString())); },
      function () { announce(text.copy_page_failed + url); });
  }

  document.addEventListener("click", function (event) {
    var page = event.target.closest && event.target.closest("button[data-kb-copy-page]");
    if (page) return copyPage(page);
    var button = event.target.closest && event.target.closest(".kb-section-links__button[data-kb-copy]");
    var heading = button && button.closest("h2[id], h3[id], h4[id], h5[id], h6[id]");
    if (!heading) return;
    var url = sectionUrl(heading.id);
    var markdown = button.getAttribute("data-kb-copy") === "markdown";
    var value = markdown ? markdownLink(heading, url) : url;
    copy(value).then(function () { announce((markdown ? text.copied_markdown_link : text.copied_link) + value); },
                     function () { announce(text.copy_failed); });
  });
})();
