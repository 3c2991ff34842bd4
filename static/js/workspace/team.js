// The team: poll for codings others made, changed or deleted, and now and then for the codebook
// (renames, colours, new codes).

import { mutations } from "./changes.js";
import { redrawAll, redrawRanges } from "./drawing.js";
import { drawCodebook, drawDetail, refreshCodes } from "./panel.js";
import { api, codes, codings, data, detailEl, state } from "./state.js";

const POLL_MS = 2500; // others' codings must show within 5 s
const CODES_EVERY = 12; // polls between codebook refreshes (renames, colours, new codes)

let since = data.now;
let polls = 0;

function sameRow(a, b) {
  return a.code === b.code && a.coder === b.coder && a.start === b.start && a.end === b.end && a.memo === b.memo;
}

export function startPolling() {
  setTimeout(poll, POLL_MS);
}

async function poll() {
  const startedAt = mutations;
  try {
    if (++polls % CODES_EVERY === 0) await refreshCodesIfChanged();
    const answer = await api.get(`${data.urls.changes}?since=${encodeURIComponent(since)}`);
    if (startedAt === mutations && mutations % 2 === 0) await takeChanges(answer);
  } catch {
    // A dropped poll is retried at the next tick; the page stays usable offline.
  }
  setTimeout(poll, POLL_MS);
}

async function refreshCodesIfChanged() {
  const fingerprint = () =>
    JSON.stringify(state.treeOrder.map((code) => [code.id, code.name, code.color, code.parent, code.is_active]));
  const before = fingerprint();
  await refreshCodes();
  if (before !== fingerprint()) redrawAll();
}

async function takeChanges(answer) {
  const alive = new Set(answer.ids);
  const ranges = [];
  for (const [id, coding] of codings) {
    if (!alive.has(id)) {
      codings.delete(id);
      ranges.push([coding.start, coding.end]);
    }
  }
  let unknownCode = false;
  for (const row of answer.changed) {
    if (!alive.has(row.id)) continue;
    const old = codings.get(row.id);
    if (old && sameRow(old, row)) continue;
    if (old) ranges.push([old.start, old.end]);
    codings.set(row.id, row);
    ranges.push([row.start, row.end]);
    if (!codes.has(row.code)) unknownCode = true;
  }
  since = answer.now;
  if (unknownCode) await refreshCodes();
  if (!ranges.length) return;
  redrawRanges(ranges);
  if (state.selectedId !== null && !codings.has(state.selectedId)) state.selectedId = null;
  drawCodebook();
  if (!detailEl.contains(document.activeElement)) drawDetail();
}
