// "Copy link to this section" for every heading with a permalink: one button copies the full URL
// with the section's ASCII id, the other a ready Markdown link. Keyboard and screen-reader friendly;
// a polite live region announces the result.
(function () {
  var zh = (document.documentElement.lang || "").indexOf("zh") === 0;
  var text = zh
    ? { link: "複製這一節的連結", markdown: "複製 Markdown 連結", copied: "已複製連結：", copiedMd: "已複製 Markdown 連結：", failed: "無法複製，請手動複製網址列。" }
    : { link: "Copy link to this section", markdown: "Copy Markdown link", copied: "Link copied: ", copiedMd: "Markdown link copied: ", failed: "Could not copy; copy the address bar instead." };

  var status = document.createElement("div");
  status.className = "kb-copy-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  document.body.appendChild(status);
  var timer;

  function announce(message) {
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

  function button(label, icon, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "kb-section-links__button";
    b.setAttribute("aria-label", label);
    b.title = label;
    b.innerHTML = icon;
    b.addEventListener("click", onClick);
    return b;
  }

  var linkIcon = '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path fill="currentColor" d="M10.6 13.4a1 1 0 0 1 0-1.4l3.5-3.5a1 1 0 1 1 1.4 1.4L12 13.4a1 1 0 0 1-1.4 0ZM7 17a3 3 0 0 1-2.1-5.1l2.8-2.8 1.4 1.4-2.8 2.8a1 1 0 0 0 1.4 1.4l2.8-2.8 1.4 1.4L9.1 16A3 3 0 0 1 7 17Zm8.3-2.7-1.4-1.4 2.8-2.8a1 1 0 0 0-1.4-1.4l-2.8 2.8-1.4-1.4 2.8-2.8a3 3 0 0 1 4.2 4.2Z"/></svg>';
  var mdIcon = '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path fill="currentColor" d="M3 6h18a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1Zm2 9h2v-3.5l1.5 2 1.5-2V15h2V9h-2l-1.5 2L7 9H5v6Zm11 0 3-3.2h-2V9h-2v2.8h-2L16 15Z"/></svg>';

  var pageTitle = (document.querySelector("article h1") || {}).textContent || document.title;
  var siteName = (document.querySelector('meta[property="og:site_name"]') || {}).content || "";

  document.querySelectorAll("article h2[id], article h3[id], article h4[id], article h5[id], article h6[id]").forEach(function (heading) {
    if (!heading.querySelector(".headerlink")) return;
    var id = heading.id;
    var wrap = document.createElement("span");
    wrap.className = "kb-section-links";
    wrap.appendChild(button(text.link, linkIcon, function () {
      var url = sectionUrl(id);
      copy(url).then(function () { announce(text.copied + url); }, function () { announce(text.failed); });
    }));
    wrap.appendChild(button(text.markdown, mdIcon, function () {
      var url = sectionUrl(id);
      var title = pageTitle.trim() + " › " + headingText(heading) + (siteName ? " — " + siteName : "");
      var markdown = "[" + title.replace(/([\[\]])/g, "\\$1") + "](" + url + ")";
      copy(markdown).then(function () { announce(text.copiedMd + markdown); }, function () { announce(text.failed); });
    }));
    heading.appendChild(wrap);
  });
})();
