// The code picker: opens under a selected passage, finds codes by name or pinyin initials,
// applies recent, pinned (keys 1–9) or new codes, and codes in vivo.

import { applyCode } from "./changes.js";
import { refreshCodes } from "./panel.js";
import { selectCoding } from "./selection.js";
import {
  T,
  api,
  canEditCodebook,
  codePath,
  codes,
  data,
  fail,
  fmt,
  pickerEl,
  pinnedCodes,
  quoteOf,
  state,
  textEl,
} from "./state.js";

let pending = null; // {start, end, applied: Set of code ids}
let options = [];
let active = 0;
const pickerInput = document.createElement("input");
pickerInput.type = "search";
pickerInput.className = "ws-picker-input";
pickerInput.placeholder = T.find_code;
pickerInput.setAttribute("aria-label", T.find_code);
pickerInput.autocomplete = "off";
const pickerList = document.createElement("ul");
pickerList.className = "ws-picker-list";
pickerList.setAttribute("role", "listbox");
// A combobox over a named listbox, so screen readers announce the active option (issue 19.15);
// the list scrolls, so it takes focus too (the arrows work from the input either way).
pickerList.id = "ws-picker-list";
pickerList.setAttribute("aria-label", T.codes);
pickerList.tabIndex = -1;
pickerInput.setAttribute("role", "combobox");
pickerInput.setAttribute("aria-controls", pickerList.id);
pickerInput.setAttribute("aria-expanded", "true");
pickerInput.setAttribute("aria-autocomplete", "list");

function matches(code, query) {
  return code.name.toLowerCase().includes(query) || code.pinyin.includes(query);
}

function drawPicker() {
  const query = pickerInput.value.trim().toLowerCase();
  const pinned = pinnedCodes();
  options = [];
  const groups = [];
  const active_codes = state.treeOrder.filter((code) => code.is_active);
  if (!query) {
    const recentCodes = state.recent.map((id) => codes.get(id)).filter((code) => code && code.is_active);
    if (recentCodes.length) groups.push([T.recent, recentCodes.slice(0, 5)]);
    groups.push([T.all_codes, active_codes]);
  } else {
    const found = active_codes.filter((code) => matches(code, query));
    // Names and initials that start with the query come first.
    const starts = (code) => code.name.toLowerCase().startsWith(query) || code.pinyin.startsWith(query);
    found.sort((a, b) => Number(starts(b)) - Number(starts(a)));
    groups.push([null, found]);
  }
  const fragment = document.createDocumentFragment();
  for (const [title, list] of groups) {
    if (title) {
      const heading = document.createElement("li");
      heading.className = "ws-picker-heading";
      heading.setAttribute("role", "presentation");
      heading.textContent = title;
      fragment.append(heading);
    }
    for (const code of list) {
      const item = optionItem(code.name, code.color, { kind: "code", code });
      const slot = pinned.indexOf(code);
      if (slot >= 0) item.prepend(keyBadge(slot + 1));
      const path = codePath(code);
      if (path) {
        const pathEl = document.createElement("span");
        pathEl.className = "muted ws-path";
        pathEl.textContent = path;
        item.append(pathEl);
      }
      if (pending?.applied.has(code.id)) item.classList.add("applied");
      fragment.append(item);
    }
  }
  if (query && !groups[0][1].length) {
    const none = document.createElement("li");
    none.className = "muted ws-picker-heading";
    none.setAttribute("role", "presentation");
    none.textContent = T.no_match;
    fragment.append(none);
  }
  if (canEditCodebook && pending) {
    const exact = [...codes.values()].some((code) => code.name === pickerInput.value.trim());
    if (query && !exact) {
      const name = pickerInput.value.trim();
      fragment.append(optionItem(fmt(T.create_code, { name }), null, { kind: "new", name }));
    }
    // A code name, not a passage: long selections give their first 60 characters.
    const name = Array.from(quoteOf(pending.start, pending.end).replace(/\s+/gu, " ")).slice(0, 60).join("").trim();
    fragment.append(optionItem(fmt(T.in_vivo, { name }), null, { kind: "new", name, invivo: true }));
  }
  pickerList.replaceChildren(fragment);
  active = Math.min(active, Math.max(options.length - 1, 0));
  markActive();
}

