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

import { buildText, chunks, draws, observeChunks, paragraphAt, paragraphs, redrawOnResize } from "./drawing.js";
import { drawCodebook, fillCoderFilter, wireCoderFilter } from "./panel.js";
import { wirePicker } from "./picker.js";
import { selectCoding, wireSelection } from "./selection.js";
import { codes, codings, data, setCodes, state, text } from "./state.js";
import { startPolling } from "./team.js";
import { wireUndo } from "./undo.js";

wirePicker();
wireSelection();
wireUndo();
wireCoderFilter();
redrawOnResize();

setCodes(data.codes);
fillCoderFilter();
buildText();
observeChunks();
drawCodebook();
startPolling();
followHash();
window.addEventListener("hashchange", followHash);

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
  get selectedId() {
    return state.selectedId;
  },
  get draws() {
    return draws;
  },
};
