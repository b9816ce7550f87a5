// Bar charts of a statistics page: each canvas with data-chart="ID" draws the data of the
// json_script element ID (labels, datasets, optional max), written by the server from the
// page's own tables; a hidden figure (null) is left out, never guessed.
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  var colours = ["#1f5fa8", "#c0392b", "#2e8b57"];
  Chart.defaults.animation = false;
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var y = { beginAtZero: true, ticks: { precision: 0 } };
    if (data.max) y.max = data.max;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set, n) {
          return {
            label: set.label,
            data: set.data,
            backgroundColor: colours[n % colours.length]
          };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: y },
        plugins: { legend: { display: false } }
      }
    });
  });
})();
