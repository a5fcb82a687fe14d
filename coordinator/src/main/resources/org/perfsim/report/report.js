// Draws the report's charts as SVG from the JSON embedded in the page (id "report-data"). Every drawn element
// carries data-* attributes with the numbers it stands for, so a test can check what was drawn. At the end
// the body gets data-rendered="ok"; a failure is written into #report-errors and data-rendered="error".
(function () {
  'use strict';
  var WIDTH = 900, HEIGHT = 280, LEFT = 60, RIGHT = 24, TOP = 16, BOTTOM = 40, LEGEND_ROW = 18;
  var COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
    '#bcbd22', '#17becf'];
  var PANIC_BINS = 20;
  // the namespace of the <svg> elements the HTML parser made, so the page spells out no URL at all
  var svgNs;

  function el(parent, name, attrs, text) {
    var e = document.createElementNS(svgNs, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) { e.textContent = text; }
    parent.appendChild(e);
    return e;
  }

  // Seconds from 2 s of simulated time on, else milliseconds.
  function timeUnit(endNanos) {
    return endNanos >= 2e9 ? { name: 's', nanos: 1e9 } : { name: 'ms', nanos: 1e6 };
  }

  function niceStep(max, count) {
    var raw = max / count, magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) {
      if (raw <= steps[i] * magnitude) { return steps[i] * magnitude; }
    }
    return 10 * magnitude;
  }

  function fmt(value) {
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  }

  // The frame of a chart over [0, endNanos] x [0, yMax]: axes, ticks, grid, labels; returns the scales.
  function frame(svg, endNanos, yMax, yLabel, integerY) {
    var unit = timeUnit(endNanos), plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
    var x = function (nanos) { return LEFT + plotW * Math.min(nanos, endNanos) / endNanos; };
    var y = function (v) { return TOP + plotH - plotH * v / yMax; };
    var axes = el(svg, 'g', { 'class': 'axis' }), grid = el(svg, 'g', { 'class': 'grid' });
    var xStep = niceStep(endNanos / unit.nanos, 8);
    for (var t = 0; t <= endNanos / unit.nanos + 1e-9; t += xStep) {
      var px = x(t * unit.nanos);
      el(grid, 'line', { x1: px, x2: px, y1: TOP, y2: TOP + plotH });
      el(axes, 'text', { x: px, y: TOP + plotH + 14, 'text-anchor': 'middle', 'class': 'x-tick' }, fmt(t));
    }
    var yStep = integerY ? Math.max(1, Math.ceil(niceStep(yMax, 5))) : niceStep(yMax, 5);
    for (var v = 0; v <= yMax + 1e-9; v += yStep) {
      el(grid, 'line', { x1: LEFT, x2: LEFT + plotW, y1: y(v), y2: y(v) });
      el(axes, 'text', { x: LEFT - 6, y: y(v) + 4, 'text-anchor': 'end', 'class': 'y-tick' }, fmt(v));
    }
    el(axes, 'line', { x1: LEFT, x2: LEFT + plotW, y1: TOP + plotH, y2: TOP + plotH });
    el(axes, 'line', { x1: LEFT, x2: LEFT, y1: TOP, y2: TOP + plotH });
    el(axes, 'text', { x: LEFT + plotW / 2, y: HEIGHT - 6, 'text-anchor': 'middle', 'class': 'x-label',
      'data-unit': unit.name }, 'simulated time (' + unit.name + ')');
    el(axes, 'text', { x: 12, y: TOP + plotH / 2, 'text-anchor': 'middle', 'class': 'y-label',
      transform: 'rotate(-90 12 ' + (TOP + plotH / 2) + ')' }, yLabel);
    return { x: x, y: y, plotW: plotW, plotH: plotH };
  }

  // The legend goes under the chart, one entry a row, so long group names are never cut.
  function legend(svg, count) {
    svg.setAttribute('viewBox', '0 0 ' + WIDTH + ' ' + (HEIGHT + count * LEGEND_ROW + 8));
    return el(svg, 'g', { 'class': 'legend' });
  }

  function legendEntry(box, index, color, label, attrs) {
    var entry = el(box, 'g', attrs), y = HEIGHT + 4 + index * LEGEND_ROW;
    el(entry, 'rect', { x: LEFT, y: y, width: 12, height: 12, fill: color });
    el(entry, 'text', { x: LEFT + 18, y: y + 10 }, label);
  }

  function empty(svg, text) {
    el(svg, 'text', { x: WIDTH / 2, y: HEIGHT / 2, 'text-anchor': 'middle', 'class': 'empty' }, text);
  }

  // (1) guests up against simulated time: one step line per host group, held to the end of the plot.
  function drawGuestsUp(svg, model, endNanos) {
    if (model.guestsUp.length === 0) { empty(svg, 'no host groups'); return; }
    var yMax = 1;
    model.guestsUp.forEach(function (g) {
      yMax = Math.max(yMax, g.guestsTotal);
      g.points.forEach(function (p) { yMax = Math.max(yMax, p.guestsUp); });
    });
    var s = frame(svg, endNanos, yMax, 'guests up', true), groups = legend(svg, model.guestsUp.length);
    model.guestsUp.forEach(function (g, i) {
      var color = COLORS[i % COLORS.length], d = '';
      g.points.forEach(function (p, k) {
        d += k === 0 ? 'M' + s.x(p.atNanos) + ' ' + s.y(p.guestsUp) : ' H' + s.x(p.atNanos) + ' V' + s.y(p.guestsUp);
      });
      if (g.points.length > 0) { d += ' H' + s.x(endNanos); }
      el(svg, 'path', { 'class': 'series', d: d, stroke: color, 'data-group': g.group,
        'data-guests-total': g.guestsTotal,
        'data-points': g.points.map(function (p) { return p.atNanos + ':' + p.guestsUp; }).join(',') });
      legendEntry(groups, i, color, g.group + ' (' + g.guestsTotal + ' guests)', { 'data-legend-group': g.group });
    });
  }

  // (2) panics over time by cause: a histogram of PANIC_BINS bins over the plot, stacked by cause.
  function drawPanics(svg, model, endNanos) {
    if (model.panics.length === 0) { empty(svg, 'no guest panicked'); return; }
    var causes = [], counts = {};
    model.panics.forEach(function (p) {
      if (!(p.cause in counts)) { causes.push(p.cause); counts[p.cause] = new Array(PANIC_BINS).fill(0); }
      var bin = Math.min(PANIC_BINS - 1, Math.max(0, Math.floor(PANIC_BINS * p.atNanos / endNanos)));
      counts[p.cause][bin]++;
    });
    causes.sort();
    var yMax = 1;
    for (var b = 0; b < PANIC_BINS; b++) {
      yMax = Math.max(yMax, causes.reduce(function (sum, c) { return sum + counts[c][b]; }, 0));
    }
    var unit = timeUnit(endNanos), binNanos = endNanos / PANIC_BINS;
    var s = frame(svg, endNanos, yMax, 'panics per ' + fmt(binNanos / unit.nanos) + ' ' + unit.name, true);
    var perCause = legend(svg, causes.length), barW = s.plotW / PANIC_BINS;
    for (b = 0; b < PANIC_BINS; b++) {
      var stacked = 0;
      causes.forEach(function (c, i) {
        var n = counts[c][b];
        if (n === 0) { return; }
        el(svg, 'rect', { 'class': 'panic-bar', x: s.x(b * binNanos) + 1, y: s.y(stacked + n), width: barW - 2,
          height: s.y(stacked) - s.y(stacked + n), fill: COLORS[i % COLORS.length], 'data-cause': c,
          'data-bin': b, 'data-bin-start': Math.round(b * binNanos), 'data-count': n });
        stacked += n;
      });
    }
    causes.forEach(function (c, i) {
      var total = counts[c].reduce(function (x, y) { return x + y; }, 0);
      legendEntry(perCause, i, COLORS[i % COLORS.length], c + ' (' + total + ')',
        { 'data-legend-cause': c, 'data-count': total });
    });
  }

  // Green for a stage that went well, red for one that failed or was stopped, grey otherwise.
  function stageColor(status) {
    if (/abort|fail|cancel|error/i.test(status)) { return '#f4a6a6'; }
    if (/pass|ok|finish|success/i.test(status)) { return '#a8dba8'; }
    return '#d0d7e1';
  }

  // (3) the stages as a Gantt chart on the same time axis, one row each.
  function drawStages(svg, model, endNanos) {
    if (model.stages.length === 0) { empty(svg, 'no stages'); return; }
    var rowH = 22, plotW = WIDTH - LEFT - RIGHT, unit = timeUnit(endNanos);
    var height = TOP + rowH * model.stages.length + BOTTOM;
    svg.setAttribute('viewBox', '0 0 ' + WIDTH + ' ' + height);
    var x = function (nanos) { return LEFT + plotW * Math.max(0, Math.min(nanos, endNanos)) / endNanos; };
    var axes = el(svg, 'g', { 'class': 'axis' }), bottom = TOP + rowH * model.stages.length;
    var step = niceStep(endNanos / unit.nanos, 8);
    for (var t = 0; t <= endNanos / unit.nanos + 1e-9; t += step) {
      el(axes, 'text', { x: x(t * unit.nanos), y: bottom + 14, 'text-anchor': 'middle', 'class': 'x-tick' }, fmt(t));
    }
    el(axes, 'line', { x1: LEFT, x2: LEFT + plotW, y1: bottom, y2: bottom });
    el(axes, 'text', { x: LEFT + plotW / 2, y: height - 6, 'text-anchor': 'middle', 'class': 'x-label',
      'data-unit': unit.name }, 'simulated time (' + unit.name + ')');
    model.stages.forEach(function (st, i) {
      var y = TOP + i * rowH, x0 = x(st.startNanos), x1 = Math.max(x(st.endNanos), x0 + 2);
      el(svg, 'rect', { 'class': 'stage-band', x: x0, y: y + 2, width: x1 - x0, height: rowH - 4,
        fill: stageColor(st.status), 'data-stage': st.name, 'data-start': st.startNanos, 'data-end': st.endNanos,
        'data-hosts': st.hosts, 'data-status': st.status });
      // a late stage's label ends where its band ends, so it stays on the chart
      var late = x0 > LEFT + plotW / 2;
      el(svg, 'text', { x: late ? x1 - 4 : x0 + 4, y: y + rowH / 2 + 4, 'text-anchor': late ? 'end' : 'start',
        'class': 'stage-label' },
        st.name + ': ' + st.hosts + (st.hosts === 1 ? ' host, ' : ' hosts, ') + st.status);
    });
  }

  // Where a close-up of the panics ends: a round time past the last panic, or 0 when the panics spread over
  // more than a tenth of the plot (2012's guests fall within a millisecond of a 10 s session).
  function closeUpEnd(model, endNanos) {
    if (model.panics.length === 0) { return 0; }
    var last = Math.max(1, Math.max.apply(null, model.panics.map(function (p) { return p.atNanos; })) * 1.25);
    var step = niceStep(last, 5), end = Math.ceil(last / step) * step;
    return end < endNanos / 10 ? end : 0;
  }

  function draw() {
    var model = JSON.parse(document.getElementById('report-data').textContent);
    var guests = document.getElementById('chart-guests');
    svgNs = guests.namespaceURI;
    // a report of nothing (endNanos 0) still gets an axis one nanosecond long, not a division by zero
    var endNanos = Math.max(1, model.endNanos);
    drawGuestsUp(guests, model, endNanos);
    drawPanics(document.getElementById('chart-panics'), model, endNanos);
    drawStages(document.getElementById('chart-stages'), model, endNanos);
    var closeUp = closeUpEnd(model, endNanos);
    if (closeUp > 0) {
      var section = document.getElementById('close-up');
      var unit = timeUnit(closeUp);
      section.hidden = false;
      section.setAttribute('data-end', closeUp);
      document.getElementById('close-up-span').textContent = fmt(closeUp / unit.nanos) + ' ' + unit.name;
      drawGuestsUp(document.getElementById('chart-guests-close-up'), model, closeUp);
      drawPanics(document.getElementById('chart-panics-close-up'), model, closeUp);
    }
  }

  try {
    draw();
    document.body.setAttribute('data-rendered', 'ok');
  } catch (e) {
    var box = document.getElementById('report-errors');
    box.hidden = false;
    box.textContent = 'The charts could not be drawn: ' + (e && e.stack ? e.stack : e);
    document.body.setAttribute('data-rendered', 'error');
  }
})();
