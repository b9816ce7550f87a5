// The public site's quick exit: the control (or Escape pressed twice) replaces the page at
// once with a neutral site, without leaving this page in the tab's back history.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  var target = link.getAttribute("data-quick-exit");

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.title = "";
    document.body.style.visibility = "hidden";
    window.location.replace(target);
  }

  link.addEventListener("click", leave);
  var last = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - last < 1000) { leave(event); }
    last = now;
  });
})();
