// Selections: a passage selected in the text (as code points, through offsets.js, the one
// converter) and the selected coding, from the pointer and the keyboard.

import { toCodePoint, trimSpan } from "../offsets.js";
import { applyCode, deleteCoding } from "./changes.js";
import { chunks, drawChunk, paragraphAt, paragraphs, redrawAll } from "./drawing.js";
import { drawDetail } from "./panel.js";
import { openPicker } from "./picker.js";
import {
  T,
  canChange,
  canCode,
  codes,
  codings,
  colorOf,
  hoverEl,
  members,
  pinnedCodes,
  say,
  state,
  textChars,
  textEl,
} from "./state.js";

// ---------------------------------------------------------------------------------------------
// Selections in the text, as code points

export function pointToOffset(node, offset, snap) {
  const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
  const paragraphEl = element?.closest("p[data-p]");
  if (paragraphEl && textEl.contains(paragraphEl)) {
    const paragraph = paragraphs[Number(paragraphEl.dataset.p)];
    const range = document.createRange();
    range.setStart(paragraphEl, 0);
    range.setEnd(node, offset);
    return paragraph.start + toCodePoint(paragraph.text, range.toString().length, snap);
  }
  // A boundary between paragraphs (e.g. after a triple click): the next paragraph's start or the
  // previous one's end.
  if (!element || !textEl.contains(element)) return null;
  const after = node.childNodes?.[offset];
  const next = after && (after.matches?.("p[data-p]") ? after : after.querySelector?.("p[data-p]"));
  if (next) return paragraphs[Number(next.dataset.p)].start;
  const before = node.childNodes?.[offset - 1];
  const candidates = before?.matches?.("p[data-p]") ? [before] : before?.querySelectorAll?.("p[data-p]");
  if (candidates?.length) return paragraphs[Number(candidates[candidates.length - 1].dataset.p)].end;
  return null;
}

function currentSelection() {
  const selection = window.getSelection();
  if (!selection.rangeCount || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!textEl.contains(range.startContainer) || !textEl.contains(range.endContainer)) return null;
  const rawStart = pointToOffset(range.startContainer, range.startOffset, "start");
  const rawEnd = pointToOffset(range.endContainer, range.endOffset, "end");
  if (rawStart === null || rawEnd === null) return null;
  const [start, end] = trimSpan(textChars(), rawStart, rawEnd);
  if (end <= start) return null;
  return { start, end, rect: range.getBoundingClientRect(), range: range.cloneRange() };
}

function maybeOpenPicker() {
  const span = currentSelection();
  if (!span) return false;
  state.lastSelection = span;
  if (canCode) openPicker(span);
  return true;
}

// ---------------------------------------------------------------------------------------------
// The selected coding

// The drawn elements of a coding are looked for in the chunks it spans, not in the whole text:
// once a long transcript has been scrolled through, that holds tens of thousands of marks.
function chunkElsOf(coding) {
  if (!coding) return [];
  const first = paragraphAt(coding.start).chunk;
  const last = paragraphAt(Math.max(coding.start, coding.end - 1)).chunk;
  return chunks.slice(first.index, last.index + 1).map((chunk) => chunk.el);
}

export function selectCoding(id, { scroll = false } = {}) {
  const before = state.selectedId === null ? null : codings.get(state.selectedId);
  // A coding no longer in the store (deleted) may have left its marks anywhere: look everywhere.
  const where = state.selectedId !== null && !before ? [textEl] : chunkElsOf(before);
  for (const container of where) for (const el of container.querySelectorAll(".sel")) el.classList.remove("sel");
  state.selectedId = id;
  if (id !== null) {
    const coding = codings.get(id);
    if (scroll) {
      const paragraph = paragraphAt(coding.start);
      paragraph.el.scrollIntoView({ block: "center" });
      if (!paragraph.chunk.drawn) drawChunk(paragraph.chunk);
    }
    for (const container of chunkElsOf(coding)) {
      for (const el of container.querySelectorAll(`mark[data-c~="${id}"], .ws-stripe[data-id="${id}"]`)) {
        el.classList.add("sel");
      }
    }
  }
  drawDetail();
}

// ---------------------------------------------------------------------------------------------
// Pointer and keyboard

const NAVIGATION = new Set([
  "ArrowLeft",
  "ArrowRight",
  "ArrowUp",
  "ArrowDown",
  "Home",
  "End",
  "PageUp",
  "PageDown",
  "Tab",
  "Shift",
  "Control",
  "Meta",
  "Alt",
]);

