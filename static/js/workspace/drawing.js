// Drawing the transcript: paragraphs grouped in chunks, each chunk drawn as flat highlighted
// segments with its coding stripes in the margin, and only when it comes near the viewport.

import { codePointLength, toUtf16Many } from "../offsets.js";
import { assignLanes, cutSegments } from "../segments.js";
import { codes, codings, colorOf, inkOn, root, state, text, textEl, visibleIn } from "./state.js";

// Paragraphs are drawn in chunks of about this many characters: a chunk is drawn (and laid out
// the first time it shows) in one task, which must stay well under 50 ms on a slow machine.
const CHUNK_CHARS = 1000;
const MARGIN = 150; // px for coding stripes, as in the stylesheet
const LANE_MAX = 14;

// ---------------------------------------------------------------------------------------------
// Paragraphs and chunks

// As coding/documents/importing/turns.py reads a turn: an optional timestamp ([00:01:02] 刘科长：),
// then the label. Group 1 is what comes before the label, group 2 the label with its colon.
const SPEAKER =
  /^([ \t\u3000]*(?:(?:[\[【(（]\s*\d{1,2}:\d{2}(?::\d{2})?\s*[\]】)）]|\d{1,2}:\d{2}:\d{2})[ \t\u3000]*)?)(\p{L}[\p{L}\p{N}_·\-. ]{0,14}?[ \t\u3000]*[:：])(?!\/\/)/u;
export const paragraphs = [];
export const chunks = [];

/** Cut the text from `offset` on into paragraphs and chunks: the head first, the rest later.
 * The chunks come back without elements; mountChunks gives them theirs. */
export function cutText() {
  const last = paragraphs.at(-1);
  const offset = last ? last.end + 1 : 0;
  if (last && offset > text.length) return [];
  let position = offset;
  for (const line of (offset ? text.slice(utf16At()) : text).split("\n")) {
    const length = codePointLength(line);
    const speaker = SPEAKER.exec(line);
    paragraphs.push({
      index: paragraphs.length,
      start: position,
      end: position + length,
      text: line,
      speakerStart: speaker ? position + codePointLength(speaker[1]) : null,
      speakerEnd: speaker ? position + codePointLength(speaker[1]) + codePointLength(speaker[2]) : null,
      el: null,
      chunk: null,
    });
    position += length + 1;
  }
  const added = [];
  let current = null;
  for (const paragraph of paragraphs.slice(last ? last.index + 1 : 0)) {
    if (!current || paragraph.end - current.start > CHUNK_CHARS) {
      const index = chunks.length + added.length;
      current = { index, start: paragraph.start, end: paragraph.end, paragraphs: [], drawn: false };
      added.push(current);
    }
    current.paragraphs.push(paragraph);
    current.end = paragraph.end;
    paragraph.chunk = current;
  }
  return added;
}

/** Give chunks (in order, following those already there) their elements. Until
 * then they are not in `chunks`: nothing draws or measures them. */
export function mountChunks(added) {
  const fragment = document.createDocumentFragment();
  for (const chunk of added) {
    chunk.el = document.createElement("div");
    chunk.el.className = "ws-chunk";
    chunk.el.dataset.chunk = chunk.index;
    chunk.stripesEl = document.createElement("div");
    chunk.stripesEl.className = "ws-stripes";
    chunk.stripesEl.contentEditable = "false";
    chunk.parasEl = document.createElement("div");
    chunk.parasEl.className = "ws-paras";
    for (const paragraph of chunk.paragraphs) {
      paragraph.el = document.createElement("p");
      paragraph.el.dataset.p = paragraph.index;
      paragraph.el.textContent = paragraph.text;
      chunk.parasEl.append(paragraph.el);
    }
    chunk.el.append(chunk.stripesEl, chunk.parasEl);
    fragment.append(chunk.el);
    chunks.push(chunk);
  }
  textEl.append(fragment);
  scheduleDrain();
}

// Where the paragraphs so far end, in UTF-16 units of the text (the head ends where the rest begins).
function utf16At() {
  let index = 0;
  for (const paragraph of paragraphs) index += paragraph.text.length + 1;
  return index;
}

export function paragraphAt(position) {
  let low = 0;
  let high = paragraphs.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (paragraphs[middle].start <= position) low = middle;
    else high = middle - 1;
  }
  return paragraphs[low];
}

// ---------------------------------------------------------------------------------------------
// One chunk: highlights and stripes

