/* newslab documents page (MIT, part of newslab): a searchable list and a reader. #doc=ID shows one document,
   #pair=A|B two side by side. Entities are marked and boilerplate greyed from spans in the inert JSON; every
   piece of corpus text is set with textContent, never parsed as markup. */
(function () {
  "use strict";
  var PALETTE = ["#fff3a3", "#c8f0c8", "#cde3ff", "#ffd6e0", "#e4d4ff", "#ffe0b8", "#d8f3f0", "#f0e0d0"];
  var box = document.querySelector('[data-role="documents"]');
  var holder = document.querySelector('script[data-role="documents-data"]');
  if (!box || !holder) return;
  var data = JSON.parse(holder.textContent), byId = {};
  data.docs.forEach(function (d, i) { byId[d[0]] = i; });
  var reader = document.querySelector('[data-role="reader"]'), list = box.querySelector("ol");
  var search = box.querySelector('input[type="search"]');

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function body(d, shared) {  /* text cut at every span edge; each piece text, a <mark>, greyed or underlined */
    var text = d[4], edges = [0, text.length], out = el("div", {"class": "nd-text"});
    var passages = d[8].filter(function (s) { return shared.has(s[2]); });
    d[5].concat(d[6], passages).forEach(function (s) { edges.push(s[0], s[1]); });
    edges = Array.from(new Set(edges)).sort(function (a, b) { return a - b; });
    for (var k = 0; k + 1 < edges.length; k++) {
      var a = edges[k], b = edges[k + 1], piece = text.slice(a, b), node = document.createTextNode(piece);
      var ent = d[5].find(function (s) { return s[0] <= a && b <= s[1]; });
      var boiler = d[6].some(function (s) { return s[0] <= a && b <= s[1]; });
      if (ent) {
        var m = el("mark", {title: data.labels[ent[2]], "class": "nd-ent"});
        m.style.background = PALETTE[ent[2] % PALETTE.length]; m.appendChild(node); node = m;
      }
      var passage = passages.find(function (s) { return s[0] <= a && b <= s[1]; });
      if (passage) { var u = el("span", {"class": "nd-shared", title: "passage " + passage[2] + ", in both texts"}); u.appendChild(node); node = u; }
      if (boiler) { var g = el("span", {"class": "nd-boiler", title: "boilerplate (cut from the analysed text)"}); g.appendChild(node); node = g; }
      out.appendChild(node);
    }
    return out;
  }

  function article(i, shared) {
    var d = data.docs[i], part = el("section", {"class": "nd-doc", "data-doc": d[0]});
    part.appendChild(el("h2", {}, d[1] || "(untitled)"));
    part.appendChild(el("p", {"class": "nd-meta"}, [d[3] || "undated", d[2], d[0]].filter(function (x) { return x; }).join(" · ")));
    if (d[5].length) {
      var key = el("p", {"class": "nd-meta"}, "Marked: ");
      Array.from(new Set(d[5].map(function (s) { return s[2]; }))).sort().forEach(function (c) {
        var sw = el("mark", {}, data.labels[c]); sw.style.background = PALETTE[c % PALETTE.length];
        key.appendChild(sw); key.appendChild(document.createTextNode(" "));
      });
      part.appendChild(key);
    }
    part.appendChild(body(d, shared));
    if (d[7]) part.appendChild(el("p", {"class": "nd-meta"}, "The text is cut here to keep the page small; the whole text is in the corpus."));
    return part;
  }

  function show() {
    var hash = decodeURIComponent(location.hash.slice(1)), ids = [];
    if (hash.indexOf("doc=") === 0) ids = [hash.slice(4)];
    else if (hash.indexOf("pair=") === 0) ids = hash.slice(5).split("|");
    reader.textContent = "";
    var found = ids.filter(function (id) { return id in byId; });
    if (!found.length) {
      reader.appendChild(el("p", {"class": "nd-hint"}, ids.length ? "No document " + ids.join(", ") + " in this report." : "Pick a document from the list."));
      return;
    }
    var row = el("div", {"class": found.length > 1 ? "nd-pair" : "nd-single"}), shared = new Set();
    if (found.length === 2) {
      var a = new Set(data.docs[byId[found[0]]][8].map(function (s) { return s[2]; }));
      data.docs[byId[found[1]]][8].forEach(function (s) { if (a.has(s[2])) shared.add(s[2]); });
      reader.appendChild(el("p", {"class": "nd-meta"}, shared.size ? shared.size + " passage(s) both texts share are underlined in green." :
        "No recurring passage found in both texts."));
    }
    found.forEach(function (id) { row.appendChild(article(byId[id], shared)); });
    reader.appendChild(row);
    reader.scrollIntoView({block: "start"});
  }

  var items = data.docs.map(function (d) {
    var li = el("li", {}), a = el("a", {href: "#doc=" + encodeURIComponent(d[0])}, d[1] || d[0]);
    li.appendChild(a);
    li.appendChild(el("small", {}, " " + [d[3], d[2]].filter(function (x) { return x; }).join(" · ")));
    list.appendChild(li);
    return {li: li, text: (d[0] + " " + d[1] + " " + d[2] + " " + d[3]).toLowerCase()};
  });
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase();
    items.forEach(function (it) { it.li.hidden = q !== "" && it.text.indexOf(q) < 0; });
  });
  var style = el("style", {}, [
    "body { font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', sans-serif; max-width: 76rem; margin: 0 auto; padding: 0 1rem 3rem; color: #1d1d1f; }",
    ".newslab-bar { font-size: 13px; padding: .6rem 0; border-bottom: 1px solid #d0d7de; } a { color: #0969da; text-decoration: none; }",
    ".nd-main { display: flex; gap: 1.2rem; align-items: flex-start; } .nd-list { flex: 0 0 22rem; max-height: 85vh; overflow-y: auto; position: sticky; top: 0; }",
    ".nd-list input { width: 95%; padding: .3em; } .nd-list ol { padding-left: 3.2em; font-size: 13px; } .nd-list small { color: #57606a; }",
    ".nd-reader { flex: 1; min-width: 0; } .nd-pair { display: flex; gap: 1rem; } .nd-pair > section { flex: 1; min-width: 0; border-left: 3px solid #ddd; padding-left: .8rem; }",
    ".nd-meta, .nd-hint, .nd-intro { color: #57606a; font-size: 13px; } .nd-text { white-space: pre-wrap; overflow-wrap: anywhere; }",
    ".nd-boiler { color: #9a9a9a; background: #f3f3f3; } .nd-shared { text-decoration: underline 3px #2da44e; background: #eaf7ee; } .nd-doc h2 { font-size: 20px; margin: .4em 0 .1em; }"
  ].join("\n"));
  document.head.appendChild(style);
  window.addEventListener("hashchange", show);
  show();
})();
