/** @file The HTML viewer's small inlined script: pan/zoom, node details, the backward stepper (its CSS: viewer-css.ts). */

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
  // Text smaller than this (CSS px) is hard to read: "fit" never shrinks the graph below it (pan or zoom out instead).
  var MIN_FONT_PX = 9, FONT_UNITS = 10;
  // The step at which the backward pass reaches each node, and each node's gradient text in the SVG.
  var reach = {}, gradText = {};

  function setBox(b) {
    box = b;
    svg.setAttribute("viewBox", b.x + " " + b.y + " " + b.w + " " + b.h);
  }
  function paneSize() {
    var r = pane.getBoundingClientRect();
    return { w: Math.max(r.width, 1), h: Math.max(r.height, 1) };
  }
  function clampBox(b) {
    // keep the view over the graph: never scroll past an edge when the graph is larger than the view
    var x = b.w >= box0.w ? box0.x - (b.w - box0.w) / 2 : Math.min(Math.max(b.x, box0.x), box0.x + box0.w - b.w);
    var y = b.h >= box0.h ? box0.y - (b.h - box0.h) / 2 : Math.min(Math.max(b.y, box0.y), box0.y + box0.h - b.h);
    return { x: x, y: y, w: b.w, h: b.h };
  }
  // The whole graph when its text stays readable; else the largest readable scale, centred on the output
  // (where the backward pass starts), to be panned by dragging or scrolling.
  function fit() {
    var p = paneSize();
    var s = Math.max(Math.min(p.w / box0.w, p.h / box0.h), MIN_FONT_PX / FONT_UNITS);
    var w = p.w / s, h = p.h / s;
    var c = centre(data.outputId) || { x: box0.x + box0.w / 2, y: box0.y + box0.h / 2 };
    setBox(clampBox({ x: c.x - w / 2, y: c.y - h / 2, w: w, h: h }));
  }
  function centre(id) {
    var g = el(id);
    if (!g) return null;
    var r = g.getBoundingClientRect();
    return toSvgPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
  }
  // Pans (same zoom) so node \`id\` is in view when it is not.
  function reveal(id) {
    var g = el(id);
    if (!g) return;
    var r = g.getBoundingClientRect(), pr = pane.getBoundingClientRect();
    if (r.left >= pr.left && r.right <= pr.right && r.top >= pr.top && r.bottom <= pr.bottom) return;
    var c = centre(id);
    if (c) setBox(clampBox({ x: c.x - box.w / 2, y: c.y - box.h / 2, w: box.w, h: box.h }));
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
    if (d.grad === null) h += "<p class='muted'>none: this tensor needs no gradient, or backward() was not called</p>";
    else if (!reached(id)) h += "<p class='muted pending'>not computed yet: the backward pass reaches this node at step " + (reach[id] + 1) + " of " + view.steps.length + " (press » to see every gradient)</p>";
    else h += "<pre class='grad'>" + d.grad + "</pre>";
    if (d.local) h += "<div class='label'>local derivative</div>" + d.local;
    if (d.rule) h += "<div class='label'>rule of " + d.op + "</div>" + d.rule;
    info.innerHTML = h;
    fitEquations(info);
  }
  function reached(id) {
    return reach[id] === undefined || reach[id] <= step;
  }
  // Side-panel equations wrap (.eq); what still does not fit (a wide matrix, an aligned block) shrinks,
  // down to 60%, re-measured since text does not scale exactly; beyond that it scrolls inside its own
  // box, marked .wide (a shadow at the cut edge and a scrollbar). A wrapped line may end in the space
  // after its = or +: that much overflow (0.4em) is blank and is not counted.
  function fitEquations(root) {
    var eqs = root.querySelectorAll(".katex-display, .eq");
    for (var i = 0; i < eqs.length; i++) {
      var e = eqs[i], k = e.classList.contains("eq") ? e : e.firstElementChild;
      if (!k) continue;
      k.style.fontSize = "";
      var slack = e.classList.contains("eq") ? 0.4 * parseFloat(getComputedStyle(k).fontSize) : 1;
      var over = function () { return e.clientWidth > 0 && e.scrollWidth > e.clientWidth + slack; };
      for (var n = 0, size = 1; n < 4 && over() && size > 0.6; n++) {
        size = Math.max(0.6, size * (e.clientWidth / e.scrollWidth) * 0.98);
        k.style.fontSize = size.toFixed(3) + "em";
      }
      e.classList.toggle("wide", over());
    }
  }
  // Which gradient lines each node draws (the SVG text in the gradient colour), and when a step reaches it.
  function indexGradients() {
    reach = {}; gradText = {};
    var steps = view.steps;
    for (var i = 0; i < steps.length; i++) if (reach[steps[i].node] === undefined) reach[steps[i].node] = i;
    var texts = svg.querySelectorAll("g.node text");
    for (var j = 0; j < texts.length; j++) {
      var fill = (texts[j].getAttribute("fill") || "").toLowerCase();
      if (fill !== data.gradColor) continue;
      var id = texts[j].closest("g.node").id.replace(/_op$/, "");
      (gradText[id] = gradText[id] || []).push(texts[j]);
    }
    // a gradient no step arrives at (folded or module nodes) shows once the pass is complete
    Object.keys(gradText).forEach(function (id) { if (reach[id] === undefined) reach[id] = Math.max(steps.length - 1, 0); });
  }
  function renderStep() {
    clearClass("lit");
    clearClass("done");
    var steps = view.steps;
    for (var i = 0; i <= step && i < steps.length; i++) {
      steps[i].lit.forEach(function (k) { var g = el(k); if (g) g.classList.add(i === step ? "lit" : "done"); });
    }
    Object.keys(gradText).forEach(function (id) {
      var hide = !reached(id);
      gradText[id].forEach(function (t) { t.classList.toggle("pending", hide); });
    });
    counter.textContent = (step + 1) + " / " + steps.length;
    var intro = "<p class='muted'>Press next › (or →) to send the gradient back from the output, one edge at a time; Home and End jump to the start and the end." +
      (data.computed ? " backward() was not called: the numbers are computed for this page." : "") + "</p>";
    stepBox.innerHTML = step < 0 ? intro : steps[step].html;
    fitEquations(stepBox);
    if (step >= 0) { select(steps[step].node); reveal(steps[step].node); }
    else if (selected) select(selected);
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
    indexGradients();
    go(-1);
    info.innerHTML = "<p class='muted'>Click a node to see its value, gradient and local derivative.</p>";
  }
  function firstIn(scope) {
    var v = data.views[1];
    var ids = Object.keys(v.nodes);
    for (var i = ids.length - 1; i >= 0; i--) if (v.nodes[ids[i]].scope === scope) return ids[i];
    return ids[0];
  }

  // A drag pans from anywhere, nodes included; a press that does not move is a click (selects the node).
  var dragging = null, dragged = false;
  pane.addEventListener("wheel", function (e) {
    e.preventDefault();
    if (e.ctrlKey || e.metaKey) { zoom(e.deltaY < 0 ? 1 / 1.15 : 1.15, e.clientX, e.clientY); return; }
    var s = box.w / paneSize().w;
    setBox({ x: box.x + e.deltaX * s, y: box.y + e.deltaY * s, w: box.w, h: box.h });
  }, { passive: false });
  pane.addEventListener("pointerdown", function (e) {
    if (e.button !== 0) return;
    dragging = { x: e.clientX, y: e.clientY, x0: e.clientX, y0: e.clientY };
    dragged = false;
  });
  window.addEventListener("pointermove", function (e) {
    if (!dragging) return;
    if (!dragged && Math.abs(e.clientX - dragging.x0) + Math.abs(e.clientY - dragging.y0) < 4) return;
    dragged = true;
    pane.classList.add("dragging");
    var a = toSvgPoint(dragging.x, dragging.y), b = toSvgPoint(e.clientX, e.clientY);
    setBox({ x: box.x - (b.x - a.x), y: box.y - (b.y - a.y), w: box.w, h: box.h });
    dragging.x = e.clientX; dragging.y = e.clientY;
  });
  window.addEventListener("pointerup", function () { dragging = null; pane.classList.remove("dragging"); });
  pane.addEventListener("click", function (e) {
    if (dragged) { e.stopPropagation(); e.preventDefault(); dragged = false; }
  }, true);
  window.addEventListener("resize", function () { if (svg) fitEquations(document); });
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
    else if (e.key === "Home") { e.preventDefault(); go(-1); }
    else if (e.key === "End") { e.preventDefault(); go(view.steps.length - 1); }
    else return;
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
  fitEquations(document);
  // KaTeX's fonts (inlined) finish loading after this script: measure again with them
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(function () { fitEquations(document); });
  window.chainrule = { show: show, select: select, go: go, step: function () { return step; }, steps: function () { return view.steps.length; }, reach: function () { return reach; } };
})();
`;
