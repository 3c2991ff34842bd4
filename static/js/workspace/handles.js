// Drag handles on the two ends of the selected coding (issue 19.13): the coder drags a bound to
// where it belongs instead of stepping a character at a time. The panel's buttons stay as the
// keyboard way to do the same, so the handles are for the pointer only (hidden from screen readers).
//
// The handles live outside the transcript: anything inside it would count in the selection
// offsets and be editable. They are placed from the text's own boxes in page coordinates and
// placed again on scroll and resize, since chunks above change height as they come into view.

import { toUtf16 } from "../offsets.js";
import { updateCoding } from "./changes.js";
import { paragraphAt } from "./drawing.js";
import { pointToOffset } from "./selection.js";
import { T, codings, textChars, textEl } from "./state.js";

const handles = {};
let shownId = null;
let drag = null; // { field, id, value }
let pending = 0;

let placing = 0;

/** Show handles on `coding` (or hide them with null). */
export function placeHandles(coding) {
  if (!handles.start) create();
  shownId = coding ? coding.id : null;
  if (!coding) {
    if (!drag) handles.start.hidden = handles.end.hidden = true;
    return;
  }
  // Reading the text's boxes forces a layout (tens of ms on a long transcript): do it after the
  // frame that shows the new or selected coding, so that applying a code is drawn first. The
  // timer is the fallback for a browser that stops giving animation frames.
  const token = ++placing;
  const place = () => {
    if (token !== placing) return;
    placing += 1;
    const current = codings.get(shownId);
    if (!current) return;
    put(handles.start, current.start, "start");
    put(handles.end, current.end, "end");
  };
  requestAnimationFrame(() => setTimeout(place, 0));
  setTimeout(place, 150);
}

function create() {
  for (const field of ["start", "end"]) {
    const el = document.createElement("div");
    el.className = `ws-handle ws-handle-${field}`;
    el.dataset.field = field;
    el.hidden = true;
    el.title = field === "start" ? T.drag_start : T.drag_end;
    el.setAttribute("aria-hidden", "true");
    el.addEventListener("pointerdown", (event) => begin(event, field));
    document.body.append(el);
    handles[field] = el;
  }
  const again = () => {
    if (pending || shownId === null || drag) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      placeHandles(codings.get(shownId) ?? null);
    });
  };
  window.addEventListener("scroll", again, { passive: true });
  window.addEventListener("resize", again);
}

// The DOM point of a code point position: at a boundary between two text nodes, the start
// handle wants the next node (the first character) and the end handle the previous one.
function domPoint(position, preferNext) {
  const paragraph = paragraphAt(position);
  let units = toUtf16(paragraph.text, Math.min(position, paragraph.end) - paragraph.start);
  const walker = document.createTreeWalker(paragraph.el, NodeFilter.SHOW_TEXT);
  let last = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (preferNext ? units < node.length : units <= node.length) return [node, units];
    units -= node.length;
    last = node;
  }
  return last ? [last, last.length] : [paragraph.el, 0];
}

// The box of the character just inside the bound, so that a handle sits on the right line.
function edgeBox(position, field) {
  const range = document.createRange();
  const length = textChars().length;
  const first = field === "start" ? position : Math.max(position - 1, 0);
  range.setStart(...domPoint(first, true));
  range.setEnd(...domPoint(Math.min(first + 1, length), false));
  const rects = range.getClientRects();
  const rect = rects.length ? (field === "start" ? rects[0] : rects[rects.length - 1]) : range.getBoundingClientRect();
  return { x: field === "start" ? rect.left : rect.right, top: rect.top, height: rect.height || 16 };
}

function put(el, position, field) {
  const box = edgeBox(position, field);
  el.style.left = `${box.x + window.scrollX - 4}px`;
  el.style.top = `${box.top + window.scrollY}px`;
  el.style.height = `${box.height}px`;
  el.hidden = false;
}

function caretAt(x, y) {
  if (document.caretPositionFromPoint) {
    const caret = document.caretPositionFromPoint(x, y);
    return caret && [caret.offsetNode, caret.offset];
  }
  const range = document.caretRangeFromPoint?.(x, y);
  return range && [range.startContainer, range.startOffset];
}

function begin(event, field) {
  if (shownId === null || event.button !== 0) return;
  // Also keeps the browser from selecting text (and so from opening the code picker).
  event.preventDefault();
  const coding = codings.get(shownId);
  drag = { field, id: shownId, value: coding[field] };
  document.body.classList.add("ws-dragging");
  document.addEventListener("pointermove", move);
  document.addEventListener("pointerup", end);
  document.addEventListener("pointercancel", cancel);
}

function move(event) {
  const coding = codings.get(drag.id);
  const caret = caretAt(event.clientX, event.clientY);
  if (!coding || !caret || !textEl.contains(caret[0])) return;
  const offset = pointToOffset(caret[0], caret[1], drag.field);
  if (offset === null) return;
  // A bound never passes the other one: a coding keeps at least one character.
  drag.value =
    drag.field === "start"
      ? Math.max(0, Math.min(offset, coding.end - 1))
      : Math.min(textChars().length, Math.max(offset, coding.start + 1));
  put(handles[drag.field], drag.value, drag.field);
  const start = drag.field === "start" ? drag.value : coding.start;
  const stop = drag.field === "end" ? drag.value : coding.end;
  preview(start, stop);
}

function preview(start, end) {
  if (!window.CSS?.highlights || typeof Highlight === "undefined") return;
  if (start === null) return CSS.highlights.delete("qc-drag");
  const range = document.createRange();
  range.setStart(...domPoint(start, true));
  range.setEnd(...domPoint(end, false));
  CSS.highlights.set("qc-drag", new Highlight(range));
}

function stop() {
  document.removeEventListener("pointermove", move);
  document.removeEventListener("pointerup", end);
  document.removeEventListener("pointercancel", cancel);
  document.body.classList.remove("ws-dragging");
  preview(null);
  const done = drag;
  drag = null;
  return done;
}

function end() {
  const done = stop();
  const coding = codings.get(done.id);
  if (coding && coding[done.field] !== done.value) updateCoding(done.id, { [done.field]: done.value });
  else placeHandles(codings.get(shownId) ?? null);
}

function cancel() {
  stop();
  placeHandles(codings.get(shownId) ?? null);
}