export let draws = 0; // chunks drawn so far: tests check that a change redraws only what it touches

export function drawChunk(chunk) {
  const spans = visibleIn(chunk.start, chunk.end);
  const extent = new Map(); // coding id -> [first mark, last mark] in this chunk
  for (const paragraph of chunk.paragraphs) {
    const mine = spans.filter((span) => span.start < paragraph.end && span.end > paragraph.start);
    if (!mine.length && paragraph.speakerEnd === null) {
      if (paragraph.el.childNodes.length !== 1 || paragraph.el.firstChild.nodeType !== Node.TEXT_NODE) {
        paragraph.el.textContent = paragraph.text;
      }
      continue;
    }
    const pieces = cutSegments(paragraph.start, paragraph.end, mine, [paragraph.speakerStart ?? -1, paragraph.speakerEnd ?? -1]);
    const ends = toUtf16Many(
      paragraph.text,
      pieces.map((piece) => piece.end - paragraph.start),
    );
    const fragment = document.createDocumentFragment();
    let from = 0;
    pieces.forEach((piece, i) => {
      const slice = paragraph.text.slice(from, ends[i]);
      from = ends[i];
      const speaker =
        paragraph.speakerEnd !== null && piece.start >= paragraph.speakerStart && piece.end <= paragraph.speakerEnd;
      if (!piece.ids.length) {
        if (speaker) {
          const label = document.createElement("b");
          label.className = "ws-speaker";
          label.textContent = slice;
          fragment.append(label);
        } else {
          fragment.append(slice);
        }
        return;
      }
      const mark = document.createElement("mark");
      mark.className = speaker ? "hl ws-speaker" : "hl";
      mark.dataset.c = piece.ids.join(" ");
      // The innermost (shortest) coding gives the colour; a second one underlines it.
      const covering = piece.ids.map((id) => codings.get(id)).sort((a, b) => a.end - a.start - (b.end - b.start));
      mark.style.backgroundColor = `${colorOf(covering[0])}40`;
      if (covering.length > 1) mark.style.boxShadow = `inset 0 -3px 0 ${colorOf(covering[1])}`;
      if (state.selectedId !== null && piece.ids.includes(state.selectedId)) mark.classList.add("sel");
      mark.textContent = slice;
      for (const id of piece.ids) {
        const seen = extent.get(id);
        if (seen) seen[1] = mark;
        else extent.set(id, [mark, mark]);
      }
      fragment.append(mark);
    });
    paragraph.el.replaceChildren(fragment);
  }
  drawStripes(chunk, spans, extent);
  chunk.drawn = true;
  draws++;
}

function drawStripes(chunk, spans, extent) {
  const box = chunk.el.getBoundingClientRect();
  const intervals = [];
  for (const span of spans) {
    const ends = extent.get(span.id);
    if (!ends) continue;
    const top = ends[0].getBoundingClientRect().top - box.top;
    const bottom = ends[1].getBoundingClientRect().bottom - box.top;
    intervals.push({ id: span.id, top, bottom: Math.max(bottom, top + 6) });
  }
  intervals.sort((a, b) => a.top - b.top || b.bottom - a.bottom || a.id - b.id);
  const { placed, lanes } = assignLanes(intervals);
  const width = Math.max(3, Math.min(LANE_MAX, Math.floor(MARGIN / Math.max(lanes, 1)) - 2));
  const fragment = document.createDocumentFragment();
  for (const stripe of placed) {
    const coding = codings.get(stripe.id);
    const code = codes.get(coding.code);
    const el = document.createElement("div");
    el.className = stripe.id === state.selectedId ? "ws-stripe sel" : "ws-stripe";
    el.dataset.id = stripe.id;
    el.style.cssText = `top:${stripe.top}px;height:${stripe.bottom - stripe.top}px;right:${
      stripe.lane * (width + 2)
    }px;width:${width}px;background:${code.color};color:${inkOn(code.color)}`;
    // Named for screen readers even when too narrow to show the name (issue 19.15).
    el.setAttribute("role", "img");
    el.setAttribute("aria-label", code.name);
    if (width >= 10) {
      const label = document.createElement("span");
      label.textContent = code.name;
      el.append(label);
    }
    fragment.append(el);
  }
  chunk.stripesEl.replaceChildren(fragment);
}

// ---------------------------------------------------------------------------------------------
// When chunks are drawn

