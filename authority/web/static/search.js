// Suggest-as-you-type on the search page's query box (progressive enhancement:
// without it the box is a plain search field and the form works as before).
// The ARIA 1.2 combobox pattern with a listbox popup: the input keeps the focus,
// aria-activedescendant names the option the arrow keys chose, Enter opens that
// record (or, with none chosen, submits the search), Escape closes the list.
// Suggestions come from the API's /authorities/suggest (left-anchored, best
// first); a polite live region says how many there are. Requests wait for a
// pause in typing, and a newer one aborts the one still under way.
"use strict";
(() => {
  const form = document.getElementById("search-form");
  const input = document.getElementById("q");
  const status = document.getElementById("suggest-status");
  if (!form || !input || !status || !window.fetch || !window.AbortController) {
    return;
  }
  const PAUSE_MS = 150;
  const SHORTEST = 2;
  const LIMIT = 8;
  const texts = form.dataset;

  const listbox = document.createElement("ul");
  listbox.id = "q-suggestions";
  listbox.className = "suggestions";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", texts.label);
  listbox.hidden = true;
  input.parentElement.after(listbox);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);

  let options = [];
  let active = -1;
  let timer = 0;
  let pending = null;

  function announce(text) {
    status.textContent = text;
  }

  function close() {
    listbox.hidden = true;
    listbox.replaceChildren();
    options = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function choose(n) {
    active = n;
    options.forEach((option, i) => {
      option.setAttribute("aria-selected", i === n ? "true" : "false");
    });
    if (n < 0) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    input.setAttribute("aria-activedescendant", options[n].id);
    options[n].scrollIntoView({ block: "nearest" });
  }

  function open(id) {
    window.location.assign(texts.recordUrl.replace("{id}", encodeURIComponent(id)));
  }

  function option(suggestion, n) {
    const item = document.createElement("li");
    item.id = `q-option-${n}`;
    item.className = "suggestion";
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    item.dataset.id = suggestion.id;
    const label = document.createElement("span");
    label.className = "suggestion-label";
    label.textContent = suggestion.label;
    item.append(label);
    if (suggestion.disambiguation) {
      const more = document.createElement("span");
      more.className = "suggestion-more";
      more.textContent = ` — ${suggestion.disambiguation}`;
      item.append(more);
    }
    if (suggestion.matched) {
      const via = document.createElement("span");
      via.className = "suggestion-more";
      via.textContent = ` (${texts.foundBy.replace("{variant}", () => suggestion.matched)})`;
      item.append(via);
    }
    // The input keeps the focus when an option is clicked.
    item.addEventListener("mousedown", (event) => event.preventDefault());
    item.addEventListener("click", () => open(suggestion.id));
    return item;
  }

  function show(suggestions) {
    close();
    if (!suggestions.length) {
      announce(texts.none);
      return;
    }
    options = suggestions.map(option);
    listbox.replaceChildren(...options);
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
    announce(
      suggestions.length === 1
        ? texts.one
        : texts.many.replace("{count}", String(suggestions.length)),
    );
  }

  async function ask(text) {
    if (pending) {
      pending.abort();
    }
    const asking = new AbortController();
    pending = asking;
    const url = `${texts.suggestUrl}?limit=${LIMIT}&q=${encodeURIComponent(text)}`;
    try {
      const response = await fetch(url, {
        signal: asking.signal,
        headers: { Accept: "application/json" },
      });
      if (!response.ok) {
        close();
        return;
      }
      const body = await response.json();
      if (input.value.trim() === text && document.activeElement === input) {
        show(body.suggestions || []);
      }
    } catch (error) {
      if (error.name !== "AbortError") {
        close();
      }
    } finally {
      if (pending === asking) {
        pending = null;
      }
    }
  }

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < SHORTEST) {
      if (pending) {
        pending.abort();
      }
      close();
      announce("");
      return;
    }
    timer = window.setTimeout(() => ask(text), PAUSE_MS);
  });

  input.addEventListener("keydown", (event) => {
    const shown = !listbox.hidden && options.length > 0;
    switch (event.key) {
      case "ArrowDown":
        if (shown) {
          choose(active + 1 < options.length ? active + 1 : 0);
          event.preventDefault();
        } else if (input.value.trim().length >= SHORTEST) {
          ask(input.value.trim());
          event.preventDefault();
        }
        break;
      case "ArrowUp":
        if (shown) {
          choose(active > 0 ? active - 1 : options.length - 1);
          event.preventDefault();
        }
        break;
      case "Enter":
        if (shown && active >= 0) {
          event.preventDefault();
          open(options[active].dataset.id);
        }
        break;
      case "Escape":
        if (shown) {
          event.preventDefault();
          close();
        }
        break;
      default:
        break;
    }
  });

  input.addEventListener("blur", () => {
    window.clearTimeout(timer);
    close();
  });
})();
