// "Copy link to this section" buttons (rendered into each heading by hooks/kb/page_html.py): one
// copies the full URL with the section's ASCII id, the other a ready Markdown link. A polite live
// region announces the result. One delegated listener: nothing is added to the page until a click.
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

  document.addEventListener("click", function (event) {
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