// Chunks near the viewport are drawn when they come close; the rest wait, so a two-hour
// interview costs no more to open than the screenful the researcher sees. While scrolling, chunks
// are drawn nearest first within a budget per turn, so that no task blocks the page for long.
//
// Animation frames and IntersectionObserver callbacks both come with the browser's rendering
// steps, and Chromium sometimes stops those for seconds while timers still run. So what is on
// screen is found by geometry (a binary search over the chunks) on every scroll event and from a
// timer, and a change is drawn at once if its chunk is on screen by that measure: the page never
// waits on a frame. (No IntersectionObserver either: with 200 chunks watched, computing their
// intersections cost up to 38 ms of a frame while scrolling, for nothing the scroll event and
// the timer do not already tell.)
const NEAR_PX = 600;
const BUDGET_MS = 8;
const WATCH_MS = 200;
let ready = false;
let drainScheduled = false;

function distanceFromView(chunk) {
  const rect = chunk.el.getBoundingClientRect();
  if (rect.bottom < 0) return -rect.bottom;
  if (rect.top > window.innerHeight) return rect.top - window.innerHeight;
  return 0;
}

/** Indexes [first, last] of the chunks within NEAR_PX of the viewport, by their boxes. */
function chunksInView() {
  if (!chunks.length) return [0, -1];
  const below = (chunk) => chunk.el.getBoundingClientRect().bottom < -NEAR_PX;
  const above = (chunk) => chunk.el.getBoundingClientRect().top <= window.innerHeight + NEAR_PX;
  let low = 0;
  let high = chunks.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (below(chunks[middle])) low = middle + 1;
    else high = middle;
  }
  let last = low;
  while (last < chunks.length && above(chunks[last])) last++;
  return [low, last - 1];
}

function undrawnInView() {
  const [first, last] = chunksInView();
  const found = [];
  for (let i = first; i <= last; i++) if (!chunks[i].drawn) found.push(chunks[i]);
  return found;
}

/** Draw the undrawn chunks on and near the screen, nearest first: one, then more only while
 * within BUDGET_MS, then the rest in later tasks (so scrolling never waits on a long task); or,
 * for the first screen, all of those on screen. Distances are measured once, before any drawing,
 * because a measurement after a drawing forces a layout. */
function drain(firstScreen = false) {
  drainScheduled = false;
  const began = performance.now();
  const waiting = undrawnInView()
    .map((chunk) => [distanceFromView(chunk), chunk])
    .sort((a, b) => a[0] - b[0]);
  let drawn = 0;
  for (const [distance, chunk] of waiting) {
    if (firstScreen ? distance > 0 : drawn && performance.now() - began > BUDGET_MS) break;
    drawChunk(chunk);
    drawn++;
  }
  if (drawn < waiting.length) scheduleDrain();
}

// Drawing runs in tasks of its own, posted to a message channel (no 4 ms timer clamp), not in
// animation frames: a frame's task also holds the style, layout and paint of what was drawn, and
// frames may stall altogether.
const drainChannel = new MessageChannel();
drainChannel.port1.onmessage = () => drainScheduled && drain();

function scheduleDrain() {
  if (drainScheduled || !ready) return;
  drainScheduled = true;
  drainChannel.port2.postMessage(null);
}

/** Draw the first screen now (no frame needed), then keep drawing what comes near. */
export function startDrawing() {
  ready = true;
  drain(true); // the chunks on screen, whatever that costs; those just off it come next
  performance.mark("qc-first-draw");
  window.addEventListener("scroll", scheduleDrain, { passive: true });
  setInterval(() => {
    if (!drainScheduled && undrawnInView().length) drain();
  }, WATCH_MS);
}

/** Redraw the chunks that [start, end) ranges touch: now if near the viewport, else later. */
export function redrawRanges(ranges) {
  const [first, last] = ready ? chunksInView() : [0, -1];
  for (const chunk of chunks) {
    if (!ranges.some(([start, end]) => start <= chunk.end && end >= chunk.start)) continue;
    if (chunk.index >= first && chunk.index <= last) drawChunk(chunk);
    else chunk.drawn = false;
  }
}

export function redrawAll() {
  redrawRanges([[0, text.length + 1]]);
}

let resizeTimer = null;

export function redrawOnResize() {
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    // Stripes are measured from the layout: a new width means new line breaks.
    resizeTimer = setTimeout(redrawAll, 150);
  });
}
