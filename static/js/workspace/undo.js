// Undo and redo of coding changes (made in changes.js), from the toolbar and Ctrl+Z / Ctrl+Y.

import { afterChange, remoteCreate, remoteDelete, remoteUpdate, serial } from "./changes.js";
import { T, canCode, fail, say } from "./state.js";

const undoStack = [];
const redoStack = [];

export function record(action) {
  undoStack.push(action);
  redoStack.length = 0;
}

// Actions on one coding share one ref holding its current id: re-creating a deleted coding gives
// it a new id, and the earlier actions on it (a memo change, say) must follow.
const refs = new Map();

export function refFor(id) {
  if (!refs.has(id)) refs.set(id, { id });
  return refs.get(id);
}

async function recreate(action) {
  const row = await remoteCreate(action.fields);
  refs.delete(action.ref.id);
  action.ref.id = row.id;
  refs.set(row.id, action.ref);
}

const runners = {
  create: {
    undo: (a) => remoteDelete(a.ref.id),
    redo: recreate,
  },
  delete: {
    undo: recreate,
    redo: (a) => remoteDelete(a.ref.id),
  },
  update: {
    undo: (a) => remoteUpdate(a.ref.id, a.before),
    redo: (a) => remoteUpdate(a.ref.id, a.after),
  },
};

// Popped inside the queue: an undo pressed while a change is still saving undoes that change.
export function undo() {
  return serial(async () => {
    const action = undoStack.pop();
    if (!action) return say(T.nothing_to_undo);
    await runners[action.kind].undo(action);
    redoStack.push(action);
    afterChange(T.undone);
  }).catch(fail);
}

export function redo() {
  return serial(async () => {
    const action = redoStack.pop();
    if (!action) return say(T.nothing_to_redo);
    await runners[action.kind].redo(action);
    undoStack.push(action);
    afterChange(T.redone);
  }).catch(fail);
}

export function wireUndo() {
  document.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== "z" && event.key.toLowerCase() !== "y") return;
    const target = event.target;
    // Text fields keep their own undo.
    if (target.closest?.("input, textarea, select")) return;
    if (!canCode) return;
    event.preventDefault();
    if (event.key.toLowerCase() === "y" || event.shiftKey) redo();
    else undo();
  });

  document.getElementById("ws-undo").addEventListener("click", () => undo());
  document.getElementById("ws-redo").addEventListener("click", () => redo());
}
