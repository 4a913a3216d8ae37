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

    function run(query) {
      list.textContent = "";
      if (!query) { status.textContent = ""; return; }
      status.textContent = "正在搜索……";
      var ready = pagefind ? Promise.resolve(pagefind) : import(new URL(base + "pagefind/pagefind.js", document.baseURI).href).then(function (m) {
        pagefind = m; return m;
      });
      ready.then(function (pf) { return pf.search(query); }).then(function (search) {
        return Promise.all(search.results.slice(0, 30).map(function (r) { return r.data(); }));
      }).then(function (results) {
        status.textContent = results.length ? "找到 " + results.length + " 个结果" : "没有找到结果";
        results.forEach(function (data) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = base + String(data.url).replace(/^\//, "");
          a.textContent = (data.meta && data.meta.title) || data.url;
          li.appendChild(a);
          if (data.meta && data.meta.disclosure) {
            var from = document.createElement("span");
            from.className = "muted";
            from.textContent = " · " + data.meta.disclosure;
            li.appendChild(from);
          }
          var p = document.createElement("p");
          // The excerpt is HTML (escaped text and <mark>): keep only its text, entities decoded.
          p.textContent = new DOMParser().parseFromString(data.excerpt || "", "text/html").body.textContent;
          li.appendChild(p); list.appendChild(li);
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
