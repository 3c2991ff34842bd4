// Drawing the transcript: paragraphs grouped in chunks, each chunk drawn as flat highlighted
// segments with its coding stripes in the margin, and only when it comes near the viewport.

import { codePointLength, toUtf16Many } from "../offsets.js";
import { assignLanes, cutSegments } from "../segments.js";
import { codes, codings, colorOf, root, state, text, textEl, visibleIn } from "./state.js";

const CHUNK_CHARS = 2500; // paragraphs are drawn in chunks of about this many characters
const MARGIN = 150; // px for coding stripes, as in the stylesheet
const LANE_MAX = 14;

// ---------------------------------------------------------------------------------------------
// Paragraphs and chunks

const SPEAKER = /^[^\s:：，。,.!?！？]{1,12}[:：]/u;
export const paragraphs = [];
export const chunks = [];

export function buildText() {
  let offset = 0;
  for (const line of text.split("\n")) {
    const length = codePointLength(line);
    const speaker = SPEAKER.exec(line);
    paragraphs.push({
      index: paragraphs.length,
      start: offset,
      end: offset + length,
      text: line,
      speakerEnd: speaker ? offset + codePointLength(speaker[0]) : null,
      el: null,
      chunk: null,
    });
    offset += length + 1;
  }
  let current = null;
  for (const paragraph of paragraphs) {
    if (!current || paragraph.end - current.start > CHUNK_CHARS) {
      current = { index: chunks.length, start: paragraph.start, end: paragraph.end, paragraphs: [], drawn: false };
      chunks.push(current);
    }
    current.paragraphs.push(paragraph);
    current.end = paragraph.end;
    paragraph.chunk = current;
  }
  const fragment = document.createDocumentFragment();
  for (const chunk of chunks) {
    chunk.el = document.createElement("div");
    chunk.el.className = "ws-chunk";
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
  }
  textEl.replaceChildren(fragment);
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
    const pieces = cutSegments(paragraph.start, paragraph.end, mine, [paragraph.speakerEnd ?? -1]);
    const ends = toUtf16Many(
      paragraph.text,
      pieces.map((piece) => piece.end - paragraph.start),
    );
    const fragment = document.createDocumentFragment();
    let from = 0;
    pieces.forEach((piece, i) => {
      const slice = paragraph.text.slice(from, ends[i]);
      from = ends[i];
      const speaker = paragraph.speakerEnd !== null && piece.end <= paragraph.speakerEnd;
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
    }px;width:${width}px;background:${code.color}`;
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
// are drawn nearest first within a budget per frame, so that no task blocks the page for long.
const near = new Set();
const waiting = new Set();
const FRAME_BUDGET_MS = 12;
let firstDraw = true;
let drainScheduled = false;

function distanceFromView(chunk) {
  const rect = chunk.el.getBoundingClientRect();
  if (rect.bottom < 0) return -rect.bottom;
  if (rect.top > window.innerHeight) return rect.top - window.innerHeight;
  return 0;
}

function drainWaiting() {
  drainScheduled = false;
  const began = performance.now();
  const ordered = [...waiting].sort((a, b) => distanceFromView(a) - distanceFromView(b));
  for (const chunk of ordered) {
    // The first screenful is drawn in one go; later ones share frames with scrolling.
    if (!firstDraw && performance.now() - began > FRAME_BUDGET_MS) break;
    waiting.delete(chunk);
    if (near.has(chunk) && !chunk.drawn) drawChunk(chunk);
  }
  if (firstDraw) {
    firstDraw = false;
    performance.mark("qc-first-draw");
    root.dataset.ready = "1";
  }
  if (waiting.size) scheduleDrain();
}

function scheduleDrain() {
  if (drainScheduled) return;
  drainScheduled = true;
  requestAnimationFrame(drainWaiting);
}

const observer = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      const chunk = chunks[Number(entry.target.dataset.chunk)];
      if (entry.isIntersecting) {
        near.add(chunk);
        if (!chunk.drawn) waiting.add(chunk);
      } else {
        near.delete(chunk);
        waiting.delete(chunk);
      }
    }
    if (firstDraw) drainWaiting();
    else if (waiting.size) scheduleDrain();
  },
  { root: null, rootMargin: "600px 0px" },
);

/** Start drawing chunks as they come near the viewport (after buildText). */
export function observeChunks() {
  chunks.forEach((chunk) => {
    chunk.el.dataset.chunk = chunk.index;
    observer.observe(chunk.el);
  });
}

/** Redraw the chunks that [start, end) ranges touch: now if near the viewport, else later. */
export function redrawRanges(ranges) {
  for (const chunk of chunks) {
    if (!ranges.some(([start, end]) => start <= chunk.end && end >= chunk.start)) continue;
    if (near.has(chunk) && !firstDraw) drawChunk(chunk);
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
