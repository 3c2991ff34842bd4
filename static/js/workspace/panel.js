// The side panel: the selected coding's detail (code, bounds, memo, delete) and the codebook
// (show or hide, counts, next and previous, pins), plus the "show codings of" filter.

import { deleteCoding, updateCoding } from "./changes.js";
import { redrawAll } from "./drawing.js";
import { placeHandles } from "./handles.js";
import { selectCoding } from "./selection.js";
import {
  T,
  api,
  canChange,
  codebookEl,
  coderFilterEl,
  codes,
  codings,
  data,
  detailEl,
  fmt,
  hiddenCodes,
  isVisible,
  isVisibleByCoder,
  me,
  members,
  pinSlots,
  pinnedCodes,
  quoteOf,
  saveList,
  say,
  setCodes,
  state,
} from "./state.js";

export async function refreshCodes() {
  const page = await api.get(`${data.urls.codes}?page_size=1000`);
  setCodes(page.results);
  drawCodebook();
}

function button(label, onClick, title) {
  const el = document.createElement("button");
  el.type = "button";
  el.textContent = label;
  if (title) {
    el.title = title;
    el.setAttribute("aria-label", title);
  }
  el.addEventListener("click", onClick);
  return el;
}

// ---------------------------------------------------------------------------------------------
// The selected coding

export function drawDetail() {
  const coding = state.selectedId === null ? null : codings.get(state.selectedId);
  if (!coding) {
    detailEl.hidden = true;
    detailEl.replaceChildren();
    placeHandles(null);
    return;
  }
  const code = codes.get(coding.code);
  const parts = [];
  const heading = document.createElement("h2");
  const swatch = document.createElement("span");
  swatch.className = "ws-swatch";
  swatch.style.background = code?.color ?? "#888";
  heading.append(swatch, code?.name ?? "");
  heading.append(button("×", () => selectCoding(null), T.close));
  parts.push(heading);
  const who = document.createElement("p");
  who.className = "muted";
  who.textContent = `${T.coder}: ${members.get(coding.coder) ?? coding.coder} · ${T.start} ${coding.start} · ${T.end} ${coding.end}`;
  parts.push(who);
  const quote = document.createElement("blockquote");
  quote.className = "ws-quote";
  const full = quoteOf(coding.start, coding.end);
  quote.textContent = full.length > 400 ? `${full.slice(0, 400)}…` : full;
  parts.push(quote);
  if (canChange(coding)) {
    const codeLabel = document.createElement("label");
    codeLabel.textContent = `${T.code} `;
    const select = document.createElement("select");
    select.className = "ws-code-select";
    for (const option of state.treeOrder) {
      if (!option.is_active && option.id !== coding.code) continue;
      const el = document.createElement("option");
      el.value = option.id;
      el.textContent = `${"\u00a0\u00a0".repeat(option.depth)}${option.name}`;
      el.selected = option.id === coding.code;
      select.append(el);
    }
    select.addEventListener("change", () => updateCoding(coding.id, { code: Number(select.value) }));
    codeLabel.append(select);
    parts.push(codeLabel);
    const bounds = document.createElement("div");
    bounds.className = "ws-bounds";
    const move = (field, step) => () => {
      const current = codings.get(coding.id);
      updateCoding(coding.id, { [field]: current[field] + step });
    };
    bounds.append(
      button("⇤", move("start", -1), T.widen_start),
      button("⇥", move("start", 1), T.narrow_start),
      button("⇤", move("end", -1), T.narrow_end),
      button("⇥", move("end", 1), T.widen_end),
      button(T.bounds_to_selection, () => {
        const lastSelection = state.lastSelection;
        if (!lastSelection) return say(T.select_text_first);
        updateCoding(coding.id, { start: lastSelection.start, end: lastSelection.end });
      }),
    );
    parts.push(bounds);
    const memoLabel = document.createElement("label");
    memoLabel.className = "ws-memo";
    memoLabel.textContent = T.memo;
    const memo = document.createElement("textarea");
    memo.value = coding.memo;
    memo.rows = 3;
    memoLabel.append(memo);
    parts.push(memoLabel);
    parts.push(
      button(T.save_memo, () => updateCoding(coding.id, { memo: memo.value }, T.memo_saved)),
      button(T.delete, () => deleteCoding(coding.id)),
    );
    parts.at(-1).className = "danger";
  } else if (coding.memo) {
    const memo = document.createElement("p");
    memo.className = "ws-memo-text";
    memo.textContent = coding.memo;
    parts.push(memo);
  }
  detailEl.replaceChildren(...parts);
  detailEl.hidden = false;
  placeHandles(canChange(coding) ? coding : null);
}

