// Copy buttons next to the id, the (NO-TrBIB) linking form and the URI of each
// hit (progressive enhancement: without JavaScript, or without the Clipboard
// API, the buttons stay hidden and the values are plain text to select). A
// polite live region says "Copied" (its words come translated from the page),
// and the button says so for a moment.
"use strict";
(() => {
  const status = document.getElementById("copy-status");
  if (!status || !navigator.clipboard || !window.isSecureContext) {
    return;
  }
  const SHOWN_MS = 2000;

  function announce(text) {
    // Emptied first, so that a second "Copied" in a row is announced again.
    status.textContent = "";
    window.setTimeout(() => {
      status.textContent = text;
    }, 50);
  }

  function selectText(element) {
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  for (const button of document.querySelectorAll("button[data-copy]")) {
    const source = document.getElementById(button.dataset.copy);
    const label = button.querySelector(".copy-label");
    if (!source || !label) {
      continue;
    }
    const idle = label.textContent;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(source.textContent.trim());
      } catch {
        selectText(source);
        announce(status.dataset.failed);
        return;
      }
      announce(status.dataset.copied);
      label.textContent = status.dataset.copied;
      button.classList.add("copied");
      window.setTimeout(() => {
        label.textContent = idle;
        button.classList.remove("copied");
      }, SHOWN_MS);
    });
  }
})();