function keyBadge(number) {
  const badge = document.createElement("kbd");
  badge.textContent = String(number);
  return badge;
}

function optionItem(label, color, action) {
  const item = document.createElement("li");
  item.setAttribute("role", "option");
  item.id = `ws-option-${options.length}`;
  item.dataset.index = options.length;
  if (action.invivo) item.classList.add("ws-invivo");
  if (color) {
    const swatch = document.createElement("span");
    swatch.className = "ws-swatch";
    swatch.style.background = color;
    item.append(swatch);
  }
  const name = document.createElement("span");
  name.className = "ws-name";
  name.textContent = label;
  item.append(name);
  options.push(action);
  return item;
}

function markActive() {
  for (const item of pickerList.querySelectorAll("[role=option]")) {
    const on = Number(item.dataset.index) === active;
    item.classList.toggle("active", on);
    item.setAttribute("aria-selected", on ? "true" : "false");
    if (on) {
      pickerInput.setAttribute("aria-activedescendant", item.id);
      item.scrollIntoView({ block: "nearest" });
    }
  }
}

// The text selection fades once focus moves to the picker: keep the passage marked meanwhile
// (CSS Custom Highlight API; where it is missing the page simply goes without).
function markPending(range) {
  if (!window.CSS?.highlights || typeof Highlight === "undefined") return;
  if (range) CSS.highlights.set("qc-pending", new Highlight(range));
  else CSS.highlights.delete("qc-pending");
}

export function openPicker(span) {
  pending = { start: span.start, end: span.end, applied: new Set() };
  markPending(span.range);
  pickerInput.value = "";
  active = 0;
  drawPicker();
  pickerEl.hidden = false;
  const left = Math.min(span.rect.left, window.innerWidth - pickerEl.offsetWidth - 8);
  const below = span.rect.bottom + 6;
  const top = below + pickerEl.offsetHeight > window.innerHeight ? Math.max(8, span.rect.top - pickerEl.offsetHeight - 6) : below;
  pickerEl.style.left = `${Math.max(8, left)}px`;
  pickerEl.style.top = `${top}px`;
  pickerInput.focus({ preventScroll: true });
}

function closePicker(refocus = true) {
  if (pickerEl.hidden) return;
  pickerEl.hidden = true;
  pending = null;
  markPending(null);
  if (refocus) textEl.focus({ preventScroll: true });
}

async function choose(action) {
  if (!pending || !action) return;
  const span = pending;
  if (action.kind === "code") {
    if (span.applied.has(action.code.id)) return;
    const row = await applyCode(action.code.id, span);
    if (row) {
      span.applied.add(action.code.id);
      selectCoding(row.id);
    }
  } else {
    const code = await createCode(action.name);
    if (!code) return;
    const row = await applyCode(code.id, span);
    if (row) {
      span.applied.add(code.id);
      selectCoding(row.id);
    }
    pickerInput.value = "";
  }
  if (pending === span) drawPicker();
}

async function createCode(name) {
  try {
    const code = await api.post(data.urls.codes, { name });
    await refreshCodes();
    return codes.get(code.id);
  } catch (error) {
    // The name may exist already (two people coding in vivo at once): use that code.
    const existing = state.treeOrder.find((code) => code.name === name && code.parent === null);
    if (existing) return existing;
    fail(error);
    return null;
  }
}

export function wirePicker() {
  pickerEl.append(pickerInput, pickerList);

  pickerInput.addEventListener("input", () => {
    active = 0;
    drawPicker();
  });

  pickerInput.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      active = (active + step + options.length) % Math.max(options.length, 1);
      markActive();
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      closePicker();
    } else if (/^[1-9]$/.test(event.key) && !pickerInput.value) {
      const code = pinnedCodes()[Number(event.key) - 1];
      if (code) {
        event.preventDefault();
        choose({ kind: "code", code });
      }
    }
  });

  pickerList.addEventListener("mousedown", (event) => event.preventDefault());
  pickerList.addEventListener("click", (event) => {
    const item = event.target.closest("[role=option]");
    if (!item) return;
    active = Number(item.dataset.index);
    choose(options[active]);
  });

  document.addEventListener("mousedown", (event) => {
    if (!pickerEl.hidden && !pickerEl.contains(event.target)) closePicker(false);
  });
}
