/* newslab network explorer (MIT, part of newslab), drawn by sigma.js over graphology (both bundled beside it).
   Reads <script type="application/json" data-role="network-data"> in each [data-role=network] box. Corpus text
   (names, passages, titles) is only ever set as textContent. window.NEWSLAB_DOCUMENTS links passages to texts. */
(function () {
  "use strict";
  if (window.NewslabExplorer) { window.NewslabExplorer.initAll(); return; }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function marked(text, spans) {  /* the passage with the pair's names in <mark>, built node by node */
    var p = el("p", {"class": "nx-passage"}), at = 0;
    spans.forEach(function (s) {
      if (s[0] < at) return;
      p.appendChild(document.createTextNode(text.slice(at, s[0])));
      p.appendChild(el("mark", {}, text.slice(s[0], s[1])));
      at = s[1];
    });
    p.appendChild(document.createTextNode(text.slice(at)));
    return p;
  }

  function init(box) {
    if (box.getAttribute("data-ready")) return;
    var holder = box.querySelector('script[data-role="network-data"]');
    if (!holder || !window.Sigma || !window.graphology) return;
    box.setAttribute("data-ready", "1");
    var data = JSON.parse(holder.textContent);
    var GraphClass = window.graphology.Graph || window.graphology;
    var graph = new GraphClass({type: "undirected", multi: false});
    var maxMentions = Math.max.apply(null, data.nodes.map(function (n) { return n[2]; }).concat([1]));
    var maxCount = Math.max.apply(null, data.edges.map(function (e) { return e[2]; }).concat([1]));
    function colour(c) { return c >= 0 && c < data.palette.length ? data.palette[c] : data.other; }
    data.nodes.forEach(function (n, i) {
      graph.addNode(String(i), {label: n[0], x: n[4], y: n[5], size: 3 + 14 * Math.sqrt(n[2] / maxMentions), color: colour(n[3])});
    });
    data.edges.forEach(function (e, j) {
      graph.addEdgeWithKey("e" + j, String(e[0]), String(e[1]), {size: 0.5 + 4 * e[2] / maxCount, color: "#c9c9c9"});
    });
    var stage = box.querySelector(".nx-stage"), panel = box.querySelector(".nx-panel");
    var search = box.querySelector('input[type="search"]'), minInput = box.querySelector(".nx-min");
    var nojs = box.querySelector(".nx-nojs"); if (nojs) nojs.remove();
    stage.style.height = (parseInt(box.getAttribute("data-height"), 10) || 560) + "px";
    var state = {selected: null, hovered: null, labels: {}, min: 1, neighbours: null};
    var labels = Array.from(new Set(data.nodes.map(function (n) { return n[1]; }))).sort();
    var labelBox = box.querySelector(".nx-labels");
    labels.forEach(function (l) {
      state.labels[l] = true;
      var lab = el("label", {}), cb = el("input", {type: "checkbox", value: l});
      cb.checked = true;
      cb.addEventListener("change", function () { state.labels[l] = cb.checked; renderer.refresh(); });
      lab.appendChild(cb); lab.appendChild(document.createTextNode(" " + (l || "no label") + " "));
      labelBox.appendChild(lab);
    });
    var list = el("datalist", {id: "nx-names-" + Math.random().toString(36).slice(2)});
    data.nodes.forEach(function (n) { list.appendChild(el("option", {value: n[0]})); });
    box.appendChild(list);
    search.setAttribute("list", list.id);

    function hiddenNode(i) { var n = data.nodes[i]; return !state.labels[n[1]] || n[2] < state.min; }
    var renderer = new window.Sigma(graph, stage, {
      enableEdgeEvents: true, allowInvalidContainer: true, labelRenderedSizeThreshold: 8, zIndex: true,
      nodeReducer: function (key, attrs) {
        var out = Object.assign({}, attrs), i = +key;
        if (hiddenNode(i)) { out.hidden = true; return out; }
        if (state.neighbours && !state.neighbours.has(key)) { out.color = "#ececec"; out.label = ""; out.zIndex = 0; out.size = attrs.size * 0.6; }
        else if (state.neighbours) { out.zIndex = 1; out.forceLabel = true; }
        if (key === state.selected || key === state.hovered) { out.highlighted = true; out.zIndex = 2; out.forceLabel = true; }
        return out;
      },
      edgeReducer: function (key, attrs) {
        var out = Object.assign({}, attrs), e = data.edges[+key.slice(1)];
        if (e[2] < state.min || hiddenNode(e[0]) || hiddenNode(e[1])) { out.hidden = true; return out; }
        if (state.selected !== null) {
          if (String(e[0]) === state.selected || String(e[1]) === state.selected) { out.color = "#888"; out.zIndex = 1; }
          else out.hidden = true;
        }
        return out;
      }
    });
    box.newslab = {renderer: renderer, graph: graph, data: data};
    var tip = el("div", {"class": "nx-tip", role: "tooltip"}); tip.hidden = true; stage.appendChild(tip);

    function describe(i) { var n = data.nodes[i]; return n[0] + " · " + (n[1] || "no label") + " · " + n[2].toLocaleString("en") + " mentions"; }
    function docLine(d) {
      var doc = data.docs[d], line = el("small", {"class": "nx-source"});
      var words = [doc[1], doc[2], doc[3]].filter(function (x) { return x; }).join(" · ");
      if (typeof window.NEWSLAB_DOCUMENTS === "string") {
        line.appendChild(el("a", {href: window.NEWSLAB_DOCUMENTS + "#doc=" + encodeURIComponent(doc[0]), "data-role": "doc-link"}, words || doc[0]));
      } else line.textContent = words || doc[0];
      return line;
    }
    function showEvidence(j, target) {
      var e = data.edges[j], a = data.nodes[e[0]][0], b = data.nodes[e[1]][0];
      var part = el("div", {"class": "nx-evidence", "data-role": "evidence"});
      part.appendChild(el("h4", {}, a + " – " + b + " (" + e[2].toLocaleString("en") + " " + data.window + "s together)"));
      if (!e[3].length) part.appendChild(el("p", {"class": "nx-hint"}, j < data.evidence_edges ? "No passage found." :
        "Passages are kept for the " + data.evidence_edges.toLocaleString("en") + " strongest pairs only; this one's are in the notebook (network.evidence)."));
      e[3].forEach(function (k) {
        var p = data.passages[k];
        part.appendChild(marked(p[1], p[2]));
        part.appendChild(docLine(p[0]));
      });
      (target || panel).appendChild(part);
    }
    function clearPanel() { panel.textContent = ""; }
    function selectNode(key, moveCamera) {
      var i = +key, n = data.nodes[i];
      state.selected = key;
      state.neighbours = new Set([key].concat(graph.neighbors(key)));
      clearPanel();
      panel.appendChild(el("h3", {}, n[0]));
      panel.appendChild(el("p", {"class": "nx-hint"}, (n[1] || "no label") + " · " + n[2].toLocaleString("en") + " mentions · community " + (n[3] >= 0 ? n[3] : "none")));
      var links = graph.edges(key).map(function (k) { return +k.slice(1); })
        .sort(function (x, y) { return data.edges[y][2] - data.edges[x][2] || x - y; });
      panel.appendChild(el("p", {}, links.length + " neighbour" + (links.length === 1 ? "" : "s") + " (click one for its passages):"));
      var ul = el("ul", {"class": "nx-neighbours"});
      var evidenceBox = el("div", {});
      links.forEach(function (j) {
        var e = data.edges[j], other = String(e[0]) === key ? e[1] : e[0];
        var li = el("li", {}), btn = el("button", {type: "button"}, data.nodes[other][0] + " (" + e[2] + ")");
        btn.addEventListener("click", function () { evidenceBox.textContent = ""; showEvidence(j, evidenceBox); });
        li.appendChild(btn); ul.appendChild(li);
      });
      panel.appendChild(ul);
      panel.appendChild(evidenceBox);
      if (links.length) showEvidence(links[0], evidenceBox);
      if (moveCamera) {
        var pos = renderer.getNodeDisplayData(key);
        if (pos) renderer.getCamera().animate({x: pos.x, y: pos.y, ratio: 0.4}, {duration: 300});
      }
      renderer.refresh();
    }
    function clearSelection() { state.selected = null; state.neighbours = null; renderer.refresh(); }

    renderer.on("enterNode", function (ev) {
      state.hovered = ev.node; tip.textContent = describe(+ev.node); tip.hidden = false;
      var p = renderer.graphToViewport(graph.getNodeAttributes(ev.node));
      tip.style.left = (p.x + 12) + "px"; tip.style.top = (p.y + 12) + "px";
      renderer.refresh();
    });
    renderer.on("leaveNode", function () { state.hovered = null; tip.hidden = true; renderer.refresh(); });
    renderer.on("clickNode", function (ev) { selectNode(ev.node, false); });
    renderer.on("clickEdge", function (ev) { clearPanel(); showEvidence(+ev.edge.slice(1)); });
    function nearestEdge(px, py) {  /* thin lines are hard to hit: the visible edge within 6 px of a click */
      var best = -1, bestD = 6;
      graph.forEachEdge(function (key, attrs, s, t) {
        var shown = renderer.getEdgeDisplayData(key);
        if (!shown || shown.hidden) return;
        var a = renderer.graphToViewport(graph.getNodeAttributes(s)), b = renderer.graphToViewport(graph.getNodeAttributes(t));
        var dx = b.x - a.x, dy = b.y - a.y, len = dx * dx + dy * dy || 1;
        var u = Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / len));
        var d = Math.hypot(a.x + u * dx - px, a.y + u * dy - py);
        if (d < bestD) { bestD = d; best = +key.slice(1); }
      });
      return best;
    }
    renderer.on("clickStage", function (ev) {
      var j = ev && ev.event ? nearestEdge(ev.event.x, ev.event.y) : -1;
      if (j >= 0) { clearPanel(); showEvidence(j); } else clearSelection();
    });
    function find() {
      var q = search.value.trim().toLowerCase();
      if (!q) return;
      var exact = -1, partial = -1;
      data.nodes.forEach(function (n, i) {
        var name = n[0].toLowerCase();
        if (name === q && exact < 0) exact = i;
        else if (partial < 0 && name.indexOf(q) >= 0) partial = i;
      });
      var hit = exact >= 0 ? exact : partial;
      if (hit >= 0) selectNode(String(hit), true);
      else { clearPanel(); panel.appendChild(el("p", {"class": "nx-hint"}, "No entity matches “" + search.value + "”.")); }
    }
    search.addEventListener("change", find);
    search.addEventListener("keydown", function (e) { if (e.key === "Enter") find(); });
    minInput.addEventListener("input", function () { state.min = Math.max(1, parseInt(minInput.value, 10) || 1); renderer.refresh(); });
    box.querySelector(".nx-reset").addEventListener("click", function () {
      clearSelection(); renderer.getCamera().animate({x: 0.5, y: 0.5, ratio: 1}, {duration: 300});
    });
    var legend = el("p", {"class": "nx-legend"}, "Colour = community: ");
    Array.from(new Set(data.nodes.map(function (n) { return n[3]; }))).sort(function (a, b) { return a - b; }).slice(0, data.palette.length)
      .forEach(function (c) {
        var sw = el("span", {"class": "nx-swatch"}, c >= 0 ? String(c) : "none");
        sw.style.background = colour(c); legend.appendChild(sw);
      });
    box.insertBefore(legend, box.querySelector(".nx-main"));
  }

  function initAll() { Array.prototype.forEach.call(document.querySelectorAll('[data-role="network"]'), init); }
  var style = el("style", {}, [
    ".newslab-explorer { font: 13px/1.4 system-ui, sans-serif; margin: .6em 0 1em; border: 1px solid #d0d7de; border-radius: 6px; padding: .5em; }",
    ".nx-tools { display: flex; flex-wrap: wrap; gap: .6em; align-items: center; margin-bottom: .4em; }",
    ".nx-tools input[type=search] { min-width: 16em; padding: .2em .4em; }",
    ".nx-main { display: flex; gap: .6em; } .nx-stage { flex: 2; min-width: 0; position: relative; background: #fcfcfc; border: 1px solid #eee; }",
    ".nx-panel { flex: 1; min-width: 14em; max-height: 560px; overflow-y: auto; } .nx-panel h3 { margin: .2em 0; font-size: 16px; }",
    ".nx-neighbours { padding-left: 1.2em; max-height: 12em; overflow-y: auto; margin: .2em 0; }",
    ".nx-neighbours button { background: none; border: none; color: #0969da; cursor: pointer; padding: 0; font: inherit; text-align: left; }",
    ".nx-evidence h4 { margin: .6em 0 .2em; font-size: 14px; } .nx-passage { margin: .4em 0 .1em; } .nx-source { color: #57606a; display: block; }",
    ".nx-hint { color: #57606a; } .nx-tip { position: absolute; background: #fff; border: 1px solid #aaa; padding: .2em .5em; pointer-events: none; z-index: 5; white-space: nowrap; }",
    ".nx-legend { margin: .2em 0; color: #57606a; } .nx-swatch { display: inline-block; padding: 0 .5em; margin-right: .3em; color: #fff; border-radius: 3px; }",
    "@media print { .newslab-explorer { display: none; } }"
  ].join("\n"));
  document.head.appendChild(style);
  window.NewslabExplorer = {initAll: initAll, init: init};
  initAll();
})();
