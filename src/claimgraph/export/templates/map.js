// claimgraph's interactive map. The view's records are embedded as JSON; this script applies
// the filters exactly as claimgraph's Python does (views.apply_filters), draws the result
// with Cytoscape.js, and shows a node's or edge's details on click.
//
// Text from the data only ever reaches the page through textContent, option labels and
// Cytoscape's canvas: never as HTML.
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("graph-data").textContent);
  var byId = new Map();
  DATA.nodes.forEach(function (node) { byId.set(node.id, node); });

  function $(id) { return document.getElementById(id); }
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }
  function label(iri) { return DATA.labels[iri] || iri; }

  (window.__pendingDiagnostics || []).forEach(function (line) {
    $("diagnostics").appendChild(el("li", line));
  });

  // ---- filters: the same semantics as claimgraph.export.views -----------------------------

  function intersects(values, wanted) {
    for (var i = 0; i < values.length; i++) {
      if (wanted.indexOf(values[i]) !== -1) { return true; }
    }
    return false;
  }

  function passes(facets, filter) {
    if (filter.documents.length && !intersects(facets.documents, filter.documents)) { return false; }
    if (filter.topics.length && !intersects(facets.topics, filter.topics)) { return false; }
    if (filter.actors.length && !intersects(facets.actors, filter.actors)) { return false; }
    return true;
  }

  function compute(filter) {
    var keptPrimary = new Set();
    DATA.nodes.forEach(function (node) {
      if (node.primary && passes(node.facets, filter)) { keptPrimary.add(node.id); }
    });
    function present(id) { return keptPrimary.has(id) || !byId.get(id).primary; }
    var groups = new Map();
    DATA.edges.forEach(function (record) {
      if (passes(record.facets, filter) && present(record.source) && present(record.target)) {
        var key = JSON.stringify([record.source, record.target, record.key]);
        if (!groups.has(key)) { groups.set(key, []); }
        groups.get(key).push(record);
      }
    });
    var kept = new Set(keptPrimary);
    groups.forEach(function (records) {
      kept.add(records[0].source);
      kept.add(records[0].target);
    });
    var edges = [];
    groups.forEach(function (records) {
      var first = records[0];
      var weight = records.length;
      var text = first.label;
      if (text === null) { text = weight + " " + DATA.unit[weight === 1 ? 0 : 1]; }
      edges.push({ source: first.source, target: first.target, kind: first.kind,
                   label: text, weight: weight, records: records });
    });
    var notice = "";
    if (filter.focus) {
      var seeds = [];
      kept.forEach(function (id) {
        var facets = byId.get(id).facets;
        if (id === filter.focus || facets.actors.indexOf(filter.focus) !== -1 ||
            facets.claims.indexOf(filter.focus) !== -1) { seeds.push(id); }
      });
      if (!seeds.length) {
        notice = "The focus is not in this view with these filters; showing everything they keep.";
      } else {
        var neighbours = new Map();
        edges.forEach(function (edge) {
          [[edge.source, edge.target], [edge.target, edge.source]].forEach(function (pair) {
            if (!neighbours.has(pair[0])) { neighbours.set(pair[0], new Set()); }
            neighbours.get(pair[0]).add(pair[1]);
          });
        });
        var reached = new Set(seeds);
        var frontier = seeds.slice();
        for (var step = 0; step < filter.depth && frontier.length; step++) {
          var next = [];
          frontier.forEach(function (id) {
            (neighbours.get(id) || new Set()).forEach(function (other) {
              if (!reached.has(other)) { reached.add(other); next.push(other); }
            });
          });
          frontier = next;
        }
        kept = reached;
        edges = edges.filter(function (e) { return kept.has(e.source) && kept.has(e.target); });
      }
    }
    return { nodes: Array.from(kept).sort(), edges: edges, notice: notice };
  }

  // ---- controls ---------------------------------------------------------------------------

  // Option labels are one line of plain text: no control or bidirectional formatting
  // characters, which could reorder the text around them.
  var UNSHOWN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;
  function plain(text) { return String(text).replace(UNSHOWN, " ").replace(/\s+/g, " ").trim(); }

  function fillSelect(select, pairs, chosen) {
    while (select.firstChild) { select.removeChild(select.firstChild); }
    pairs.forEach(function (pair) {
      var option = new Option(plain(pair[1]), pair[0]);
      option.selected = chosen.indexOf(pair[0]) !== -1;
      option.title = pair[0];
      select.appendChild(option);
    });
  }

  function selected(select) {
    return Array.prototype.filter.call(select.options, function (o) { return o.selected; })
      .map(function (o) { return o.value; });
  }

  function currentFilter() {
    var depth = parseInt($("f-depth").value, 10);
    return {
      documents: selected($("f-document")),
      actors: selected($("f-actor")),
      topics: selected($("f-topic")),
      focus: $("f-focus").value || null,
      depth: isNaN(depth) || depth < 0 ? 0 : depth,
    };
  }

  function fillFocus(filter) {
    var unfocused = compute({ documents: filter.documents, actors: filter.actors,
                              topics: filter.topics, focus: null, depth: 0 });
    var pairs = unfocused.nodes.map(function (id) {
      var node = byId.get(id);
      return [id, node.attrs.kind + ": " + node.attrs.label];
    });
    if (DATA.view === "argument-map") {
      DATA.options.actors.forEach(function (pair) { pairs.push([pair[0], "actor: " + pair[1]]); });
    }
    pairs.sort(function (a, b) { return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0; });
    pairs.unshift(["", "(none: the whole view)"]);
    if (filter.focus && !pairs.some(function (p) { return p[0] === filter.focus; })) {
      pairs.push([filter.focus, label(filter.focus)]);
    }
    fillSelect($("f-focus"), pairs, [filter.focus || ""]);
  }

  function setControls(filter) {
    fillSelect($("f-document"), DATA.options.documents, filter.documents);
    fillSelect($("f-actor"), DATA.options.actors, filter.actors);
    fillSelect($("f-topic"), DATA.options.topics, filter.topics);
    $("f-depth").value = String(filter.depth);
    fillFocus(filter);
  }

  // ---- drawing ----------------------------------------------------------------------------

  var STYLE = [
    { selector: "node", style: {
      "label": "data(display)", "text-wrap": "wrap", "text-valign": "center",
      "text-halign": "center", "font-size": 11, "font-family": "Helvetica, Arial, sans-serif",
      "color": "#111", "width": "data(w)", "height": "data(h)", "shape": "data(shape)",
      "background-color": "data(colour)", "border-width": 1, "border-color": "#333" } },
    { selector: "node[kind = \"authority\"]", style: { "border-style": "double", "border-width": 4 } },
    { selector: "node[kind = \"rebuttal\"]", style: { "padding": 6 } },
    { selector: "edge", style: {
      "curve-style": "bezier", "width": "data(width)", "line-color": "data(colour)",
      "target-arrow-color": "data(colour)", "target-arrow-shape": "data(arrow)",
      "line-style": "data(line)", "label": "data(short)", "font-size": 9,
      "text-rotation": "autorotate", "text-background-color": "#ffffff",
      "text-background-opacity": 0.85, "text-background-padding": 1, "color": "#333" } },
    // A document's (or a side's) box: its name on top, large enough to read at first sight.
    { selector: "node.group", style: {
      "label": "data(display)", "text-valign": "top", "text-halign": "center",
      "text-wrap": "wrap", "text-max-width": 600, "font-size": 15, "font-weight": "bold",
      "color": "#333", "background-color": "#f3f3f3", "background-opacity": 0.6,
      "border-style": "dashed", "border-width": 1, "border-color": "#999", "padding": 14,
      "shape": "round-rectangle" } },
    { selector: ":selected", style: { "border-width": 3, "border-color": "#000",
                                       "overlay-opacity": 0.12 } },
  ];

  var cy = cytoscape({
    container: $("cy"), style: STYLE, minZoom: 0.05, maxZoom: 4,
    boxSelectionEnabled: false,
  });

  // The groups (documents, or sides) of the nodes drawn, in the order of their names; none
  // when everything drawn is in one group (a box around the whole map tells nothing).
  function groupsOf(ids) {
    var found = new Set();
    ids.forEach(function (id) { if (byId.get(id).group) { found.add(byId.get(id).group); } });
    var groups = Array.from(found).sort(function (a, b) {
      var la = plain(label(a)), lb = plain(label(b));
      return la < lb ? -1 : la > lb ? 1 : (a < b ? -1 : a > b ? 1 : 0);
    });
    return groups.length > 1 ? groups : [];
  }

  function groupId(index) { return "\u0000group-" + index; }

  function elementsFor(result) {
    var elements = [];
    var groups = groupsOf(result.nodes);
    groups.forEach(function (group, index) {
      var word = DATA.groupBy === "side" ? "Side: " : "Document: ";
      elements.push({ group: "nodes", classes: "group", data: {
        id: groupId(index), kind: "group", display: word + plain(label(group)),
        w: 1, h: 1, shape: "round-rectangle", colour: "#f3f3f3" } });
    });
    result.nodes.forEach(function (id) {
      var node = byId.get(id);
      var data = {
        id: id, kind: node.kind, display: node.display, w: node.w, h: node.h,
        shape: DATA.styles.nodes[node.kind].shape, colour: node.colours[0] };
      var at = groups.indexOf(node.group);
      if (at !== -1) { data.parent = groupId(at); }
      elements.push({ group: "nodes", data: data });
    });
    result.edges.forEach(function (edge, index) {
      var style = DATA.styles.edges[edge.kind];
      var width = Math.min(0.75 + 0.75 * edge.weight, 6);
      elements.push({ group: "edges", data: {
        id: "e" + index, source: edge.source, target: edge.target, kind: edge.kind,
        colour: style.colour, line: style.line, arrow: style.arrow ? "triangle" : "none",
        width: width, short: shortText(edge.label, 40), index: index } });
    });
    return elements;
  }

  function shortText(text, width) {
    if (text.length <= width) { return text; }
    return text.slice(0, width - 1).replace(/\s+\S*$/, "") + "\u2026";
  }

  function stripes(node) {
    if (!byId.has(node.id())) { return; }
    var colours = byId.get(node.id()).colours;
    if (colours.length < 2) { return; }
    var stops = [], positions = [];
    colours.forEach(function (colour, i) {
      stops.push(colour, colour);
      positions.push((100 * i / colours.length) + "%", (100 * (i + 1) / colours.length) + "%");
    });
    node.style({ "background-fill": "linear-gradient",
                 "background-gradient-direction": "to-right",
                 "background-gradient-stop-colors": stops.join(" "),
                 "background-gradient-stop-positions": positions.join(" ") });
  }

  var current = { nodes: [], edges: [] };

  // Layers from left to right, as Graphviz's dot draws them: a node's column is the longest
  // path reaching it (back edges of cycles and "same proposition" links left out), and each
  // column is ordered by where its neighbours sit, to untangle the edges.
  function columnPositions() {
    var ids = current.nodes;
    var out = new Map(), into = new Map();
    ids.forEach(function (id) { out.set(id, []); into.set(id, []); });
    current.edges.forEach(function (edge) {
      if (edge.kind === "same-proposition" || edge.source === edge.target) { return; }
      out.get(edge.source).push(edge.target);
      into.get(edge.target).push(edge.source);
    });
    // Depth-first search without recursion (long chains must not overflow the stack).
    var state = new Map(), order = [], back = new Set();
    ids.forEach(function (root) {
      if (state.has(root)) { return; }
      var stack = [[root, 0]];
      state.set(root, 1);
      while (stack.length) {
        var top = stack[stack.length - 1];
        var nexts = out.get(top[0]);
        if (top[1] < nexts.length) {
          var next = nexts[top[1]++];
          if (state.get(next) === 1) { back.add(top[0] + "\u0000" + next); }
          else if (!state.has(next)) { state.set(next, 1); stack.push([next, 0]); }
        } else {
          state.set(top[0], 2);
          order.push(top[0]);
          stack.pop();
        }
      }
    });
    order.reverse();
    var rank = new Map();
    ids.forEach(function (id) { rank.set(id, 0); });
    order.forEach(function (id) {
      out.get(id).forEach(function (next) {
        if (!back.has(id + "\u0000" + next)) {
          rank.set(next, Math.max(rank.get(next), rank.get(id) + 1));
        }
      });
    });
    var columns = [];
    ids.forEach(function (id) {
      var r = rank.get(id);
      (columns[r] = columns[r] || []).push(id);
    });
    // Each group is a band across all columns, so that the groups' boxes never overlap.
    var groups = groupsOf(ids);
    function band(id) {
      var at = groups.indexOf(byId.get(id).group);
      return at === -1 ? groups.length : at;
    }
    var index = new Map();
    function reindex() {
      columns.forEach(function (column) {
        column.forEach(function (id, i) { index.set(id, i / Math.max(column.length, 1)); });
      });
    }
    function sortBy(column, neighbours) {
      var centre = new Map();
      column.forEach(function (id) {
        var near = neighbours.get(id).filter(function (n) { return index.has(n); });
        var sum = 0;
        near.forEach(function (n) { sum += index.get(n); });
        centre.set(id, near.length ? sum / near.length : index.get(id));
      });
      column.sort(function (a, b) {
        return band(a) - band(b) || centre.get(a) - centre.get(b) || (a < b ? -1 : 1);
      });
    }
    reindex();
    for (var sweep = 0; sweep < 4; sweep++) {
      for (var c = 1; c < columns.length; c++) { sortBy(columns[c], into); reindex(); }
      for (var d = columns.length - 2; d >= 0; d--) { sortBy(columns[d], out); reindex(); }
    }
    var positions = {}, x = 0, gapX = 90, gapY = 24, gapBand = groups.length ? 80 : 0;
    var bands = groups.length + 1, bandHeight = [];
    for (var b = 0; b < bands; b++) { bandHeight.push(0); }
    columns.forEach(function (column) {
      var heights = bandHeight.map(function () { return 0; });
      column.forEach(function (id) { heights[band(id)] += byId.get(id).h + gapY; });
      heights.forEach(function (h, i) { bandHeight[i] = Math.max(bandHeight[i], h); });
    });
    var bandTop = [], top = 0;
    bandHeight.forEach(function (h) { bandTop.push(top); top += h + (h ? gapBand : 0); });
    columns.forEach(function (column) {
      var widest = 0;
      column.forEach(function (id) { widest = Math.max(widest, byId.get(id).w); });
      var y = bandTop.slice();
      column.forEach(function (id) {
        var node = byId.get(id), at = band(id);
        positions[id] = { x: x + widest / 2, y: y[at] + node.h / 2 };
        y[at] += node.h + gapY;
      });
      x += widest + gapX;
    });
    return positions;
  }

  function layoutOptions(name) {
    var common = { name: name, animate: false, fit: true, padding: 30 };
    if (name === "columns") {
      var positions = columnPositions();
      common.name = "preset";
      common.positions = function (node) { return positions[node.id()]; };
    } else if (name === "breadthfirst") {
      common.directed = true; common.avoidOverlap = true;
    } else if (name === "cose") {
      common.randomize = true; common.nodeRepulsion = function () { return 400000; };
      common.idealEdgeLength = function () { return 120; };
    } else {
      common.avoidOverlap = true;
    }
    return common;
  }

  function draw() {
    var filter = currentFilter();
    current = compute(filter);
    document.body.setAttribute("data-state", "drawing");
    cy.batch(function () {
      cy.elements().remove();
      cy.add(elementsFor(current));
      cy.nodes().forEach(stripes);
    });
    $("notice").textContent = current.notice;
    $("status").textContent = current.nodes.length + " nodes, " + current.edges.length + " edges";
    drawLegend();
    var name = $("f-layout").value;
    // A preset layout places the claims; the boxes follow them.
    var laid = name === "columns" ? cy.nodes().not(".group") : cy.elements();
    var layout = laid.layout(layoutOptions(name));
    layout.one("layoutstop", function () {
      readableView();
      document.body.setAttribute("data-rendered-nodes", String(cy.nodes().not(".group").length));
      document.body.setAttribute("data-rendered-edges", String(cy.edges().length));
      document.body.setAttribute("data-rendered-groups", String(cy.nodes(".group").length));
      document.body.setAttribute("data-state", "ready");
    });
    layout.run();
  }

  // The first view is readable: the whole map if it fits with its 11 px labels drawn at 12 px
  // or more, else its top left corner (the first group) at that size, to pan from.
  var READABLE_ZOOM = 12 / 11;
  function readableView() {
    var padding = 30;
    cy.fit(cy.elements(), padding);
    if (cy.zoom() < READABLE_ZOOM) {
      var box = cy.elements().boundingBox();
      cy.zoom(READABLE_ZOOM);
      cy.pan({ x: padding - box.x1 * READABLE_ZOOM, y: padding - box.y1 * READABLE_ZOOM });
    }
    document.body.setAttribute("data-zoom", cy.zoom().toFixed(3));
  }

  // ---- details panel ----------------------------------------------------------------------

  function safeHref(iri) {
    return /^https?:\/\//i.test(iri) ? iri : null;
  }

  function iriLine(iri) {
    var href = safeHref(iri);
    if (!href) { return el("span", iri, "data"); }
    var link = el("a", iri, "data");
    link.href = href;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    return link;
  }

  function goTo(id) {
    var target = cy.getElementById(id);
    if (target.empty()) { return; }
    cy.elements().unselect();
    target.select();
    cy.animate({ center: { eles: target }, duration: 0 });
    showNode(id);
  }

  // A piece of data text in its own bidi-isolated element, so that a right-to-left override
  // in one label cannot reorder the text after it.
  function dataSpan(text) {
    var span = el("span", text, "data");
    span.dir = "auto";
    return span;
  }

  // Several values (an array, or "; "-joined labels) each isolated, joined by "; ".
  function dataList(values) {
    var box = el("span");
    values.filter(function (v) { return v !== ""; }).forEach(function (value, i) {
      if (i) { box.appendChild(document.createTextNode("; ")); }
      box.appendChild(dataSpan(value));
    });
    return box.childNodes.length ? box : null;
  }

  function entry(list, term, value, quoted) {
    if (value === undefined || value === null || value === "") { return; }
    var dd = el("dd");
    if (value instanceof Node) {
      dd.appendChild(value);
    } else if (Array.isArray(value)) {
      var joined = dataList(value);
      if (!joined) { return; }
      dd.appendChild(joined);
    } else if (quoted) {
      var quote = el("blockquote", value, "data");
      quote.dir = "auto";
      dd.appendChild(quote);
    } else {
      dd.appendChild(dataSpan(value));
    }
    list.appendChild(el("dt", term));
    list.appendChild(dd);
  }

  function joined(text) { return (text || "").split("; "); }
  function labelsOf(iris) { return (iris || "").split(" ").filter(Boolean).map(label); }

  function connections(id) {
    var groups = {};
    current.edges.forEach(function (edge) {
      var name = null, other = null;
      if (edge.source === id) { name = edge.kind; other = edge.target; }
      else if (edge.target === id) { name = edge.kind + " (from)"; other = edge.source; }
      if (name === null) { return; }
      (groups[name] = groups[name] || []).push([other, edge.label]);
    });
    var box = el("div");
    Object.keys(groups).sort().forEach(function (name) {
      box.appendChild(el("div", DATA.styles.edgeWords[name] || name, "muted"));
      var list = el("ul", null, "links");
      groups[name].forEach(function (pair) {
        var item = el("li");
        var button = el("button", label(pair[0]), "link data");
        button.type = "button";
        button.addEventListener("click", function () { goTo(pair[0]); });
        item.appendChild(button);
        if (pair[1]) { item.appendChild(el("span", " (" + pair[1] + ")", "muted")); }
        list.appendChild(item);
      });
      box.appendChild(list);
    });
    return box.childNodes.length ? box : null;
  }

  function showNode(id) {
    var node = byId.get(id);
    var a = node.attrs;
    var details = $("details");
    while (details.firstChild) { details.removeChild(details.firstChild); }
    var heading = el("h3", a.label, "data");
    heading.dir = "auto";
    details.appendChild(heading);
    var list = el("dl");
    entry(list, "Kind", DATA.styles.nodes[node.kind].legend);
    entry(list, "Claimant", joined(a.claimant));
    entry(list, "Named in the source as", joined(a.named_as));
    entry(list, "Quote", a.quote, true);
    (node.sources || []).forEach(function (source) {
      var where = el("span");
      where.appendChild(dataSpan(label(source.document)));
      if (source.start !== null && source.end !== null) {
        where.appendChild(document.createTextNode(
          ", characters " + source.start + "\u2013" + source.end));
      }
      entry(list, "Source", where);
    });
    entry(list, "Mode", a.mode);
    entry(list, "Speech act", a.speech_act);
    entry(list, "Attack kind", joined(a.attack_kind));
    entry(list, "Topics", labelsOf(a.topics));
    entry(list, "Documents", node.sources ? null : labelsOf(a.document));
    entry(list, "Type", a.authority_type);
    entry(list, "Links", connections(id));
    entry(list, "IRI", iriLine(id));
    details.appendChild(list);
  }

  function showEdge(index) {
    var edge = current.edges[index];
    var details = $("details");
    while (details.firstChild) { details.removeChild(details.firstChild); }
    details.appendChild(el("h3", (DATA.styles.edgeWords[edge.kind] || edge.kind) +
                              (edge.label ? ": " + edge.label : ""), "data"));
    var list = el("dl");
    var from = el("button", label(edge.source), "link data");
    from.type = "button";
    from.addEventListener("click", function () { goTo(edge.source); });
    var to = el("button", label(edge.target), "link data");
    to.type = "button";
    to.addEventListener("click", function () { goTo(edge.target); });
    entry(list, "From", from);
    entry(list, "To", to);
    entry(list, "How many", String(edge.weight));
    var seen = {};
    edge.records.forEach(function (record) {
      var r = record.attrs;
      var key = JSON.stringify(r);
      if (seen[key]) { return; }
      seen[key] = true;
      entry(list, "Claimant", joined(r.claimant));
      entry(list, "Act cited", joined(r.act));
      entry(list, "Intent", joined(r.intent));
      entry(list, "Pinpoint", r.pinpoint);
      entry(list, "Attack kind", joined(r.attack_kind));
      entry(list, "Quote", r.quote, true);
      entry(list, "Document", labelsOf(r.document));
    });
    details.appendChild(list);
  }

  cy.on("tap", "node", function (event) {
    if (event.target.hasClass("group")) { return; }
    showNode(event.target.id());
    try {
      history.replaceState(null, "", "#node=" + encodeURIComponent(event.target.id()));
    } catch (ignored) { /* some browsers refuse this for file: pages; the link is optional */ }
  });
  cy.on("tap", "edge", function (event) { showEdge(event.target.data("index")); });

  var hover = $("hover");
  cy.on("mouseover", "node", function (event) {
    if (event.target.hasClass("group")) { return; }
    hover.textContent = byId.get(event.target.id()).tooltip;
    var p = event.renderedPosition;
    hover.style.left = (p.x + 14) + "px";
    hover.style.top = (p.y + 14) + "px";
    hover.style.display = "block";
  });
  cy.on("mouseout", "node", function () { hover.style.display = "none"; });

  // ---- legend -----------------------------------------------------------------------------

  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }

  function shapeIcon(kind, fill) {
    var box = svg("svg", { width: 34, height: 20, viewBox: "0 0 34 20" });
    var stroke = { stroke: "#333", "stroke-width": 1, fill: fill };
    var shape;
    if (kind === "rebuttal") {
      shape = svg("polygon", Object.assign({ points: "6,2 28,2 33,10 28,18 6,18 1,10" }, stroke));
    } else if (kind === "actor") {
      shape = svg("ellipse", Object.assign({ cx: 17, cy: 10, rx: 15, ry: 8 }, stroke));
    } else if (kind === "authority") {
      box.appendChild(svg("rect", Object.assign({ x: 1, y: 1, width: 32, height: 18 }, stroke)));
      shape = svg("rect", { x: 4, y: 4, width: 26, height: 12, fill: "none", stroke: "#333" });
    } else {
      shape = svg("rect", Object.assign({ x: 1, y: 2, width: 32, height: 16, rx: 5 }, stroke));
    }
    box.appendChild(shape);
    return box;
  }

  function lineIcon(style) {
    var box = svg("svg", { width: 34, height: 20, viewBox: "0 0 34 20" });
    var dash = style.line === "dashed" ? "5,3" : style.line === "dotted" ? "1,3" : "none";
    box.appendChild(svg("line", { x1: 1, y1: 10, x2: style.arrow ? 26 : 33, y2: 10,
                                  stroke: style.colour, "stroke-width": 2,
                                  "stroke-dasharray": dash }));
    if (style.arrow) {
      box.appendChild(svg("polygon", { points: "26,5 33,10 26,15", fill: style.colour }));
    }
    return box;
  }

  function legendItem(icon, text) {
    var item = el("div", null, "item");
    item.appendChild(icon);
    item.appendChild(el("span", text, "data"));
    return item;
  }

  function drawLegend() {
    var legend = $("legend");
    while (legend.firstChild) { legend.removeChild(legend.firstChild); }
    var nodeKinds = new Set(), edgeKinds = new Set(), actors = new Map();
    current.nodes.forEach(function (id) {
      var node = byId.get(id);
      nodeKinds.add(node.kind);
      (node.legendActors || []).forEach(function (pair) { actors.set(pair[1], pair[2]); });
    });
    current.edges.forEach(function (edge) { edgeKinds.add(edge.kind); });
    DATA.styles.nodeOrder.forEach(function (kind) {
      if (nodeKinds.has(kind)) {
        var fill = kind === "authority" ? DATA.styles.authorityColour : "#ffffff";
        legend.appendChild(legendItem(shapeIcon(kind, fill), DATA.styles.nodes[kind].legend));
      }
    });
    DATA.styles.edgeOrder.forEach(function (kind) {
      if (edgeKinds.has(kind)) {
        var style = DATA.styles.edges[kind];
        var words = style.legend + (DATA.view === "argument-map" ? "" : " (width: how many)");
        legend.appendChild(legendItem(lineIcon(style), words));
      }
    });
    // The colours again over the map itself, where the first view shows them.
    var key = $("key");
    while (key.firstChild) { key.removeChild(key.firstChild); }
    if (actors.size) {
      key.appendChild(el("div", DATA.groupBy === "side" ? "Colour: side" : "Colour: claimant",
                         "heading"));
    }
    Array.from(actors.keys()).sort(function (a, b) {
      return a.toLowerCase() < b.toLowerCase() ? -1 : 1;
    }).forEach(function (name) {
      [legend, key].forEach(function (box) {
        var swatch = svg("svg", { width: 34, height: 20, viewBox: "0 0 34 20" });
        swatch.appendChild(svg("rect", { x: 1, y: 2, width: 32, height: 16,
                                         fill: actors.get(name), stroke: "#333" }));
        box.appendChild(legendItem(swatch, name));
      });
    });
    if (groupsOf(current.nodes).length) {
      key.appendChild(el("div", DATA.groupBy === "side" ? "Boxes: one per side"
                                                        : "Boxes: one per document", "muted"));
    }
    key.style.display = key.firstChild ? "block" : "none";
  }

  // ---- start ------------------------------------------------------------------------------

  $("title").textContent = DATA.title;
  $("subtitle").textContent = DATA.subtitle;
  setControls(DATA.initial);

  // The address can open the map on a layout and a node: map.html#layout=cose&node=<IRI>.
  var wanted = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  var layoutSelect = $("f-layout");
  if (Array.prototype.some.call(layoutSelect.options,
                                function (o) { return o.value === wanted.get("layout"); })) {
    layoutSelect.value = wanted.get("layout");
  }

  function redrawWithFocus() { fillFocus(currentFilter()); draw(); }
  ["f-document", "f-actor", "f-topic"].forEach(function (id) {
    $(id).addEventListener("change", redrawWithFocus);
  });
  $("f-focus").addEventListener("change", draw);
  $("f-depth").addEventListener("change", draw);
  $("f-layout").addEventListener("change", draw);
  $("b-reset").addEventListener("click", function () { setControls(DATA.initial); draw(); });
  $("b-clear").addEventListener("click", function () {
    setControls({ documents: [], actors: [], topics: [], focus: null, depth: 1 });
    draw();
  });
  draw();
  if (wanted.get("node") && byId.has(wanted.get("node"))) { goTo(wanted.get("node")); }
})();
