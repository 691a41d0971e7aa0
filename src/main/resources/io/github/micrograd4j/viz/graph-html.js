(function () {
  'use strict';
  // The model comes from GraphHtml.java: values (label, name, op, data, box corner x/y, label width lw, op width ow,
  // drawn operands "in"), and the steps of backward() in the engine's order, each with its additions
  // [operand, factor, operand's name, the local derivative in words]: operand.grad += factor * node.grad.
  // Text is only ever set with textContent and setAttribute, never parsed as markup.
  var SVG = 'http://www.w3.org/2000/svg';
  var TIMES = ' \u00d7 ';
  var model = JSON.parse(document.getElementById('graph-data').textContent);
  var BOX_H = model.boxHeight, NUM_W = model.numberWidth, OP_PAD = model.opPad;   // the layout's own sizes
  var values = model.values, steps = model.steps;
  var n = values.length, total = 1 + steps.length;

  function num(x) { return typeof x === 'string' ? Number(x) : x; }
  values.forEach(function (v) { v.data = num(v.data); });
  steps.forEach(function (s) { s.adds.forEach(function (a) { a[1] = num(a[1]); }); });

  // numbers on the boxes, as draw_dot prints them (%.4f), in exponent form when that would hide them
  function box(x) {
    if (x !== x) { return 'NaN'; }
    if (x === Infinity || x === -Infinity) { return x > 0 ? 'inf' : '-inf'; }
    var a = Math.abs(x);
    if (a === 0) { return '0.0000'; }
    return a >= 1e4 || a < 1e-4 ? x.toExponential(3) : x.toFixed(4);
  }
  // numbers in the captions: 2.0 for an integer (as Python prints it), else up to 6 significant digits
  function short(x) {
    if (x !== x || x === Infinity || x === -Infinity) { return String(x); }
    if (x === Math.round(x) && Math.abs(x) < 1e15) { return (x === 0 ? '0' : String(x)) + '.0'; }
    var s = x.toPrecision(6);
    return s.indexOf('e') >= 0 ? s : s.replace(/0+$/, '').replace(/\.$/, '.0');
  }

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) { e.setAttribute(k, attrs[k]); } }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function text(parent, x, y, content, cls) {
    var t = el('text', { x: x, y: y }, parent);
    if (cls) { t.setAttribute('class', cls); }
    t.textContent = content;
    return t;
  }

  // ---- drawing ------------------------------------------------------------------------------------------------
  var svg = document.getElementById('view');
  var viewport = document.getElementById('viewport');
  var edgeLayer = document.getElementById('edges');
  var nodeLayer = document.getElementById('nodes');
  var defs = el('defs', {}, null);
  svg.insertBefore(defs, viewport);
  var marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '8',
    markerHeight: '8', markerUnits: 'userSpaceOnUse', orient: 'auto' }, defs);
  el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#8c959f' }, marker);

  var groups = new Array(n), gradText = new Array(n), opGroups = new Array(n), outEdges = new Array(n);
  var inEdges = new Array(n);
  function boxWidth(v) { return v.lw + 2 * NUM_W; }
  function curve(x1, y1, x2, y2) {
    var dx = Math.max(30, (x2 - x1) / 2);
    return 'M' + x1 + ',' + y1 + ' C' + (x1 + dx) + ',' + y1 + ' ' + (x2 - dx) + ',' + y2 + ' ' + x2 + ',' + y2;
  }
  values.forEach(function (v, i) {
    var g = el('g', { 'class': 'value', 'data-id': String(i), transform: 'translate(' + v.x + ',' + v.y + ')' },
      nodeLayer);
    g.setAttribute('data-label', v.label === null ? '' : v.label);
    g.setAttribute('data-op', v.op);
    g.setAttribute('data-data', String(v.data));
    g.setAttribute('data-grad', '0');
    el('title', {}, g).textContent = (v.label === null ? v.name : v.label) + (v.op ? ' = ' + v.op + '(...)' : '');
    el('rect', { x: 0, y: 0, width: boxWidth(v), height: BOX_H, rx: 3 }, g);
    el('line', { x1: v.lw, y1: 0, x2: v.lw, y2: BOX_H }, g);
    el('line', { x1: v.lw + NUM_W, y1: 0, x2: v.lw + NUM_W, y2: BOX_H }, g);
    var shown = v.label === null || v.label === '' ? v.name : v.label;
    if (shown.length > 20) { shown = shown.slice(0, 19) + '\u2026'; }
    text(g, 7, BOX_H / 2, shown, v.label === null || v.label === '' ? 'label unnamed' : 'label');
    text(g, v.lw + 6, BOX_H / 2, 'data ' + box(v.data), 'data');
    gradText[i] = text(g, v.lw + NUM_W + 6, BOX_H / 2, 'grad ' + box(0), 'grad');
    groups[i] = g;
    inEdges[i] = [];
    if (v.op) {
      var cx = v.x - OP_PAD - v.ow / 2, cy = v.y + BOX_H / 2;
      var og = el('g', { 'class': 'op', 'data-op-of': String(i) }, nodeLayer);
      el('ellipse', { cx: cx, cy: cy, rx: v.ow / 2, ry: 13 }, og);
      text(og, cx, cy, v.op.length > 12 ? v.op.slice(0, 11) + '\u2026' : v.op).setAttribute('text-anchor', 'middle');
      opGroups[i] = og;
      outEdges[i] = el('path', { 'class': 'edge out', d: curve(cx + v.ow / 2, cy, v.x - 1, cy),
        'marker-end': 'url(#arrow)' }, edgeLayer);
      v['in'].forEach(function (o) {
        var u = values[o];
        inEdges[i].push(el('path', { 'class': 'edge', 'data-from': String(o), 'data-to': String(i),
          d: curve(u.x + boxWidth(u), u.y + BOX_H / 2, cx - v.ow / 2 - 1, cy), 'marker-end': 'url(#arrow)' },
          edgeLayer));
      });
    }
  });

  // ---- zoom and pan -------------------------------------------------------------------------------------------
  var view = { s: 1, tx: 0, ty: 0 };
  function apply() {
    viewport.setAttribute('transform', 'translate(' + view.tx + ',' + view.ty + ') scale(' + view.s + ')');
  }
  function size() { var r = svg.getBoundingClientRect(); return { w: r.width || 800, h: r.height || 600 }; }
  function zoomAt(factor, px, py) {
    var s = Math.min(4, Math.max(0.05, view.s * factor));
    view.tx = px - (px - view.tx) * s / view.s;
    view.ty = py - (py - view.ty) * s / view.s;
    view.s = s;
    apply();
  }
  function fitScale() { var z = size(); return Math.min(z.w / model.width, z.h / model.height, 1.5); }
  function fit() {
    var z = size();
    view.s = fitScale();
    view.tx = (z.w - model.width * view.s) / 2;
    view.ty = (z.h - model.height * view.s) / 2;
    apply();
  }
  function box4(i) {                                     // a value's box with its operation node: [x0, y0, x1, y1]
    var v = values[i];
    return [v.x - (v.ow ? v.ow + 2 * OP_PAD : 0), v.y, v.x + boxWidth(v), v.y + BOX_H];
  }
  function follow(i, operands) {                        // keep the current node, and its operands if they fit, on screen
    var z = size(), r = box4(i), all = r.slice();
    operands.forEach(function (o) {
      var q = box4(o);
      all = [Math.min(all[0], q[0]), Math.min(all[1], q[1]), Math.max(all[2], q[2]), Math.max(all[3], q[3])];
    });
    var fits = (all[2] - all[0]) * view.s <= z.w - 40 && (all[3] - all[1]) * view.s <= z.h - 40;
    var want = fits ? all : r;
    var off = want[0] * view.s + view.tx < 0 || want[2] * view.s + view.tx > z.w ||
      want[1] * view.s + view.ty < 0 || want[3] * view.s + view.ty > z.h;
    if (off) {
      view.tx = z.w / 2 - (want[0] + want[2]) / 2 * view.s;
      view.ty = z.h / 2 - (want[1] + want[3]) / 2 * view.s;
      apply();
    }
  }
  svg.addEventListener('wheel', function (e) {
    e.preventDefault();
    var r = svg.getBoundingClientRect();
    zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  var drag = null;
  svg.addEventListener('pointerdown', function (e) {
    drag = { x: e.clientX, y: e.clientY, tx: view.tx, ty: view.ty };
    svg.setPointerCapture(e.pointerId);
    svg.classList.add('dragging');
  });
  svg.addEventListener('pointermove', function (e) {
    if (drag) { view.tx = drag.tx + e.clientX - drag.x; view.ty = drag.ty + e.clientY - drag.y; apply(); }
  });
  function endDrag() { drag = null; svg.classList.remove('dragging'); }
  svg.addEventListener('pointerup', endDrag);
  svg.addEventListener('pointercancel', endDrag);
  function zoomCentre(factor) { var z = size(); zoomAt(factor, z.w / 2, z.h / 2); }

  // ---- backward, step by step ---------------------------------------------------------------------------------
  var grad = new Array(n);
  var k = 0;                                            // steps done: 0 = forward pass only, total = all done
  var highlighted = [], changed = [];
  var caption = document.getElementById('caption');
  var progress = document.getElementById('progress');
  var root = values[0];

  function showGrad(i) {
    groups[i].setAttribute('data-grad', String(grad[i]));
    gradText[i].textContent = 'grad ' + box(grad[i]);
  }
  function mark(list, cls, on) {
    list.forEach(function (e) { if (on) { e.classList.add(cls); } else { e.classList.remove(cls); } });
  }
  function clearHighlight() {
    highlighted.forEach(function (h) { h.el.classList.remove(h.cls); });
    highlighted = [];
    mark(changed, 'changed', false);
    changed = [];
  }
  function highlight(e, cls) { if (e) { e.classList.add(cls); highlighted.push({ el: e, cls: cls }); } }

  // applies step number j (1-based) to the gradients; returns the caption lines when asked to describe it
  function perform(j, describe) {
    if (j === 1) {
      grad[0] = root.op ? 1 : grad[0] + 1;                // backward(): root.grad = 1 (a leaf root: += 1)
      return describe ? [root.name + '.grad = 1: the root\'s gradient with respect to itself, d' + root.name +
        '/d' + root.name + ' = 1. Next, each node in backward()\'s order hands its grad to its operands.'] : null;
    }
    var s = steps[j - 2], g = grad[s.node], lines = describe ? [] : null;
    var who = values[s.node].name;
    for (var a = 0; a < s.adds.length; a++) {
      var add = s.adds[a], o = add[0], f = add[1];
      if (o >= 0) { grad[o] = grad[o] + f * g; }
      if (describe) {
        lines.push((o >= 0 ? add[2] : 'an operand that is not drawn') + '.grad += ' + add[3] + TIMES + who +
          '.grad = ' + short(f) + TIMES + short(g) + (o >= 0 ? '  \u2192 ' + short(grad[o]) : ''));
      }
    }
    if (describe && lines.length > 12) {
      var more = lines.length - 12;
      lines = lines.slice(0, 12).concat(['... and ' + more + ' more']);
    }
    return describe ? [s.text + ': ' + (lines.length ? lines[0] : 'no operand')].concat(lines.slice(1)) : null;
  }

  function showStep(j, lines) {
    clearHighlight();
    if (j === 0) {
      caption.textContent = 'The forward pass is done: every value\'s data is known and every grad is 0. ' +
        'Press step (or the right arrow) to run backward(): first ' + root.name + '.grad = 1, then each node, in ' +
        'the order backward() takes them, adds local derivative' + TIMES + 'its grad to each operand\'s grad.';
    } else if (j === total && lines === null) {
      caption.textContent = 'Done: every grad is now what backward() computes (for leaves that started at 0). ' +
        'reset (Home) to watch it again.';
    } else {
      caption.textContent = lines.join('\n') + (j === total ? '\nDone: every grad is now what backward() computes.' : '');
    }
    if (j >= 1) {
      var node = j === 1 ? 0 : steps[j - 2].node;
      highlight(groups[node], 'current');
      if (j > 1) {
        highlight(opGroups[node], 'current');
        highlight(outEdges[node], 'active');
        inEdges[node].forEach(function (e) { highlight(e, 'active'); });
        steps[j - 2].adds.forEach(function (add) {
          if (add[0] >= 0) { highlight(groups[add[0]], 'operand'); changed.push(groups[add[0]]); }
        });
        mark(changed, 'changed', true);
      }
      if (lines !== null) {
        follow(node, j === 1 ? [] : steps[j - 2].adds.map(function (add) { return add[0]; })
          .filter(function (o) { return o >= 0; }));
      }
    }
    progress.textContent = j + ' / ' + total;
    document.getElementById('step').disabled = j === total;
    document.getElementById('finish').disabled = j === total;
    document.getElementById('back').disabled = j === 0;
  }
  function markDone(j) {                                // node steps 2..j are done
    if (j >= 2) { groups[steps[j - 2].node].classList.add('done'); }
  }

  function step() {
    if (k >= total) { return false; }
    k++;
    var lines = perform(k, true);
    if (k === 1) {
      showGrad(0);
    } else {
      steps[k - 2].adds.forEach(function (add) { if (add[0] >= 0) { showGrad(add[0]); } });
      markDone(k);
    }
    showStep(k, lines);
    return true;
  }
  function goTo(j) {                                    // recomputes from the start: the same additions, in order
    for (var i = 0; i < n; i++) { grad[i] = 0; groups[i].classList.remove('done'); }
    for (var m = 1; m < j; m++) { perform(m, false); markDone(m); }
    var lines = j >= 1 ? perform(j, true) : null;
    markDone(j);
    k = j;
    for (var q = 0; q < n; q++) { showGrad(q); }
    showStep(j, lines);
  }
  function finish() {
    stop();
    if (k === total) { return; }
    for (var m = k + 1; m <= total; m++) { perform(m, false); markDone(m); }
    k = total;
    for (var q = 0; q < n; q++) { showGrad(q); }
    showStep(total, null);
  }

  // ---- controls -----------------------------------------------------------------------------------------------
  var timer = null;
  var playButton = document.getElementById('play');
  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    playButton.textContent = 'play';
  }
  function play() {
    if (timer !== null) { stop(); return; }
    if (k === total) { goTo(0); }
    playButton.textContent = 'pause';
    timer = setInterval(function () { if (!step()) { stop(); } }, Number(document.getElementById('speed').value));
  }
  document.getElementById('step').addEventListener('click', function () { stop(); step(); });
  document.getElementById('back').addEventListener('click', function () { stop(); if (k > 0) { goTo(k - 1); } });
  document.getElementById('play').addEventListener('click', play);
  document.getElementById('finish').addEventListener('click', finish);
  document.getElementById('reset').addEventListener('click', function () { stop(); goTo(0); });
  document.getElementById('speed').addEventListener('change', function () { if (timer !== null) { stop(); play(); } });
  document.getElementById('fit').addEventListener('click', fit);
  document.getElementById('zoomin').addEventListener('click', function () { zoomCentre(1.25); });
  document.getElementById('zoomout').addEventListener('click', function () { zoomCentre(0.8); });
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || (e.target && e.target.tagName === 'SELECT')) { return; }
    var keys = {
      ArrowRight: function () { stop(); step(); }, ArrowDown: function () { stop(); step(); },
      ArrowLeft: function () { stop(); if (k > 0) { goTo(k - 1); } },
      ArrowUp: function () { stop(); if (k > 0) { goTo(k - 1); } },
      ' ': play, Home: function () { stop(); goTo(0); }, End: finish,
      '+': function () { zoomCentre(1.25); }, '=': function () { zoomCentre(1.25); },
      '-': function () { zoomCentre(0.8); }, '0': fit
    };
    if (Object.prototype.hasOwnProperty.call(keys, e.key)) { e.preventDefault(); keys[e.key](); }
  });

  goTo(0);
  if (fitScale() >= 0.45) {
    fit();
  } else {                                              // a big graph: start readable, with the root at the right
    var z = size();
    view.s = 0.8;
    view.tx = z.w - 30 - (root.x + boxWidth(root)) * view.s;
    view.ty = model.height * view.s <= z.h ? (z.h - model.height * view.s) / 2 : z.h / 2 - (root.y + BOX_H / 2) * view.s;
    apply();
  }
}());
