// The public site's safety: the quick exit, and a visit that leaves one entry in history.
//
// The quick exit (the control, or Escape pressed twice) hides the page at once and replaces
// it with a neutral site through location.replace, so the back button does not return to
// it. location.replace only replaces the current entry: links between public pages also
// navigate with it (and so do the public pages' filter forms, which ask with GET), so that
// a whole visit holds that one entry and "back" leaves the site.
// Without JavaScript the quick exit is a plain link to the neutral site.
(function () {
  "use strict";
  var root = document.documentElement;
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  var target = link.getAttribute("data-quick-exit");
  // The paths of the public pages ("/", "/privacy/", "/en/", ...): "/" names the home only.
  var prefixes = (document.body.getAttribute("data-public-paths") || "").split(" ");
  // A file, not a page: followed normally.
  var FILE = /\.[a-z0-9]{2,5}$/i;

  function leave(event) {
    if (event) { event.preventDefault(); }
    root.classList.add("public-leaving");
    document.body.hidden = true;
    document.title = "";
    window.location.replace(target);
  }

  link.addEventListener("click", leave);
  var last = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") { return; }
    var now = Date.now();
    if (now - last < 1500) { leave(event); }
    last = now;
  });

  function isPublicPage(url) {
    if (url.origin !== window.location.origin || FILE.test(url.pathname)) { return false; }
    return prefixes.some(function (prefix) {
      return prefix && (prefix === "/" ? url.pathname === "/" : url.pathname.indexOf(prefix) === 0);
    });
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey) { return; }
    var anchor = event.target.closest ? event.target.closest("a[href]") : null;
    if (!anchor || anchor.hasAttribute("download") || anchor === link) { return; }
    var opens = anchor.getAttribute("target");
    if (opens && opens !== "_self") { return; }
    var url = new URL(anchor.href, window.location.href);
    if (!isPublicPage(url)) { return; }
    // A link to a place on the same page scrolls, as usual.
    if (url.hash && url.pathname === window.location.pathname && url.search === window.location.search) {
      return;
    }
    event.preventDefault();
    window.location.replace(url.href);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.method || "get").toLowerCase() !== "get") { return; }
    var opens = form.getAttribute("target");
    if (opens && opens !== "_self") { return; }
    var url = new URL(form.action || window.location.href, window.location.href);
    if (!isPublicPage(url)) { return; }
    var fields = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") { fields.append(name, value); }
    });
    var button = event.submitter;
    if (button && button.name) { fields.append(button.name, button.value); }
    url.search = fields.toString();
    event.preventDefault();
    window.location.replace(url.href);
  });
})();
