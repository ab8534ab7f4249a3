// Search for the handbook, in the browser: reads the index the build writes under search/
// (src/search.rs documents its files) in chunks, only once the visitor starts searching.
// Words fold as the index folds them: accents off, lowercase, runs of letters and digits; a piece
// with "/" and a digit ("S/PRST/2007/3") is also one word of its letters and digits.
(() => {
  "use strict";
  const root = document.querySelector("[data-search]");
  if (!root) return;
  const base = root.dataset.index;
  const form = root.querySelector("form");
  const input = root.querySelector("input[type=search]");
  const status = root.querySelector("[role=status]");
  const list = root.querySelector(".search-results");
  const more = root.querySelector(".search-more");
  const filters = root.querySelector(".search-filters");
  const selects = [...root.querySelectorAll("select[data-facet]")];
  const PAGE = 20;
  const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

  let entry = null;
  let columns = null;
  const files = new Map();
  let results = [];
  let shown = 0;
  let terms = [];
  let generation = 0;

  const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const WORD = /[\p{L}\p{N}]+/gu;

  function fetchJson(path) {
    const url = base + path + (entry ? "?v=" + entry.version : "");
    if (!files.has(url)) {
      files.set(url, fetch(url, { cache: entry ? "default" : "no-cache" }).then((r) => {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      }));
    }
    return files.get(url);
  }

  async function open() {
    if (entry) return;
    entry = await fetchJson("index.json");
    columns = await fetchJson("docs.json");
    for (const select of selects) {
      for (const [value] of entry.facets[select.dataset.facet] || []) {
        if (value === "") continue;
        const option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        select.append(option);
      }
    }
    const wanted = new URLSearchParams(location.search);
    for (const select of selects) select.value = wanted.get(select.name) || "";
    filters.hidden = false;
  }

  // The query's words: [{ text, prefix }]. The last word is also a prefix (the visitor may still
  // be typing it); so is any of three letters or more.
  function parse(query) {
    const words = [];
    for (const piece of query.trim().split(/\s+/)) {
      const folded = fold(piece);
      const parts = folded.match(WORD) || [];
      if (piece.includes("/") && /\p{N}/u.test(folded) && parts.length > 1) {
        words.push(parts.join(""));
      } else {
        words.push(...parts);
      }
    }
    return words.map((text, i) => ({ text, prefix: i === words.length - 1 || text.length >= 3 }));
  }

  // Last index i with sorted[i] <= key (0 when none is).
  function floor(sorted, key, less) {
    let lo = 0, hi = sorted.length - 1, found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (!less(key, sorted[mid])) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  // The stems a word stands for: Map stem id → weight (1 for the word itself, less for longer
  // words it begins).
  async function stemsOf(word) {
    const stems = new Map();
    let chunk = floor(entry.words, word.text, (a, b) => a < b);
    for (; chunk < entry.words.length; chunk++) {
      if (chunk > 0 && entry.words[chunk] > word.text && !(word.prefix && entry.words[chunk].startsWith(word.text))) break;
      const rows = await fetchJson("w/" + chunk + ".json");
      let prefixes = 0;
      for (const [text, ids] of rows) {
        let weight = 0;
        if (text === word.text) weight = 1;
        else if (word.prefix && text.startsWith(word.text) && prefixes++ < 200) weight = 0.6;
        for (const id of ids) if (weight > (stems.get(id) || 0)) stems.set(id, weight);
      }
      const last = rows.length ? rows[rows.length - 1][0] : "";
      if (!(word.prefix && last.startsWith(word.text))) break;
    }
    return stems;
  }

  // Pages with a stem: Map page → score.
  async function postings(id) {
    const chunk = floor(entry.postings, id, (a, b) => a < b);
    const rows = await fetchJson("p/" + chunk + ".json");
    const row = rows[id - entry.postings[chunk]] || [];
    const pages = new Map();
    let page = 0;
    for (let k = 0; k < row.length; k += 2) {
      page += row[k];
      pages.set(page, row[k + 1]);
    }
    return pages;
  }

  async function find(query) {
    const words = parse(query);
    if (!words.length) return { words, pages: [] };
    let scores = null;
    for (const word of words) {
      const found = new Map();
      for (const [id, weight] of await stemsOf(word)) {
        for (const [page, score] of await postings(id)) {
          const s = score * weight;
          if (s > (found.get(page) || 0)) found.set(page, s);
        }
      }
      // Every word must match.
      if (scores === null) scores = found;
      else {
        const both = new Map();
        for (const [page, s] of scores) if (found.has(page)) both.set(page, s + found.get(page));
        scores = both;
      }
      if (!scores.size) break;
    }
    const pages = [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([page]) => page);
    return { words, pages };
  }

  function facetValue(facet, page) {
    const c = columns[facet][page];
    const i = DIGITS.indexOf(c);
    const values = entry.facets[facet];
    return values[i >= 0 ? i : c.charCodeAt(0) - 0xc0][0];
  }

  function narrowed(pages) {
    const chosen = selects.filter((s) => s.value);
    return pages.filter((p) => chosen.every((s) => facetValue(s.dataset.facet, p) === s.value));
  }

  async function meta(page) {
    const rows = await fetchJson("m/" + Math.floor(page / entry.meta_chunk) + ".json");
    const [url, title, kind, date, description] = rows[page % entry.meta_chunk];
    return { url, title, kind, date, description };
  }

  // The text around the first place a query word starts, with every word that matches marked.
  function excerpt(text, words) {
    const folded = [];
    const at = [];
    for (let i = 0; i < text.length;) {
      const ch = String.fromCodePoint(text.codePointAt(i));
      for (const f of fold(ch)) { folded.push(f); at.push(i); }
      i += ch.length;
    }
    const flat = folded.join("");
    const starts = [];
    for (const w of words) {
      const re = new RegExp("(^|[^\\p{L}\\p{N}])(" + w.text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")" + (w.prefix ? "" : "(?![\\p{L}\\p{N}])"), "gu");
      for (const m of flat.matchAll(re)) {
        const s = m.index + m[1].length;
        let e = s + m[2].length;
        while (e < flat.length && /[\p{L}\p{N}]/u.test(flat[e])) e++;
        starts.push([at[s], e < at.length ? at[e] : text.length]);
      }
    }
    starts.sort((a, b) => a[0] - b[0]);
    const fragment = document.createDocumentFragment();
    if (!starts.length) return null;
    let from = Math.max(0, starts[0][0] - 80);
    let to = Math.min(text.length, starts[0][0] + 200);
    if (from > 0) from = text.indexOf(" ", from) + 1 || from;
    if (to < text.length) to = text.lastIndexOf(" ", to) > from ? text.lastIndexOf(" ", to) : to;
    let cursor = from;
    if (from > 0) fragment.append("… ");
    for (const [s, e] of starts) {
      if (s < cursor || e > to) continue;
      fragment.append(text.slice(cursor, s));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(s, e);
      fragment.append(mark);
      cursor = e;
    }
    fragment.append(text.slice(cursor, to));
    if (to < text.length) fragment.append(" …");
    return fragment;
  }

  async function fillExcerpt(p, url, words, mine) {
    try {
      const html = await (await fetch(url)).text();
      if (mine !== generation) return;
      const doc = new DOMParser().parseFromString(html, "text/html");
      const body = doc.querySelector("main .content") || doc.querySelector("main");
      const text = (body ? body.textContent : "").replace(/\s+/g, " ").trim();
      const marked = excerpt(text, words);
      if (marked) p.replaceChildren(marked);
    } catch (_) {
      // The line from the index stays.
    }
  }

  // Runs `then` once `element` is on screen (or nearly): a result's page is fetched for its
  // excerpt only if the visitor gets to see it.
  const watched = new Map();
  const observer = "IntersectionObserver" in window
    ? new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (!e.isIntersecting || !watched.has(e.target)) continue;
        const then = watched.get(e.target);
        watched.delete(e.target);
        observer.unobserve(e.target);
        then();
      }
    }, { rootMargin: "200px" })
    : null;
  function whenSeen(element, then) {
    if (!observer) return then();
    watched.set(element, then);
    observer.observe(element);
  }

  async function showMore(mine) {
    const next = results.slice(shown, shown + PAGE);
    shown += next.length;
    for (const page of next) {
      const m = await meta(page);
      if (mine !== generation) return;
      const li = document.createElement("li");
      const h = document.createElement("h2");
      const a = document.createElement("a");
      a.href = m.url;
      a.textContent = m.title;
      h.append(a);
      const facts = document.createElement("p");
      facts.className = "result-meta";
      facts.textContent = [m.kind, m.date].filter(Boolean).join(" · ");
      const p = document.createElement("p");
      p.className = "excerpt";
      p.replaceChildren(excerpt(m.description, terms) || m.description);
      li.append(h, facts, p);
      list.append(li);
      // A document's excerpt comes from its page (then in the browser's cache when opened);
      // the pages of resolutions, officials and missions list every mention, so can be large:
      // their line from the index is shown instead.
      if (facetValue("type", page) === "Document") whenSeen(li, () => fillExcerpt(p, m.url, terms, mine));
    }
    more.hidden = shown >= results.length;
  }

  function updateUrl(query) {
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    for (const s of selects) if (s.value) params.set(s.name, s.value);
    const search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
  }

  function counts(pages) {
    for (const select of selects) {
      const facet = select.dataset.facet;
      const others = selects.filter((s) => s !== select && s.value);
      const n = new Map();
      for (const p of pages) {
        if (others.every((s) => facetValue(s.dataset.facet, p) === s.value)) {
          const v = facetValue(facet, p);
          n.set(v, (n.get(v) || 0) + 1);
        }
      }
      for (const option of select.options) {
        if (option.value) option.textContent = option.value + " (" + (n.get(option.value) || 0) + ")";
      }
    }
  }

  async function run() {
    const mine = ++generation;
    const query = input.value;
    updateUrl(query.trim());
    if (!query.trim()) {
      list.replaceChildren();
      status.textContent = "";
      more.hidden = true;
      return;
    }
    status.textContent = "Searching…";
    try {
      await open();
      const found = await find(query);
      if (mine !== generation) return;
      counts(found.pages);
      results = narrowed(found.pages);
      terms = found.words;
      shown = 0;
      if (observer) { observer.disconnect(); watched.clear(); }
      list.replaceChildren();
      const shownQuery = "“" + query.trim() + "”";
      if (!results.length) {
        status.textContent = found.pages.length
          ? "No page matches " + shownQuery + " with these filters (" + found.pages.length + " without them)."
          : "No page matches " + shownQuery + ". Check the spelling, or try fewer or shorter words.";
        more.hidden = true;
        return;
      }
      status.textContent = (results.length === 1 ? "1 page matches " : results.length + " pages match ") + shownQuery + ".";
      await showMore(mine);
    } catch (e) {
      if (mine === generation) status.textContent = "Search is unavailable: " + e.message;
    }
  }

  let timer = 0;
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 120); });
  input.addEventListener("focus", () => { open().catch(() => {}); }, { once: true });
  form.addEventListener("submit", (e) => { e.preventDefault(); clearTimeout(timer); run(); });
  for (const s of selects) s.addEventListener("change", run);
  more.addEventListener("click", () => showMore(generation));

  // ↓ from the box goes to the results, ↑ and ↓ move between them, ↑ from the first goes back.
  root.addEventListener("keydown", (e) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const links = [...list.querySelectorAll("a")];
    if (!links.length) return;
    const i = links.indexOf(document.activeElement);
    if (document.activeElement === input && e.key === "ArrowDown") links[0].focus();
    else if (i >= 0 && e.key === "ArrowDown" && i + 1 < links.length) links[i + 1].focus();
    else if (i > 0 && e.key === "ArrowUp") links[i - 1].focus();
    else if (i === 0 && e.key === "ArrowUp") input.focus();
    else return;
    e.preventDefault();
  });

  const q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; run(); }
})();