// ---------------------------------------------------------------------------------------------
// The codebook: show or hide, counts, next and previous, pins

export function drawCodebook() {
  const counts = new Map();
  for (const coding of codings.values()) {
    if (state.coderFilter !== "all" && !isVisibleByCoder(coding)) continue;
    counts.set(coding.code, (counts.get(coding.code) || 0) + 1);
  }
  const pinned = pinnedCodes();
  const fragment = document.createDocumentFragment();
  for (const code of state.treeOrder) {
    const item = document.createElement("li");
    item.dataset.code = code.id;
    item.style.paddingLeft = `${code.depth * 0.9}rem`;
    if (!code.is_active) item.classList.add("muted");
    const show = document.createElement("input");
    show.type = "checkbox";
    show.checked = !hiddenCodes.has(code.id);
    show.title = T.show_code;
    show.setAttribute("aria-label", `${T.show_code}: ${code.name}`);
    show.addEventListener("change", () => {
      if (show.checked) hiddenCodes.delete(code.id);
      else hiddenCodes.add(code.id);
      if (state.selectedId !== null && hiddenCodes.has(codings.get(state.selectedId)?.code)) selectCoding(null);
      redrawAll();
    });
    const swatch = document.createElement("span");
    swatch.className = "ws-swatch";
    swatch.style.background = code.color;
    const name = document.createElement("span");
    name.className = "ws-name";
    name.textContent = code.name;
    if (code.definition) name.title = code.definition;
    const count = document.createElement("span");
    count.className = "ws-count";
    count.textContent = String(counts.get(code.id) || 0);
    const slot = pinned.indexOf(code);
    // A pinned code's button shows its key, so its name starts with the key (as screen readers
    // and voice control expect the visible text in the name); pressed says it is pinned.
    const pinLabel = slot >= 0 ? fmt(T.pin_key, { key: slot + 1, code: code.name }) : `${T.pin}: ${code.name}`;
    const pin = button(slot >= 0 ? String(slot + 1) : "·", () => togglePin(code), pinLabel);
    pin.setAttribute("aria-pressed", String(slot >= 0));
    pin.className = slot >= 0 ? "ws-pin on" : "ws-pin";
    item.append(
      show,
      swatch,
      name,
      count,
      button("‹", () => jump(code, -1), `${T.previous}: ${code.name}`),
      button("›", () => jump(code, 1), `${T.next}: ${code.name}`),
      pin,
    );
    fragment.append(item);
  }
  codebookEl.replaceChildren(fragment);
}

// Pinning takes the first free key and unpinning frees only that key: the other keys stay put.
function togglePin(code) {
  const slots = pinSlots();
  const at = slots.indexOf(code.id);
  if (at >= 0) {
    slots[at] = 0;
  } else {
    if (!code.is_active) return;
    const free = slots.findIndex((id) => !codes.get(id)?.is_active);
    if (free < 0) return say(T.pins_full);
    slots[free] = code.id;
  }
  state.pinnedSaved = slots;
  saveList("pinned", slots);
  drawCodebook();
}

function jump(code, step) {
  const list = [...codings.values()]
    .filter((coding) => coding.code === code.id && isVisible(coding))
    .sort((a, b) => a.start - b.start || a.id - b.id);
  if (!list.length) return say(T.no_coding_of_code);
  const current = codings.get(state.selectedId);
  let index;
  if (current && current.code === code.id) {
    index = (list.findIndex((coding) => coding.id === current.id) + step + list.length) % list.length;
  } else {
    index = step > 0 ? 0 : list.length - 1;
  }
  selectCoding(list[index].id, { scroll: true });
}

// ---------------------------------------------------------------------------------------------
// Whose codings show

export function fillCoderFilter() {
  for (const member of data.members) {
    if (member.id === me) continue;
    const option = document.createElement("option");
    option.value = member.id;
    option.textContent = member.display_name;
    coderFilterEl.append(option);
  }
}

export function wireCoderFilter() {
  coderFilterEl.addEventListener("change", () => {
    state.coderFilter = coderFilterEl.value;
    if (state.selectedId !== null && !isVisible(codings.get(state.selectedId))) selectCoding(null);
    redrawAll();
    drawCodebook();
  });
}
