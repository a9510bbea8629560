/**
 * The base script (served as /assets/app.<hash>.js): moves focus to a form's error summary, and
 * gives htmx requests the page's CSRF token. Pages work without it.
 */
export default String.raw`
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focusSummary);
  else focusSummary();
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content");
  });
  document.addEventListener("htmx:afterSwap", focusSummary);
})();
`;
