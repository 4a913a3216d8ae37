// Progressive enhancement only: the site reads fully without this file.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "gongkai-prefs";

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}"); } catch (e) { return {}; }
  }
  function save(prefs) {
    try { localStorage.setItem(KEY, JSON.stringify(prefs)); } catch (e) { /* private mode */ }
  }

  // Reading aids (适老化): larger text and high contrast, kept across pages.
  var prefs = load();
  ["large-text", "high-contrast"].forEach(function (name) {
    if (prefs[name]) root.classList.add(name);
  });

  document.addEventListener("DOMContentLoaded", function () {
    var tools = document.querySelector(".a11y-tools");
    if (tools) {
      tools.hidden = false;
      tools.querySelectorAll("button[data-toggle]").forEach(function (button) {
        var name = button.getAttribute("data-toggle");
        button.setAttribute("aria-pressed", root.classList.contains(name) ? "true" : "false");
        button.addEventListener("click", function () {
          var on = root.classList.toggle(name);
          button.setAttribute("aria-pressed", on ? "true" : "false");
          var p = load(); p[name] = on; save(p);
        });
      });
    }
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    setupFilter();
    setupSearch();
  });

  // The 公开目录 filter on the home page.
  function setupFilter() {
    var box = document.querySelector(".filter");
    if (!box) return;
    box.hidden = false;
    var input = box.querySelector("input");
    var status = document.getElementById("filter-status");
    var items = document.querySelectorAll("[data-filter-item]");
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      var shown = 0;
      items.forEach(function (li) {
        var hit = !q || li.getAttribute("data-filter-text").toLowerCase().indexOf(q) !== -1;
        li.hidden = !hit;
        if (hit) shown += 1;
      });
      document.querySelectorAll("[data-filter-group]").forEach(function (group) {
        group.hidden = !group.querySelector("[data-filter-item]:not([hidden])");
      });
      status.textContent = q ? "找到 " + shown + " 项公开" : "";
    });
  }

  // The sub-result (a part of the page under a heading with an id) whose hits weigh most.
  function bestPart(data) {
    var best = { url: data.url, title: "", excerpt: data.excerpt }, score = -1;
    (data.sub_results || []).forEach(function (sub) {
      var s = 0;
      (sub.weighted_locations || []).forEach(function (w) { s += w.balanced_score || w.weight || 0; });
      if (s > score) { score = s; best = sub; }
    });
    return best;
  }

  var STOPS = "。；！？\n";
  // Where a sentence or a block (Pagefind ends each with ". ") ends just before position i of text.
  function boundary(text, i) {
    return STOPS.indexOf(text.charAt(i - 1)) !== -1 || text.slice(i - 2, i) === ". ";
  }

  // Pagefind's excerpt is a window of words: it may start mid-sentence ("〕23号…", "）法律援助…") or
  // rows before the hit. Start it at the sentence (or table cell) of the first hit, found in the
  // page's text when the window starts later, and highlight the words Pagefind marked.
  function excerpt(html, content) {
    var doc = new DOMParser().parseFromString(html, "text/html").body;
    var words = [];
    doc.querySelectorAll("mark").forEach(function (m) {
      var w = m.textContent.trim();
      if (w && words.indexOf(w) === -1) words.push(w);
    });
    var text = doc.textContent.replace(/\s+/g, " ").trim();
    var at = content.indexOf(text);
    var first = text.length;
    words.forEach(function (w) { var k = text.indexOf(w); if (k !== -1 && k < first) first = k; });
    var cut = -1;
    for (var i = first; i > 0; i--) { if (boundary(text, i)) { cut = i; break; } }
    if (cut > 0) {
      text = text.slice(cut);  // the window holds the sentence's start
    } else if (at > 0) {
      var start = at;  // back in the page's text to the sentence's start, 60 characters at most
      while (start > 0 && at - start < 60 && !boundary(content, start)) start -= 1;
      if (!boundary(content, start) && start > 0) {
        var space = content.indexOf(" ", start);  // too far: start at a word (a cell) instead
        start = space !== -1 && space < at ? space + 1 : at;
      }
      text = content.slice(start, at) + text;
    }
    var end = at === -1 ? -1 : content.indexOf(text.slice(-20)) + 20;
    if (end !== -1 && end < content.length && STOPS.indexOf(text.charAt(text.length - 1)) === -1) text += "…";
    // never a stray closing bracket or separator in front; the ". " Pagefind puts between table cells
    // read as a list separator ("行政运行 1465.47 · 1465.47")
    text = text.replace(/^[\s.、，,；;：:·%）)\]】〕」』”》]+/, "").replace(/\.( |$)/g, function (m, after) {
      return after ? " · " : "";
    }).trim();
    var p = document.createElement("p");
    p.className = "excerpt";
    highlight(p, text, words);
    return p;
  }

  // text into el, each occurrence of one of words wrapped in <mark> (built as nodes: no markup from the index)
  function highlight(el, text, words) {
    var i = 0;
    while (i < text.length) {
      var next = -1, word = "";
      words.forEach(function (w) {
        var k = text.indexOf(w, i);
        if (k !== -1 && (next === -1 || k < next || (k === next && w.length > word.length))) { next = k; word = w; }
      });
      if (next === -1) { el.appendChild(document.createTextNode(text.slice(i))); break; }
      if (next > i) el.appendChild(document.createTextNode(text.slice(i, next)));
      var mark = document.createElement("mark");
      mark.textContent = word;
      el.appendChild(mark);
      i = next + word.length;
    }
  }

  // Site search with Pagefind (its extended build segments Chinese).
  function setupSearch() {
    var form = document.querySelector(".search-form");
    if (!form) return;
    form.hidden = false;
    var input = document.getElementById("search-input");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    // import() in a classic script resolves against the script's URL (assets/), and takes
    // "pagefind/…" for a bare module name: resolve against the page instead.
    var base = form.getAttribute("data-pagefind-root") || "";
    var pagefind = null;

    // The index is in shards (pagefind/shards.json): the first is loaded, the others merged into it.
    function at(path) { return new URL(base + path, document.baseURI).href; }
    function loadIndex() {
      return fetch(at("pagefind/shards.json")).then(function (r) { return r.json(); }).then(function (shards) {
        if (!shards.length) return { search: function () { return Promise.resolve({ results: [] }); } };
        return import(at("pagefind/" + shards[0] + "/pagefind.js")).then(function (m) {
          return shards.slice(1).reduce(function (done, shard) {
            // by its path, as Pagefind keeps the first's: result links the same for every shard
            return done.then(function () { return m.mergeIndex(new URL(at("pagefind/" + shard + "/")).pathname); });
          }, Promise.resolve()).then(function () { pagefind = m; return m; });
        });
      });
    }

    function run(query) {
      list.textContent = "";
      if (!query) { status.textContent = ""; return; }
      status.textContent = "正在搜索……";
      var ready = pagefind ? Promise.resolve(pagefind) : loadIndex();
      ready.then(function (pf) { return pf.search(query); }).then(function (search) {
        return Promise.all(search.results.slice(0, 30).map(function (r) { return r.data(); }));
      }).then(function (results) {
        status.textContent = results.length ? "找到 " + results.length + " 个结果" : "没有找到结果";
        results.forEach(function (data) {
          // A hit inside a table (or a section) leads to its anchor: the part of the page that matched best.
          var hit = bestPart(data);
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = base + String(hit.url).replace(/^\//, "");
          a.textContent = (data.meta && data.meta.title) || data.url;
          li.appendChild(a);
          if (hit.title && data.meta && hit.title !== data.meta.title) {
            var part = document.createElement("span");
            part.className = "result-part";
            part.textContent = " › " + hit.title;
            li.appendChild(part);
          }
          if (data.meta && data.meta.disclosure) {
            var from = document.createElement("span");
            from.className = "muted";
            from.textContent = " · " + data.meta.disclosure;
            li.appendChild(from);
          }
          li.appendChild(excerpt(hit.excerpt || data.excerpt || "", data.content || ""));
          list.appendChild(li);
        });
      }).catch(function () {
        status.textContent = location.protocol === "file:"
          ? "搜索暂不可用（从本地文件打开时浏览器不允许加载搜索索引），请从公开目录浏览。"
          : "搜索暂不可用，请从公开目录浏览。";
      });
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); run(input.value.trim()); });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; run(q); }
  }
})();
