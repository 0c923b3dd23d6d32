// The dashboard's charts, drawn by ECharts (loaded beside the page) from the dash tables' rows embedded in the
// page as JSON. Every chart marks its element data-rendered="true" once drawn; an error anywhere is written into
// the page (#errors) as well as the console, so that a headless browser check sees it.
(function () {
  'use strict';
  var errors = [];
  function fail(message) {
    errors.push(String(message));
    var box = document.getElementById('errors');
    if (box) { box.textContent = errors.join('\n'); box.hidden = false; }
  }
  window.addEventListener('error', function (e) { fail(e.message); });
  var consoleError = console.error;
  console.error = function () { fail(Array.prototype.join.call(arguments, ' ')); consoleError.apply(console, arguments); };

  var data = JSON.parse(document.getElementById('dash-data').textContent);
  var rendered = 0;

  function rows(table, where) { return (data[table] || []).filter(where || function () { return true; }); }
  function num(v) { return v === null || v === undefined ? null : Number(v); }

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) { fail('no element ' + id); return; }
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    option.animation = false;
    chart.setOption(option);
    el.dataset.rendered = 'true';
    rendered++;
  }

  // A bar per category with its interval as an error bar; a suppressed category keeps its label, marked, and no bar.
  function barsWithIntervals(id, title, categories, values, lows, highs, suppressed, unit) {
    var labels = categories.map(function (c, i) { return suppressed[i] ? c + ' (suppressed)' : c; });
    var bars = values.map(function (v, i) { return suppressed[i] ? null : num(v); });
    var intervals = categories.map(function (c, i) {
      return suppressed[i] || lows[i] === null ? [i, null, null] : [i, num(lows[i]), num(highs[i])];
    });
    draw(id, {
      title: { text: title, textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis' },
      grid: { left: 60, right: 20, bottom: 90, top: 40 },
      xAxis: { type: 'category', data: labels, axisLabel: { rotate: 30, interval: 0 } },
      yAxis: { type: 'value', name: unit || '' },
      series: [
        { type: 'bar', name: title, data: bars, itemStyle: { color: '#4e79a7' } },
        // Both ends of the interval on the y axis, so that the axis makes room for the whole bar.
        { type: 'custom', name: 'interval', data: intervals, z: 10, encode: { x: 0, y: [1, 2] },
          renderItem: function (params, api) {
            if (api.value(1) === null || isNaN(api.value(1))) { return null; }
            var low = api.coord([api.value(0), api.value(1)]);
            var high = api.coord([api.value(0), api.value(2)]);
            var w = api.size([1, 0])[0] * 0.15;
            var style = { stroke: '#222', lineWidth: 1.5 };
            return { type: 'group', children: [
              { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style: style },
              { type: 'line', shape: { x1: low[0] - w, y1: low[1], x2: low[0] + w, y2: low[1] }, style: style },
              { type: 'line', shape: { x1: high[0] - w, y1: high[1], x2: high[0] + w, y2: high[1] }, style: style }] };
          } }]
    });
  }

  // A line over time with its interval as a band (the low line, then the width stacked on it, shaded).
  function lineWithBand(id, title, dates, values, lows, highs, unit) {
    var width = lows.map(function (l, i) { return l === null || highs[i] === null ? null : num(highs[i]) - num(l); });
    draw(id, {
      title: { text: title, textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis' },
      grid: { left: 60, right: 20, bottom: 40, top: 40 },
      xAxis: { type: 'category', data: dates },
      yAxis: { type: 'value', name: unit || '', scale: true },
      series: [
        { type: 'line', name: 'low', data: lows.map(num), stack: 'band', symbol: 'none', lineStyle: { opacity: 0 } },
        { type: 'line', name: 'interval', data: width, stack: 'band', symbol: 'none', lineStyle: { opacity: 0 },
          areaStyle: { color: '#4e79a7', opacity: 0.2 } },
        { type: 'line', name: title, data: values.map(num), symbolSize: 4, itemStyle: { color: '#4e79a7' } }]
    });
  }

  function scatter(id, title, points, xName, yName) {
    draw(id, {
      title: { text: title, textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'item' },
      grid: { left: 60, right: 20, bottom: 50, top: 40 },
      xAxis: { type: 'value', name: xName, scale: true },
      yAxis: { type: 'value', name: yName, scale: true },
      series: [{ type: 'scatter', data: points, itemStyle: { color: '#4e79a7' } }]
    });
  }

  function bars(id, title, table, key, value, low, high, unit, where) {
    var r = rows(table, where);
    barsWithIntervals(id, title, r.map(key), r.map(function (x) { return x[value]; }),
      r.map(function (x) { return x[low]; }), r.map(function (x) { return x[high]; }),
      r.map(function (x) { return x.suppressed === true; }), unit);
  }

  try {
    var metrics = [['nps', 'NPS', 'points'], ['csat', 'CSAT', '% satisfied'], ['ces', 'CES', 'effort 1-7']];
    var latest = rows('dash_scorecard').reduce(function (m, r) { return r.score_date > m ? r.score_date : m; }, '');
    metrics.forEach(function (m) {
      var trend = rows('dash_scorecard', function (r) { return r.metric === m[0] && r.dimension === 'all'; })
        .sort(function (a, b) { return a.score_date < b.score_date ? -1 : 1; });
      lineWithBand('chart-trend-' + m[0], m[1] + ' over time, all answers', trend.map(function (r) { return r.score_date; }),
        trend.map(function (r) { return r.score; }), trend.map(function (r) { return r.ci_low; }),
        trend.map(function (r) { return r.ci_high; }), m[2]);
    });
    ['cx_area', 'channel'].forEach(function (d) {
      bars('chart-' + d, 'NPS by ' + (d === 'cx_area' ? 'CX area' : 'channel') + ', ' + latest, 'dash_scorecard',
        function (r) { return r.dimension_value; }, 'score', 'ci_low', 'ci_high', 'points',
        function (r) { return r.metric === 'nps' && r.dimension === d && r.score_date === latest; });
    });
    bars('chart-ownership', 'NPS of the cases each department touched', 'dash_ownership',
      function (r) { return r.department; }, 'nps', 'nps_low', 'nps_high', 'points');
    bars('chart-transfers', 'Detractor share by transfers in the case', 'dash_transfers',
      function (r) { return r.transfers === 3 ? '3 or more' : String(r.transfers); }, 'detractor_share',
      'detractor_low', 'detractor_high', 'share');
    bars('chart-customers', 'The five questions, all segments', 'dash_customers',
      function (r) { return r.question; }, 'share', 'ci_low', 'ci_high', 'share',
      function (r) { return r.segment === 'all'; });
    bars('chart-context', 'Items that sell more in a context (rate ratio)', 'dash_context_lift',
      function (r) { return r.context_type + ': ' + r.item; }, 'rate_ratio', 'ci_low', 'ci_high', 'x baseline');
    scatter('chart-engagement', 'Unit engagement against its customers\' NPS a month later',
      rows('dash_engagement', function (r) { return !r.suppressed; }).map(function (r) { return [r.engagement, r.next_nps]; }),
      'engagement (1-5)', 'NPS next month');
    bars('chart-renewal', 'Renewal rate by active contacts of the account', 'dash_renewal',
      function (r) { return r.active_contacts === 6 ? '6 or more' : String(r.active_contacts); }, 'renewal_rate',
      'renewal_low', 'renewal_high', 'share');
  } catch (e) {
    fail(e && e.stack ? e.stack : e);
  }
  document.body.dataset.charts = String(rendered);
  document.body.dataset.errors = String(errors.length);
})();
