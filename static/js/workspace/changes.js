// Changes to codings through the REST API: one at a time, each recorded for undo (undo.js), the
// touched chunks redrawn, and the panels brought up to date.

import { redrawRanges } from "./drawing.js";
import { drawCodebook, drawDetail } from "./panel.js";
import { selectCoding } from "./selection.js";
import { record, refFor } from "./undo.js";
import { T, api, codes, codings, data, documentId, fail, fmt, me, saveList, say, state } from "./state.js";

// Polls that overlap a local change are dropped (team.js): they may predate it. Odd while a
// change is running, so a poll sees whether one ran or is running since it began.
export let mutations = 0;
let queue = Promise.resolve();

export function serial(task) {
  const run = queue.then(async () => {
    mutations++;
    try {
      return await task();
    } finally {
      mutations++;
    }
  });
  queue = run.catch(() => {});
  return run;
}

const toRow = (coding) => ({
  id: coding.id,
  code: coding.code,
  coder: coding.coder,
  start: coding.start,
  end: coding.end,
  memo: coding.memo,
});
const detailUrl = (id) => `${data.urls.codings}${id}/`;

function store(row) {
  const old = codings.get(row.id);
  codings.set(row.id, row);
  const ranges = [[row.start, row.end]];
  if (old) ranges.push([old.start, old.end]);
  redrawRanges(ranges);
}

function forget(id) {
  const old = codings.get(id);
  if (!old) return;
  codings.delete(id);
  redrawRanges([[old.start, old.end]]);
  if (state.selectedId === id) selectCoding(null);
}

export async function remoteCreate(fields) {
  const row = toRow(await api.post(data.urls.codings, { document: documentId, ...fields }));
  store(row);
  return row;
}

export async function remoteUpdate(id, fields) {
  const row = toRow(await api.patch(detailUrl(id), fields));
  store(row);
  return row;
}

export async function remoteDelete(id) {
  await api.del(detailUrl(id));
  forget(id);
}

// The side panels follow a change a frame later: the highlight is what the coder waits for, and
// recounting the codebook (every coding of the document) need not hold up its first paint.
let panelsPending = false;

function drawPanelsAfterPaint() {
  if (panelsPending) return;
  panelsPending = true;
  const run = () => {
    if (!panelsPending) return;
    panelsPending = false;
    drawCodebook();
    drawDetail();
  };
  requestAnimationFrame(() => setTimeout(run, 0));
  setTimeout(run, 100); // frames may stall
}

export function afterChange(message) {
  say(message);
  drawPanelsAfterPaint();
}

const fieldsOf = (row) => ({ code: row.code, start: row.start, end: row.end, memo: row.memo });

// A new coding is drawn the moment the coder applies it, under a provisional id below zero, and
// takes the server's id when the save answers: the highlight must not wait on the network (100 ms
// at most, however busy the server), and a refused save takes it away again with the reason.
let provisionalIds = 0;

export async function applyCode(codeId, span) {
  const draft = { id: --provisionalIds, code: codeId, coder: me, start: span.start, end: span.end, memo: "" };
  store(draft);
  return serial(async () => {
    let row;
    try {
      row = toRow(await api.post(data.urls.codings, { document: documentId, ...fieldsOf(draft) }));
    } catch (error) {
      forget(draft.id);
      throw error;
    }
    codings.delete(draft.id);
    store(row);
    record({ kind: "create", ref: refFor(row.id), fields: fieldsOf(row) });
    state.recent = [codeId, ...state.recent.filter((id) => id !== codeId)].slice(0, 8);
    saveList("recent", state.recent);
    afterChange(fmt(T.applied, { code: codes.get(codeId).name }));
    return row;
  }).catch(fail);
}

export async function updateCoding(id, fields, message = T.changed) {
  return serial(async () => {
    const before = codings.get(id);
    await remoteUpdate(id, fields);
    const previous = {};
    for (const key of Object.keys(fields)) previous[key] = before[key];
    record({ kind: "update", ref: refFor(id), before: previous, after: fields });
    afterChange(message);
  }).catch(fail);
}

export async function deleteCoding(id) {
  return serial(async () => {
    const row = codings.get(id);
    await remoteDelete(id);
    record({ kind: "delete", ref: refFor(id), fields: fieldsOf(row) });
    afterChange(fmt(T.removed, { code: codes.get(row.code)?.name ?? "" }));
  }).catch(fail);
}
