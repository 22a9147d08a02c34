/** @file The HTML viewer's small inlined script (pan/zoom, node details, backward stepper) and its stylesheet. */

/**
 * Plain browser JavaScript, kept as text so it runs the same from tsc output, tsx or vitest.
 * It reads the JSON in `#chainrule-data` and wires up the page built by toHTML().
 */
export const viewerScript = String.raw`
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chainrule-data").textContent);
  var pane = document.getElementById("graph");
  var info = document.getElementById("info");
  var stepBox = document.getElementById("step");
  var counter = document.getElementById("counter");
  var views = document.getElementById("views");
  var view = null, svg = null, box0 = null, box = null, step = -1, timer = null, selected = null;

  function setBox(b) {
    box = b;
    svg.setAttribute("viewBox", b.x + " " + b.y + " " + b.w + " " + b.h);
  }
  function fit() {
    setBox({ x: box0.x, y: box0.y, w: box0.w, h: box0.h });
  }
  function toSvgPoint(cx, cy) {
    var p = svg.createSVGPoint();
    p.x = cx; p.y = cy;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  function zoom(factor, cx, cy) {
    var r = svg.getBoundingClientRect();
    if (cx === undefined) { cx = r.left + r.width / 2; cy = r.top + r.height / 2; }
    var p = toSvgPoint(cx, cy);
    setBox({ x: p.x - (p.x - box.x) * factor, y: p.y - (p.y - box.y) * factor, w: box.w * factor, h: box.h * factor });
  }
  function focus(id) {
    var g = el(id);
    if (!g) return;
    var r = g.getBoundingClientRect();
    var a = toSvgPoint(r.left, r.top), b = toSvgPoint(r.right, r.bottom);
    var padX = (b.x - a.x) * 0.15, padY = (b.y - a.y) * 0.15;
    setBox({ x: a.x - padX, y: a.y - padY, w: b.x - a.x + 2 * padX, h: b.y - a.y + 2 * padY });
  }
  function el(id) {
    return svg ? svg.getElementById(id) : null;
  }
  function clearClass(name) {
    var found = svg.querySelectorAll("." + name);
    for (var i = 0; i < found.length; i++) found[i].classList.remove(name);
  }
  function select(id) {
    var d = view.nodes[id];
    if (!d) return;
    if (selected) clearClass("selected");
    selected = id;
    [id, id + "_op"].forEach(function (k) { var g = el(k); if (g) g.classList.add("selected"); });
    var h = "<h3>" + d.title + " <span class='kind " + d.kind + "'>" + d.kindLabel + "</span></h3>";
    h += "<table class='facts'><tr><th>shape</th><td>" + d.shape + "</td></tr><tr><th>dtype</th><td>" + d.dtype + "</td></tr>";
    if (d.op) h += "<tr><th>op</th><td>" + d.op + "</td></tr>";
    if (d.scope) h += "<tr><th>module</th><td>" + d.scope + "</td></tr>";
    if (d.count > 1) h += "<tr><th>stands for</th><td>" + d.count + " nodes</td></tr>";
    h += "</table>";
    if (d.expression) h += "<div class='label'>computed as</div>" + d.expression;
    h += "<div class='label'>value</div><pre class='value'>" + d.value + "</pre>";
    h += "<div class='label grad'>gradient ∂" + data.output + "/∂" + d.short + "</div>";
    h += d.grad === null ? "<p class='muted'>none yet: call backward() first, or this tensor needs no gradient</p>" : "<pre class='grad'>" + d.grad + "</pre>";
    if (d.local) h += "<div class='label'>local derivative</div>" + d.local;
    if (d.rule) h += "<div class='label'>rule of " + d.op + "</div>" + d.rule;
    info.innerHTML = h;
  }
  function renderStep() {
    clearClass("lit");
    clearClass("done");
    var steps = view.steps;
    for (var i = 0; i <= step && i < steps.length; i++) {
      steps[i].lit.forEach(function (k) { var g = el(k); if (g) g.classList.add(i === step ? "lit" : "done"); });
    }
    counter.textContent = (step + 1) + " / " + steps.length;
    stepBox.innerHTML = step < 0 ? "<p class='muted'>Press next › (or the → key) to send the gradient back from the output, one edge at a time.</p>" : steps[step].html;
    if (step >= 0) select(steps[step].node);
  }
  function go(n) {
    step = Math.max(-1, Math.min(view.steps.length - 1, n));
    renderStep();
  }
  function play() {
    if (timer) { clearInterval(timer); timer = null; document.getElementById("play").textContent = "play"; return; }
    if (step >= view.steps.length - 1) go(-1);
    document.getElementById("play").textContent = "pause";
    timer = setInterval(function () {
      if (step >= view.steps.length - 1) { play(); return; }
      go(step + 1);
    }, 1100);
  }
  function show(key) {
    view = data.views.filter(function (v) { return v.key === key; })[0];
    pane.innerHTML = view.svg;
    svg = pane.querySelector("svg");
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    var vb = svg.viewBox.baseVal;
    box0 = { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
    fit();
    var nodes = svg.querySelectorAll("g.node");
    for (var i = 0; i < nodes.length; i++) {
      nodes[i].addEventListener("click", function (ev) {
        var id = ev.currentTarget.id.replace(/_op$/, "");
        if (view.nodes[id] && view.nodes[id].kind === "module" && data.views.length > 1) {
          var scope = view.nodes[id].scope;
          show(data.views[1].key);
          select(firstIn(scope));
          focus("cluster:" + scope);
          return;
        }
        select(id);
      });
    }
    var buttons = views.querySelectorAll("button");
    for (var j = 0; j < buttons.length; j++) buttons[j].classList.toggle("on", buttons[j].getAttribute("data-view") === key);
    selected = null;
    go(-1);
    info.innerHTML = "<p class='muted'>Click a node to see its value, gradient and local derivative.</p>";
  }
  function firstIn(scope) {
    var v = data.views[1];
    var ids = Object.keys(v.nodes);
    for (var i = ids.length - 1; i >= 0; i--) if (v.nodes[ids[i]].scope === scope) return ids[i];
    return ids[0];
  }

  var dragging = null;
  pane.addEventListener("wheel", function (e) { e.preventDefault(); zoom(e.deltaY < 0 ? 1 / 1.15 : 1.15, e.clientX, e.clientY); }, { passive: false });
  pane.addEventListener("pointerdown", function (e) {
    if (e.target.closest && e.target.closest("g.node")) return;
    dragging = { x: e.clientX, y: e.clientY, box: box };
    pane.classList.add("dragging");
  });
  window.addEventListener("pointermove", function (e) {
    if (!dragging) return;
    var a = toSvgPoint(dragging.x, dragging.y), b = toSvgPoint(e.clientX, e.clientY);
    setBox({ x: box.x - (b.x - a.x), y: box.y - (b.y - a.y), w: box.w, h: box.h });
    dragging.x = e.clientX; dragging.y = e.clientY;
  });
  window.addEventListener("pointerup", function () { dragging = null; pane.classList.remove("dragging"); });
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(1 / 1.3); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(1.3); });
  document.getElementById("fit").addEventListener("click", fit);
  document.getElementById("first").addEventListener("click", function () { go(-1); });
  document.getElementById("prev").addEventListener("click", function () { go(step - 1); });
  document.getElementById("next").addEventListener("click", function () { go(step + 1); });
  document.getElementById("last").addEventListener("click", function () { go(view.steps.length - 1); });
  document.getElementById("play").addEventListener("click", play);
  document.addEventListener("keydown", function (e) {
    if (e.key === "ArrowRight") go(step + 1);
    else if (e.key === "ArrowLeft") go(step - 1);
  });
  data.views.forEach(function (v) {
    var b = document.createElement("button");
    b.textContent = v.label;
    b.setAttribute("data-view", v.key);
    b.addEventListener("click", function () { show(v.key); });
    views.appendChild(b);
  });
  if (data.views.length < 2) views.style.display = "none";
  show(data.initial);
  window.chainrule = { show: show, select: select, go: go, step: function () { return step; }, steps: function () { return view.steps.length; } };
})();
`;

