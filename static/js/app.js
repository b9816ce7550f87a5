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
  // Under a text with a limit (a textarea with maxlength), how many characters it has:
  // the form field template writes the counter (data-counter-for) with its words.
  function countCharacters(field) {
    var note = document.querySelector('[data-counter-for="' + field.id + '"]');
    if (!note) { return; }
    var lang = document.documentElement.lang || undefined;
    var max = parseInt(field.getAttribute("maxlength"), 10);
    var used = field.value.length;
    note.textContent = note.getAttribute("data-template")
      .replace("{count}", used.toLocaleString(lang))
      .replace("{max}", max.toLocaleString(lang));
    note.classList.toggle("text-danger", used >= max * 0.9);
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches("textarea[maxlength]")) { countCharacters(event.target); }
  });
  document.querySelectorAll("textarea[maxlength]").forEach(countCharacters);
  // Send the CSRF token with every HTMX request.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("meta[name=csrf-token]");
    if (token) { event.detail.headers["X-CSRFToken"] = token.content; }
  });
  // A form refused by the server (400, 409) and sent back to be swapped in place (it says
  // so with HX-Reswap): show it with its messages, as a page without JavaScript would.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if ((xhr.status === 400 || xhr.status === 409) && xhr.getResponseHeader("HX-Reswap")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
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
  // A background job's progress bar: its width from data-percent (no inline styles).
  function progressBars() {
    document.querySelectorAll(".progress-bar[data-percent]").forEach(function (bar) {
      bar.style.width = bar.getAttribute("data-percent") + "%";
    });
  }
  progressBars();
  document.addEventListener("htmx:afterSettle", progressBars);
  window.addEventListener("resize", scrollersFocusable);
})();
