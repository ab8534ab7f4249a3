// Cross-link previews: hovering, focusing or tapping a link to a resolution, a mission, an
// official or a UN document shows what it leads to (title, kind, date, one line) without leaving
// the page. The facts come from the small files the build writes under previews/ (the entry for a
// link is in file fnv1a(key) % 16, where the key is the link's site path, or its URL when it
// leads out of the site). Escape dismisses; on touch, a first tap shows and a second follows.
(function () {
  "use strict";
  var SHARDS = 16;
  var base = document.documentElement.getAttribute("data-base") || "/";
  var shards = {};
  var tip = null;
  var current = null;
  var showTimer = 0;
  var hideTimer = 0;
  var lastPointer = "mouse";

  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text);
    var hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
  }

  function keyOf(link) {
    var href = link.getAttribute("href") || "";
    if (href.indexOf(base) === 0 && href.indexOf("//") !== 0) return "/" + href.slice(base.length);
    return href;
  }

  function load(key) {
    var n = fnv1a(key) % SHARDS;
    if (!shards[n]) {
      shards[n] = fetch(base + "previews/" + n + ".json")
        .then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; });
    }
    return shards[n].then(function (all) { return all[key] || null; });
  }

  function element(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function ensureTip() {
    if (tip) return tip;
    tip = element("div", "preview");
    tip.id = "link_preview";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    tip.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
    tip.addEventListener("pointerleave", function () { hideSoon(); });
    document.body.appendChild(tip);
    return tip;
  }

  function fill(link, entry) {
    var box = ensureTip();
    box.textContent = "";
    var kind = entry ? entry.k : "";
    if (!kind) {
      var span = link.querySelector(".entity");
      kind = span ? span.className.replace(/.*entity-(\w+).*/, "$1") : "";
      kind = kind.charAt(0).toUpperCase() + kind.slice(1);
    }
    box.appendChild(element("p", "preview-kind", kind));
    box.appendChild(element("p", "preview-title", entry ? entry.t : link.getAttribute("data-title") || link.textContent));
    if (entry && entry.l) box.appendChild(element("p", "preview-line", entry.l));
    if (entry && entry.d) box.appendChild(element("p", "preview-date", entry.d));
    if (entry && entry.n) {
      box.appendChild(element("p", "preview-count", "Mentioned in " + entry.n + (entry.n === 1 ? " page" : " pages") + " of the handbook"));
    }
  }

  function place(link) {
    var box = ensureTip();
    var r = link.getBoundingClientRect();
    var width = Math.min(352, document.documentElement.clientWidth - 16);
    box.style.width = width + "px";
    var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8));
    var top = r.bottom + 6;
    var height = box.offsetHeight;
    if (top + height > window.innerHeight && r.top - height - 6 > 0) top = r.top - height - 6;
    box.style.left = left + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }

  function show(link) {
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    if (current && current !== link) hide();
    current = link;
    load(keyOf(link)).then(function (entry) {
      if (current !== link) return;
      fill(link, entry);
      tip.hidden = false;
      place(link);
      link.setAttribute("aria-describedby", tip.id);
    });
  }

  function hide() {
    clearTimeout(showTimer);
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    if (tip) tip.hidden = true;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  }

  function init() {
    var links = document.querySelectorAll("main a > .entity");
    for (var i = 0; i < links.length; i++) {
      var link = links[i].parentElement;
      // The native tooltip would cover the preview; the title stays as the fallback text.
      if (link.title) {
        link.setAttribute("data-title", link.title);
        link.removeAttribute("title");
      }
      link.addEventListener("focus", function (e) { show(e.currentTarget); });
      link.addEventListener("blur", function () { hideSoon(); });
      link.addEventListener("pointerenter", function (e) {
        if (e.pointerType !== "mouse") return;
        var target = e.currentTarget;
        clearTimeout(showTimer);
        showTimer = setTimeout(function () { show(target); }, 250);
      });
      link.addEventListener("pointerleave", function (e) {
        if (e.pointerType === "mouse") hideSoon();
      });
      link.addEventListener("pointerdown", function (e) { lastPointer = e.pointerType; });
      link.addEventListener("click", function (e) {
        // On touch there is no hover: the first tap shows the preview, a second follows the link.
        if (lastPointer === "touch" && current !== e.currentTarget) {
          e.preventDefault();
          show(e.currentTarget);
        }
      });
    }
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && current) hide();
    });
    document.addEventListener("pointerdown", function (e) {
      if (current && lastPointer === "touch" && !current.contains(e.target) && !(tip && tip.contains(e.target))) hide();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
