// Coalition: small behaviours, no inline scripts (the Content Security Policy forbids them).
(function () {
  "use strict";
  // Auto-submit controls marked data-autosubmit (language and scope switchers, filters).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches("[data-autosubmit]")) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });
  // Send the CSRF token with every HTMX request.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("meta[name=csrf-token]");
    if (token) { event.detail.headers["X-CSRFToken"] = token.content; }
  });
  // A table wider than its box scrolls sideways: keyboard users reach it (WCAG 2.1.1).
  function scrollersFocusable() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) { box.tabIndex = 0; } else { box.removeAttribute("tabindex"); }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scrollersFocusable);
  } else { scrollersFocusable(); }
  document.addEventListener("htmx:afterSettle", scrollersFocusable);
  window.addEventListener("resize", scrollersFocusable);
})();
