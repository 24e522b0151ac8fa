/**
 * The analytics page's own script, served at /dashboard/assets/analytics.js (the CSP allows scripts
 * from the gateway only, never inline): it reads the charts' data from the page's
 * `<script type="application/json" id="analytics-data">` and draws each with chart.js (served
 * beside it), into the canvas named by the chart's id. The page's tables say the same without it.
 */
export const ANALYTICS_SCRIPT = `'use strict';
(function () {
  var source = document.getElementById('analytics-data');
  if (!source || typeof window.Chart !== 'function') return;
  var data = JSON.parse(source.textContent || '{}');
  var colours = ['#1f5eff', '#0a8a4a', '#c62828', '#7b3fe4', '#e08a00', '#00838f', '#5f6673'];
  (data.charts || []).forEach(function (chart) {
    var canvas = document.getElementById(chart.id);
    if (!canvas) return;
    new window.Chart(canvas, {
      type: chart.type,
      data: {
        labels: chart.labels,
        datasets: chart.datasets.map(function (d, i) {
          return { label: d.label, data: d.data, backgroundColor: colours[i % colours.length], borderColor: colours[i % colours.length] };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: chart.counts ? { precision: 0 } : {} } },
        plugins: { legend: { position: 'bottom' } }
      }
    });
    canvas.setAttribute('data-drawn', 'true');
  });
})();
`;
