/* newslab topic map (MIT, part of newslab): an SVG scatter of documents drawn from inert JSON; hover shows
   title, outlet and date, a click opens the document (window.NEWSLAB_DOCUMENTS on a report page). Corpus text is
   set with textContent only. */
(function () {
  "use strict";
  if (window.NewslabTopicMap) { window.NewslabTopicMap.initAll(); return; }
  var NS = "http://www.w3.org/2000/svg", W = 760, H = 460, PAD = 14;

  function el(tag, attrs, text, ns) {
    var node = ns ? document.createElementNS(NS, tag) : document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function init(box) {
    if (box.getAttribute("data-ready")) return;
    var holder = box.querySelector('script[data-role="topic-map-data"]');
    if (!holder) return;
    box.setAttribute("data-ready", "1");
    var data = JSON.parse(holder.textContent), pts = data.points;
    var xs = pts.map(function (p) { return p[1]; }), ys = pts.map(function (p) { return p[2]; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs), y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    function sx(v) { return PAD + (x1 > x0 ? (v - x0) / (x1 - x0) : 0.5) * (W - 2 * PAD); }
    function sy(v) { return H - PAD - (y1 > y0 ? (v - y0) / (y1 - y0) : 0.5) * (H - 2 * PAD); }
    function colour(t) { return data.palette[t % data.palette.length]; }
    var wrap = el("div", {"class": "tm-wrap"});
    var svg = el("svg", {viewBox: "0 0 " + W + " " + H, width: "100%", role: "img", "aria-label": data.title}, undefined, true);
    var tip = el("div", {"class": "tm-tip", role: "tooltip"}); tip.hidden = true;
    var chosen = el("p", {"class": "tm-hint", "data-role": "topic-map-choice"}, "Click a dot to open its document.");
    var docs = typeof window.NEWSLAB_DOCUMENTS === "string";
    pts.forEach(function (p) {
      var dot = el("circle", {cx: sx(p[1]).toFixed(1), cy: sy(p[2]).toFixed(1), r: "4.5", fill: colour(p[3]),
                              "fill-opacity": "0.8", stroke: "#fff", "stroke-width": "0.8", "data-doc": p[0]}, undefined, true);
      dot.addEventListener("mouseenter", function (e) {
        tip.textContent = "";
        tip.appendChild(el("b", {}, p[4] || p[0]));
        tip.appendChild(el("div", {}, [p[5], p[6], data.topics[p[3]]].filter(function (x) { return x; }).join(" · ")));
        var r = wrap.getBoundingClientRect();
        tip.style.left = (e.clientX - r.left + 12) + "px"; tip.style.top = (e.clientY - r.top + 12) + "px";
        tip.hidden = false; dot.setAttribute("r", "7");
      });
      dot.addEventListener("mouseleave", function () { tip.hidden = true; dot.setAttribute("r", "4.5"); });
      dot.addEventListener("click", function () {
        if (docs) { window.location.href = window.NEWSLAB_DOCUMENTS + "#doc=" + encodeURIComponent(p[0]); return; }
        chosen.textContent = (p[4] || p[0]) + " · " + [p[5], p[6]].filter(function (x) { return x; }).join(" · ") + " · " + p[0];
      });
      svg.appendChild(dot);
    });
    wrap.appendChild(svg); wrap.appendChild(tip);
    var legend = el("p", {"class": "tm-legend"});
    data.topics.forEach(function (name, t) {
      var sw = el("span", {"class": "tm-swatch"}, "● "); sw.style.color = colour(t);
      legend.appendChild(sw); legend.appendChild(document.createTextNode(name + "  "));
    });
    box.appendChild(legend); box.appendChild(wrap); box.appendChild(chosen);
  }

  function initAll() { Array.prototype.forEach.call(document.querySelectorAll('[data-role="topic-map"]'), init); }
  var style = el("style", {}, [
    ".newslab-topicmap { font: 13px/1.4 system-ui, sans-serif; margin: .4em 0 1em; max-width: 52rem; }",
    ".tm-wrap { position: relative; border: 1px solid #e4e4e4; background: #fcfcfc; } .tm-wrap circle { cursor: pointer; }",
    ".tm-tip { position: absolute; background: #fff; border: 1px solid #aaa; padding: .2em .5em; pointer-events: none; max-width: 24em; z-index: 5; }",
    ".tm-hint, .tm-legend { color: #57606a; } @media print { .newslab-topicmap { display: none; } }"
  ].join("\n"));
  document.head.appendChild(style);
  window.NewslabTopicMap = {initAll: initAll, init: init};
  initAll();
})();
