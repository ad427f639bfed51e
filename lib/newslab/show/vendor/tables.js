/* newslab interactive tables (MIT, part of newslab): sort, search, filter and page the rows a table embeds.
   Reads <script type="application/json" data-role="table-data"> inside each [data-newslab-table] box, hides the
   static table (kept for print, e-mail and text/plain) and draws the rows with textContent only: corpus text is
   never parsed as markup. window.NEWSLAB_DOCUMENTS (set by a report page) turns document ids into links. */
(function () {
  "use strict";
  if (window.NewslabTables) { window.NewslabTables.initAll(); return; }
  var SIZES = [10, 20, 50, 100, 500];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function sortKey(kind, text) {
    if (kind === "number") { var v = parseFloat(text.replace(/,/g, "")); return isNaN(v) ? null : v; }
    return text === "" ? null : text.toLowerCase();
  }

  function docLink(id, label) {
    var a = el("a", {href: window.NEWSLAB_DOCUMENTS + "#doc=" + encodeURIComponent(id), "data-role": "doc-link"}, label || id);
    return a;
  }

  function init(box) {
    if (box.getAttribute("data-ready")) return;
    var holder = box.querySelector('script[data-role="table-data"]');
    if (!holder) return;
    box.setAttribute("data-ready", "1");
    var data = JSON.parse(holder.textContent);
    var cols = data.columns, rows = data.rows.map(function (r, i) { return {cells: r, index: i, text: r.join("\u0001").toLowerCase()}; });
    var state = {query: "", sortCol: -1, dir: 1, page: 0, size: data.page, filters: {}, from: {}, to: {}};
    var docs = typeof window.NEWSLAB_DOCUMENTS === "string";

    var ui = el("div", {"class": "newslab-interactive"});
    var bar = el("div", {"class": "newslab-tools"});
    var search = el("input", {type: "search", placeholder: "Search all " + rows.length.toLocaleString("en") + " rows", "aria-label": "Search the table"});
    bar.appendChild(search);
    cols.forEach(function (c, i) {
      if (rows.length <= 5) return;  /* a few rows need no filters */
      if (c.filter === "select") {
        var sel = el("select", {"aria-label": "Filter by " + c.name, "data-column": c.name});
        sel.appendChild(el("option", {value: ""}, "every " + c.name));
        c.options.forEach(function (o) { sel.appendChild(el("option", {value: o}, o)); });
        sel.addEventListener("change", function () { state.filters[i] = sel.value; state.page = 0; draw(); });
        bar.appendChild(sel);
      } else if (c.filter === "date") {
        var lab = el("span", {"class": "newslab-dates"}, c.name + " ");
        var from = el("input", {type: "date", "aria-label": c.name + " from"});
        var to = el("input", {type: "date", "aria-label": c.name + " to"});
        from.addEventListener("change", function () { state.from[i] = from.value; state.page = 0; draw(); });
        to.addEventListener("change", function () { state.to[i] = to.value; state.page = 0; draw(); });
        lab.appendChild(from); lab.appendChild(document.createTextNode(" – ")); lab.appendChild(to);
        bar.appendChild(lab);
      }
    });
    var sizeSel = el("select", {"aria-label": "Rows per page"});
    SIZES.concat(SIZES.indexOf(data.page) < 0 ? [data.page] : []).sort(function (a, b) { return a - b; }).forEach(function (n) {
      var o = el("option", {value: String(n)}, n + " rows a page");
      if (n === data.page) o.selected = true;
      sizeSel.appendChild(o);
    });
    sizeSel.addEventListener("change", function () { state.size = parseInt(sizeSel.value, 10); state.page = 0; draw(); });
    bar.appendChild(sizeSel);
    ui.appendChild(bar);

    var table = el("table", {"class": "newslab-sortable"});
    var thead = el("thead"), tr = el("tr");
    var heads = cols.map(function (c, i) {
      var th = el("th", {"class": "k-" + c.kind, "aria-sort": "none", tabindex: "0", title: "Sort by " + c.name}, c.name);
      function toggle() { state.dir = state.sortCol === i ? -state.dir : (c.kind === "number" ? -1 : 1); state.sortCol = i; draw(); }
      th.addEventListener("click", toggle);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(); } });
      tr.appendChild(th);
      return th;
    });
    thead.appendChild(tr); table.appendChild(thead);
    var tbody = el("tbody"); table.appendChild(tbody);
    var scroller = el("div", {"class": "newslab-scroll"}); scroller.appendChild(table);
    ui.appendChild(scroller);
    var pager = el("div", {"class": "newslab-pager"});
    var prev = el("button", {type: "button"}, "‹ previous"), next = el("button", {type: "button"}, "next ›");
    var info = el("span", {"class": "newslab-count"});
    prev.addEventListener("click", function () { state.page -= 1; draw(); });
    next.addEventListener("click", function () { state.page += 1; draw(); });
    pager.appendChild(prev); pager.appendChild(info); pager.appendChild(next);
    ui.appendChild(pager);
    search.addEventListener("input", function () { state.query = search.value.trim().toLowerCase(); state.page = 0; draw(); });

    function visible() {
      var out = rows.filter(function (r) {
        if (state.query && r.text.indexOf(state.query) < 0) return false;
        for (var k in state.filters) if (state.filters[k] && r.cells[k] !== state.filters[k]) return false;
        for (var f in state.from) if (state.from[f] && !(r.cells[f] && r.cells[f].slice(0, 10) >= state.from[f])) return false;
        for (var t in state.to) if (state.to[t] && !(r.cells[t] && r.cells[t].slice(0, 10) <= state.to[t])) return false;
        return true;
      });
      if (state.sortCol >= 0) {
        var c = state.sortCol, kind = cols[c].kind, dir = state.dir;
        out.sort(function (a, b) {
          var x = sortKey(kind, a.cells[c]), y = sortKey(kind, b.cells[c]);
          if (x === y) return a.index - b.index;
          if (x === null) return 1;
          if (y === null) return -1;
          return (x < y ? -1 : 1) * dir;
        });
      }
      return out;
    }

    var links = data.links || {};
    function idOf(r, name) {  /* the document a cell names: its own text in an id column, else the link data */
      var i = -1;
      cols.forEach(function (c, k) { if (c.name === name) i = k; });
      if (i < 0) return "";
      return links[name] ? links[name][r.index] || "" : (cols[i].doc ? r.cells[i] : "");
    }
    function cell(r, i) {
      var c = cols[i], td = el("td", {"class": "k-" + c.kind});
      var text = r.cells[i], id = links[c.name] ? links[c.name][r.index] : (c.doc ? text : "");
      if (docs && id && text) {
        td.appendChild(docLink(id, text));
        var side = /_b$/.test(c.name) ? c.name.slice(0, -2) + "_a" : null, other = side ? idOf(r, side) : "";
        if (other) {
          td.appendChild(document.createTextNode(" "));
          td.appendChild(el("a", {href: window.NEWSLAB_DOCUMENTS + "#pair=" + encodeURIComponent(other) + "|" +
                                  encodeURIComponent(id), "data-role": "pair-link", title: "both texts side by side"}, "⇆ side by side"));
        }
      } else {
        td.textContent = text;
      }
      return td;
    }

    function draw() {
      var shown = visible(), pages = Math.max(1, Math.ceil(shown.length / state.size));
      state.page = Math.min(Math.max(state.page, 0), pages - 1);
      var start = state.page * state.size, slice = shown.slice(start, start + state.size);
      tbody.textContent = "";
      slice.forEach(function (r) {
        var row = el("tr");
        for (var i = 0; i < cols.length; i++) row.appendChild(cell(r, i));
        tbody.appendChild(row);
      });
      if (!slice.length) {
        var none = el("tr"), td = el("td", {colspan: String(cols.length), "class": "newslab-none"}, "No row matches.");
        none.appendChild(td); tbody.appendChild(none);
      }
      heads.forEach(function (th, i) {
        th.setAttribute("aria-sort", i === state.sortCol ? (state.dir > 0 ? "ascending" : "descending") : "none");
      });
      var of = shown.length === rows.length ? "" : " (of " + rows.length.toLocaleString("en") + ")";
      info.textContent = shown.length ? " rows " + (start + 1).toLocaleString("en") + "–" + (start + slice.length).toLocaleString("en") +
        " of " + shown.length.toLocaleString("en") + of + " " : " no rows" + of + " ";
      prev.disabled = state.page === 0; next.disabled = state.page >= pages - 1;
    }

    var note = box.querySelector(".newslab-more"), link = note && note.querySelector("a");
    var foot = el("p", {"class": "newslab-more"});
    if (data.total > rows.length) foot.textContent = "This page holds the first " + rows.length.toLocaleString("en") + " of " +
      data.total.toLocaleString("en") + " rows" + (link ? "; all of them are in " : ".");
    else if (link) foot.textContent = "All rows are also in ";
    if (link) { foot.appendChild(link.cloneNode(true)); if (data.total <= rows.length) foot.appendChild(document.createTextNode(".")); }
    if (foot.textContent) ui.appendChild(foot);
    box.classList.add("newslab-live");
    box.appendChild(ui);
    draw();
  }

  function initAll() { Array.prototype.forEach.call(document.querySelectorAll("[data-newslab-table]"), init); }
  var style = el("style", {}, [
    ".newslab-live > .newslab-static, .newslab-live > .newslab-more { display: none; }",
    ".newslab-interactive { font-size: 13px; margin: .4em 0; }",
    ".newslab-tools { display: flex; flex-wrap: wrap; gap: .5em; align-items: center; margin-bottom: .3em; }",
    ".newslab-tools input[type=search] { min-width: 16em; padding: .2em .4em; }",
    ".newslab-scroll { overflow-x: auto; max-width: 100%; }",
    ".newslab-sortable { border-collapse: collapse; }",
    ".newslab-sortable th { cursor: pointer; font-weight: 600; text-align: left; padding: .3em .7em; border-bottom: 2px solid #d0d7de; white-space: nowrap; user-select: none; }",
    ".newslab-sortable th[aria-sort=ascending]::after { content: ' ▲'; } .newslab-sortable th[aria-sort=descending]::after { content: ' ▼'; }",
    ".newslab-interactive .newslab-sortable td { padding: .3em .7em; border-bottom: 1px solid #e4e4e4; vertical-align: top; text-align: left; }",
    ".newslab-interactive .newslab-sortable th { text-align: left; } .newslab-interactive .newslab-sortable .k-number { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }",
    ".newslab-sortable td.k-date, .newslab-sortable td.k-text, .newslab-sortable td.k-id { white-space: nowrap; }",
    ".newslab-sortable td.k-id { color: #6e7781; font-size: 90%; }",
    ".newslab-sortable td.k-wide { min-width: 14em; max-width: 34em; overflow-wrap: anywhere; }",
    ".newslab-pager { margin-top: .3em; color: #57606a; } .newslab-none { font-style: italic; color: #57606a; }",
    "@media print { .newslab-live > .newslab-static { display: table; } .newslab-live > .newslab-more { display: block; } .newslab-interactive { display: none; } }"
  ].join("\n"));
  document.head.appendChild(style);
  window.NewslabTables = {initAll: initAll, init: init};
  initAll();
})();
