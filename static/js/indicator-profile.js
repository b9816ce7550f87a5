// The charts of a country's compliance profile: each canvas[data-chart] draws exactly the
// table under it (its data is that table's, written by the server with json_script): a
// horizontal bar per indicator of a pillar (this year, and the year before when shown),
// and the trend of the overall and pillar scores. A missing score is a gap.
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  var colours = ["#1f5fa8", "#9aa9b8", "#c0392b", "#2e8b57", "#8e44ad", "#d68910"];
  var dashes = [[], [6, 4], [2, 3], [8, 3, 2, 3], [12, 4], [4, 8]];
  Chart.defaults.animation = false;
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var bar = canvas.dataset.kind === "bar";
    if (bar) {
      canvas.parentElement.style.height = 60 + data.labels.length * data.datasets.length * 18 + "px";
    }
    new Chart(canvas, {
      type: bar ? "bar" : "line",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set, n) {
          return {
            label: set.label,
            data: set.data,
            borderColor: colours[n % colours.length],
            backgroundColor: colours[n % colours.length],
            borderDash: bar ? undefined : dashes[n % dashes.length],
            pointStyle: ["circle", "rect", "triangle", "rectRot", "cross", "star"][n % 6],
            spanGaps: false,
            tension: 0
          };
        })
      },
      options: {
        indexAxis: bar ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        scales: bar
          ? { x: { min: 0, max: 100 } }
          : { y: { min: 0, max: 100 } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  });
})();
