// The document coding page: draws the transcript with its codings, applies and edits codings
// through the REST API, and keeps up with the team by polling. This module starts the page and
// wires the others together:
//   state.js      the page's data and shared values; the codebook; which codings show
//   drawing.js    paragraphs and chunks, highlights and stripes, drawn near the viewport
//   selection.js  selected passage (code points via ../offsets.js) and coding; pointer, keys
//   picker.js     the code picker
//   panel.js      the selected coding's detail, the codebook list, the coder filter
//   changes.js    codings created, changed and deleted through the API, one at a time
//   undo.js       undo and redo
//   team.js       polling for the team's changes

import {
  chunks,
  cutText,
  draws,
  mountChunks,
  paragraphAt,
  paragraphs,
  redrawOnResize,
  redrawRanges,
  startDrawing,
} from "./drawing.js";
import { drawCodebook, fillCoderFilter, wireCoderFilter } from "./panel.js";
import { wirePicker } from "./picker.js";
import { selectCoding, wireSelection } from "./selection.js";
import { api, codes, codings, data, root, rowsOf, setCodes, setText, state, text } from "./state.js";
import { startPolling } from "./team.js";
import { wireUndo } from "./undo.js";

wirePicker();
wireSelection();
wireUndo();
wireCoderFilter();
redrawOnResize();

// The head (codebook, the first few thousand characters and their codings) came with the page:
// draw the first screen from it at once, then take the whole document.
const head = data.head;
setCodes(rowsOf(head.code_columns, head.codes));
fillCoderFilter();
mountChunks(cutText());
startDrawing();
drawCodebook();
if (head.complete) finishStart(head.revision);
else loadWhole();

async function loadWhole() {
  // The browser keeps the data under its ETag and asks whether it changed: a second visit
  // to an unchanged document downloads nothing but the answer "not modified".
  let whole = null;
  while (!whole) {
    try {
      whole = await api.get(data.urls.data);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  setText(whole.text);
  if (whole.revision !== head.revision) setCodes(rowsOf(whole.code_columns, whole.codes));
  const headEnd = paragraphs.at(-1).end;
  // Filing 10,000 codings and building the rest of the text take longer than a task should: both
  // go in slices, and the page stays responsive (and draws what scrolls into view) in between.
  const changed = whole.revision !== head.revision;
  const columns = whole.coding_columns;
  await inSlices(whole.codings, (values) => {
    const row = {};
    for (let i = 0; i < columns.length; i++) row[columns[i]] = values[i];
    // The head's codings are current as of its revision; the rest arrive here.
    if (changed || row.start >= headEnd) codings.set(row.id, row);
  });
  if (changed) redrawRanges([[0, headEnd]]);
  const rest = cutText();
  await inSlices(rest, (chunk) => mountChunks([chunk]), 4);
  drawCodebook();
  // Polls start from the older revision: whatever changed in between, or was saved from this page
  // meanwhile, comes again and settles the state.
  finishStart(Math.min(head.revision, whole.revision));
}

const SLICE_MS = 8;
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Call `each` on every item, yielding to the browser every SLICE_MS (checked every `every`). */
async function inSlices(items, each, every = 256) {
  let began = performance.now();
  for (let i = 0; i < items.length; i++) {
    each(items[i]);
    if (i % every === every - 1 && performance.now() - began > SLICE_MS) {
      await nextTask();
      began = performance.now();
    }
  }
}

function finishStart(revision) {
  startPolling(revision);
  followHash();
  window.addEventListener("hashchange", followHash);
  root.dataset.ready = "1";
}

// Other pages link to a passage (#offset-1234, from search hits) or a coding (#coding-56).
function followHash() {
  const match = /^#(offset|coding)-(\d+)$/.exec(window.location.hash);
  if (!match) return;
  const number = Number(match[2]);
  if (match[1] === "coding") {
    if (codings.has(number)) selectCoding(number, { scroll: true });
    return;
  }
  const paragraph = paragraphAt(Math.min(number, text.length));
  paragraph.el.scrollIntoView({ block: "center" });
  paragraph.el.classList.add("ws-flash");
  setTimeout(() => paragraph.el.classList.remove("ws-flash"), 4000);
}

// For tests and the benchmark: the page's state, read-only by convention.
window.qualcase = {
  codings,
  codes,
  paragraphs,
  chunks,
  selectCoding,
  redrawRanges,
  get selectedId() {
    return state.selectedId;
  },
  get draws() {
    return draws;
  },
  get text() {
    return text;
  },
};
