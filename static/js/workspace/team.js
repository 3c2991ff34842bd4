// The team: poll for what others changed since the revision this page has seen. The server keeps
// a change log with tombstones (coding/codings/revisions.py), so an answer holds only the codings
// and codes changed or deleted since: nothing at all when nothing changed, however long the
// document. Codebook changes (renames, colours, new and archived codes) come the same way.

import { mutations } from "./changes.js";
import { redrawAll, redrawRanges } from "./drawing.js";
import { drawCodebook, drawDetail } from "./panel.js";
import { api, codes, codings, data, detailEl, rowsOf, setCodes, state } from "./state.js";

const POLL_MS = 2500; // others' codings and codes must show within 5 s
const CODE_COLUMNS = data.head.code_columns;
const CODING_COLUMNS = data.head.coding_columns;

let revision = 0;

function sameRow(a, b) {
  return a.code === b.code && a.coder === b.coder && a.start === b.start && a.end === b.end && a.memo === b.memo;
}

export function startPolling(from) {
  revision = from;
  setTimeout(poll, POLL_MS);
}

async function poll() {
  const startedAt = mutations;
  try {
    const answer = await api.get(`${data.urls.changes}?after=${revision}`);
    // An answer that overlaps a change made here may predate it: ask again from the same place.
    if (startedAt === mutations && mutations % 2 === 0) takeChanges(answer);
  } catch {
    // A dropped poll is retried at the next tick; the page stays usable offline.
  }
  setTimeout(poll, POLL_MS);
}

function takeCodes(answer) {
  if (!answer.codes.length && !answer.deleted_codes.length) return false;
  const next = new Map(codes);
  for (const id of answer.deleted_codes) next.delete(id);
  for (const row of rowsOf(CODE_COLUMNS, answer.codes)) next.set(row.id, row);
  setCodes([...next.values()]);
  return true;
}

function takeChanges(answer) {
  const ranges = [];
  for (const id of answer.deleted) {
    const old = codings.get(id);
    if (!old) continue;
    codings.delete(id);
    ranges.push([old.start, old.end]);
  }
  for (const row of rowsOf(CODING_COLUMNS, answer.codings)) {
    const old = codings.get(row.id);
    if (old && sameRow(old, row)) continue;
    if (old) ranges.push([old.start, old.end]);
    codings.set(row.id, row);
    ranges.push([row.start, row.end]);
  }
  revision = answer.revision;
  const codebookChanged = takeCodes(answer);
  if (!ranges.length && !codebookChanged) return;
  // A code's new name or colour shows wherever it is used: every chunk, drawn as it comes near.
  if (codebookChanged) redrawAll();
  else redrawRanges(ranges);
  if (state.selectedId !== null && !codings.has(state.selectedId)) state.selectedId = null;
  drawCodebook();
  if (!detailEl.contains(document.activeElement)) drawDetail();
}