/** The viewer's stylesheet (the graph pane, the side panel, lit edges of the backward stepper). */
export const viewerCss = String.raw`
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2937; background: #f8fafc; }
body { display: grid; grid-template-rows: auto 1fr; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 12px 20px; padding: 10px 16px; background: #fff; border-bottom: 1px solid #e5e7eb; }
header h1 { font-size: 18px; margin: 0; font-weight: 600; }
header .group { display: flex; align-items: center; gap: 6px; }
header .group > span.caption { font-size: 12px; color: #6b7280; margin-right: 2px; }
button { font: inherit; font-size: 13px; padding: 4px 10px; border: 1px solid #d1d5db; border-radius: 6px; background: #fff; cursor: pointer; }
button:hover { background: #f3f4f6; }
button.on { background: #ede9fe; border-color: #8b5cf6; }
#counter { font-variant-numeric: tabular-nums; font-size: 13px; color: #374151; min-width: 60px; text-align: center; }
main { display: grid; grid-template-columns: 1fr 440px; min-height: 0; }
#graph { position: relative; overflow: hidden; background: #fff; cursor: grab; min-height: 0; }
#graph.dragging { cursor: grabbing; }
#graph svg { width: 100%; height: 100%; display: block; user-select: none; }
#graph g.node { cursor: pointer; }
#graph g.node:hover ellipse, #graph g.node:hover path, #graph g.node:hover polygon { stroke-width: 2.5px; }
#graph g.selected ellipse, #graph g.selected path, #graph g.selected polygon { stroke: #7c3aed; stroke-width: 3.5px; }
#graph g.done ellipse, #graph g.done > path, #graph g.done polygon { stroke: #fdba74; }
#graph g.edge.done path { stroke: #fb923c; stroke-width: 2px; }
#graph g.lit ellipse, #graph g.lit > path, #graph g.lit polygon { stroke: #c2410c; stroke-width: 3.5px; }
#graph g.edge.lit path { stroke: #c2410c; stroke-width: 3.5px; stroke-dasharray: 8 5; animation: flow 0.7s linear infinite; }
#graph g.edge.lit polygon { fill: #c2410c; stroke: #c2410c; }
@keyframes flow { to { stroke-dashoffset: 26; } }
aside { overflow: auto; border-left: 1px solid #e5e7eb; padding: 12px 16px 40px; background: #fcfcfd; }
aside h2 { font-size: 14px; text-transform: uppercase; letter-spacing: 0.04em; color: #6b7280; margin: 18px 0 6px; }
aside h3 { margin: 4px 0 8px; font-size: 18px; }
.kind { font-size: 11px; font-weight: 600; padding: 2px 6px; border-radius: 10px; vertical-align: middle; margin-left: 6px; }
.kind.parameter { background: #dbeafe; color: #1e3a8a; } .kind.input { background: #f3f4f6; color: #374151; }
.kind.op { background: #fef3c7; color: #78350f; } .kind.module, .kind.folded { background: #ede9fe; color: #4c1d95; }
.facts { border-collapse: collapse; font-size: 13px; margin-bottom: 6px; }
.facts th { text-align: left; color: #6b7280; font-weight: 500; padding: 1px 12px 1px 0; }
.label { font-size: 12px; color: #6b7280; margin-top: 10px; }
.label.grad { color: #c2410c; }
pre { margin: 4px 0; padding: 6px 8px; background: #fff; border: 1px solid #e5e7eb; border-radius: 6px; font-size: 12px; overflow: auto; max-height: 180px; }
pre.grad { color: #c2410c; border-color: #fed7aa; background: #fff7ed; }
.muted { color: #6b7280; font-size: 13px; }
#step { min-height: 80px; padding: 6px 8px; background: #fff7ed; border: 1px solid #fed7aa; border-radius: 8px; overflow-x: auto; }
.eqs .katex-display { margin: 4px 0; text-align: left; }
.eqs .katex-display > .katex { text-align: left; }
#step .katex-display { margin: 4px 0; }
.katex { font-size: 1.05em; }
.notes { font-size: 12px; color: #6b7280; }
`;
