// The record editor's enhancements; every button works without them (the server
// edits the rows and sends the form back).
// - After an editing button (add, remove, move) the page comes back at the same
//   scroll position, and the server's autofocus puts the focus on what changed.
// - A link of the error summary puts the focus on its input, not only the view
//   (GOV.UK's error summary does the same).
// - Alt+Shift+S saves (a cheap shortcut; the Save button is first in the form).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const link of document.querySelectorAll(".error-summary a[href^='#']")) {
    link.addEventListener("click", (event) => {
      const target = document.getElementById(link.hash.slice(1));
      if (target) {
        event.preventDefault();
        if (!target.matches("input, select, textarea, button")) {
          target.setAttribute("tabindex", "-1");
        }
        target.focus();
        target.scrollIntoView({ block: "center" });
      }
    });
  }
  const form = document.querySelector("form.editor");
  if (!form) {
    return;
  }
  const key = "editor-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  sessionStorage.removeItem(key);
  const focused = document.querySelector("[autofocus]");
  if (saved !== null && !document.getElementById("error-summary")) {
    window.scrollTo(0, Number(saved));
    if (focused) {
      focused.focus({ preventScroll: true });
      focused.scrollIntoView({ block: "nearest" });
    }
  }
  form.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (button && button.name === "action" && button.value !== "save") {
      sessionStorage.setItem(key, String(window.scrollY));
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.altKey && event.shiftKey && (event.key === "S" || event.key === "s")) {
      event.preventDefault();
      const save = form.querySelector('button[value="save"]');
      if (save) {
        save.click();
      }
    }
  });
});
