// Enhancements every page shares; the pages work without them.
// An error summary takes the focus when the page loads (GOV.UK's pattern), so a
// screen reader reads it first and Tab goes on to its links.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
