// The trend chart of the sentence statistics page: draws exactly the exact figures of the
// per-year table (its data is that table's, written by the server with json_script); a
// censored or hidden figure is a gap, never a guess.
(function () {
  "use strict";
  var source = document.getElementById("statistics-chart-data");
  var canvas = document.getElementById("statistics-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  // Without JavaScript the chart's section stays hidden: the tables say it all.
  var section = document.getElementById("statistics-chart-section");
  if (section) section.hidden = false;
  var colours = ["#1f5fa8", "#c0392b", "#2e8b57"];
  Chart.defaults.animation = false;
  new Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: data.datasets.map(function (set, n) {
        return {
          label: set.label,
          data: set.data,
          borderColor: colours[n % colours.length],
          backgroundColor: colours[n % colours.length],
          spanGaps: false,
          tension: 0
        };
      })
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