export function wireSelection() {
  // A drag that starts in the text may end anywhere; a click elsewhere must not reopen the picker
  // for a selection left over in the text.
  let pressedInText = false;
  textEl.addEventListener("mousedown", () => {
    pressedInText = true;
  });
  document.addEventListener("mouseup", (event) => {
    if (!pressedInText && event.target !== textEl && !textEl.contains(event.target)) return;
    pressedInText = false;
    // Let the browser settle the selection first.
    setTimeout(maybeOpenPicker, 0);
  });

  textEl.addEventListener("click", (event) => {
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return;
    const stripe = event.target.closest(".ws-stripe");
    if (stripe) return selectCoding(Number(stripe.dataset.id));
    const mark = event.target.closest("mark[data-c]");
    if (!mark) return;
    const ids = mark.dataset.c.split(" ").map(Number).filter((id) => codings.has(id));
    ids.sort((a, b) => {
      const x = codings.get(a);
      const y = codings.get(b);
      return x.end - x.start - (y.end - y.start) || a - b;
    });
    // Clicking again where codings overlap steps through them.
    const at = ids.indexOf(state.selectedId);
    selectCoding(ids[(at + 1) % ids.length]);
  });

  textEl.addEventListener("mouseover", (event) => {
    const target = event.target.closest("mark[data-c], .ws-stripe");
    if (!target) return;
    const ids = target.dataset.c ? target.dataset.c.split(" ").map(Number) : [Number(target.dataset.id)];
    const lines = [];
    for (const id of ids) {
      const coding = codings.get(id);
      if (!coding) continue;
      const line = document.createElement("div");
      const swatch = document.createElement("span");
      swatch.className = "ws-swatch";
      swatch.style.background = colorOf(coding);
      line.append(swatch, `${codes.get(coding.code)?.name ?? ""} — ${members.get(coding.coder) ?? ""}`);
      lines.push(line);
    }
    hoverEl.replaceChildren(...lines);
    const rect = target.getBoundingClientRect();
    hoverEl.style.left = `${Math.max(8, rect.left)}px`;
    hoverEl.style.top = `${rect.bottom + 4}px`;
    hoverEl.hidden = false;
  });

  textEl.addEventListener("mouseout", (event) => {
    if (event.target.closest("mark[data-c], .ws-stripe")) hoverEl.hidden = true;
  });

  if (canCode) {
    wireKeyboard();
  } else {
    textEl.tabIndex = 0;
    document.getElementById("ws-undo").hidden = true;
    document.getElementById("ws-redo").hidden = true;
    say(T.read_only);
  }
}

function wireKeyboard() {
  // Editable only so that the keyboard can place a caret and select with Shift+arrows;
  // every edit is refused below, and the text never changes.
  textEl.contentEditable = "true";
  textEl.setAttribute("role", "textbox");
  textEl.setAttribute("aria-readonly", "true");
  textEl.setAttribute("aria-multiline", "true");
  for (const type of ["beforeinput", "paste", "cut", "drop", "dragstart"]) {
    textEl.addEventListener(type, (event) => event.preventDefault());
  }
  // An input method can still slip text in during composition: put the words back.
  textEl.addEventListener("input", () => {
    for (const paragraph of paragraphs) {
      if (paragraph.el.textContent !== paragraph.text) paragraph.el.textContent = paragraph.text;
    }
    redrawAll();
  });
  textEl.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      if (["c", "a", "z", "y", "f"].includes(event.key.toLowerCase())) return;
      if (NAVIGATION.has(event.key)) return;
      event.preventDefault();
      return;
    }
    if (NAVIGATION.has(event.key)) return;
    event.preventDefault();
    if (event.key === "Enter") {
      maybeOpenPicker();
    } else if (/^[1-9]$/.test(event.key)) {
      const span = currentSelection();
      const code = pinnedCodes()[Number(event.key) - 1];
      if (span && code) applyCode(code.id, span);
    } else if (event.key === "Escape") {
      window.getSelection().removeAllRanges();
      selectCoding(null);
    } else if ((event.key === "Delete" || event.key === "Backspace") && state.selectedId !== null) {
      // The selected coding (clicked, or reached with next/previous) goes; undo brings it back.
      if (canChange(codings.get(state.selectedId))) deleteCoding(state.selectedId);
    }
  });
  // Focus from the keyboard puts the caret at the start of the text, not before its first block.
  textEl.addEventListener("focus", () => {
    const selection = window.getSelection();
    const anchor = selection.anchorNode;
    const element = anchor?.nodeType === Node.ELEMENT_NODE ? anchor : anchor?.parentElement;
    if (element?.closest("p[data-p]") || (anchor && !selection.isCollapsed)) return;
    const first = paragraphs[0].el;
    selection.collapse(first.firstChild ?? first, 0);
  });
  textEl.addEventListener("keyup", (event) => {
    if (event.shiftKey || event.key === "Shift") {
      const span = currentSelection();
      if (span) state.lastSelection = span;
    }
  });
}
