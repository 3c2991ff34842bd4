// What the coding page's modules share: the page's data, its elements, the codebook, which
// codings show, and the few values that more than one module changes. Those live in `state`,
// because a module cannot assign to a binding it imports.
//
// Every piece of text from the data (transcript, code names, memos, user names) reaches the DOM
// through textContent or attributes, never innerHTML: a transcript may contain "<script>".

import { makeApi } from "../api.js";
import { codePoints } from "../offsets.js";

// This module runs first of the page's own modules (the others import it).
performance.mark("qc-script-start");

const readJson = (id) => JSON.parse(document.getElementById(id).textContent);
export const data = readJson("workspace-data");
export const T = readJson("workspace-strings");
export const api = makeApi(readJson("workspace-csrf"));
export const fmt = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");

export const root = document.getElementById("workspace");
export const textEl = document.getElementById("ws-text");
export const pickerEl = document.getElementById("ws-picker");
export const hoverEl = document.getElementById("ws-hover");
export const detailEl = document.getElementById("ws-detail");
export const codebookEl = document.getElementById("ws-codebook");
export const statusEl = document.getElementById("ws-status");
export const coderFilterEl = document.getElementById("ws-coder-filter");

export const me = data.me;
export const canCode = data.can_code;
export const canEditCodebook = data.can_edit_codebook;
export const documentId = data.document.id;
export const members = new Map(data.members.map((member) => [member.id, member.display_name]));
export const codes = new Map();

// The server sends rows as arrays in the order of its column list (half the bytes of objects).
export const rowsOf = (columns, rows) =>
  rows.map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i]])));

// Codings by id, and by where they lie: each is also filed under every stretch of BUCKET code
// points it touches, so that drawing a chunk looks at the codings there and not at all 10,000.
const BUCKET = 1024;

class CodingStore extends Map {
  constructor() {
    super();
    this.buckets = [];
  }

  set(id, row) {
    if (this.has(id)) this.#unfile(super.get(id));
    super.set(id, row);
    for (let b = Math.floor(row.start / BUCKET); b <= Math.floor((row.end - 1) / BUCKET); b++) {
      (this.buckets[b] ??= new Set()).add(id);
    }
    return this;
  }

  delete(id) {
    if (!this.has(id)) return false;
    this.#unfile(super.get(id));
    return super.delete(id);
  }

  clear() {
    this.buckets = [];
    super.clear();
  }

  #unfile(row) {
    for (let b = Math.floor(row.start / BUCKET); b <= Math.floor((row.end - 1) / BUCKET); b++) {
      this.buckets[b]?.delete(row.id);
    }
  }

  /** Codings overlapping [start, end). */
  within(start, end) {
    const found = new Set();
    for (let b = Math.floor(start / BUCKET); b <= Math.floor(Math.max(start, end - 1) / BUCKET); b++) {
      for (const id of this.buckets[b] ?? []) found.add(id);
    }
    const rows = [];
    for (const id of found) {
      const row = super.get(id);
      if (row.start < end && row.end > start) rows.push(row);
    }
    return rows;
  }
}

export const codings = new CodingStore();
for (const row of rowsOf(data.head.coding_columns, data.head.codings)) codings.set(row.id, row);

// The text grows once: the head in the page first, the whole document when its data arrives.
export let text = data.head.text;
let chars = null; // the text as code points, made on first need (it costs a few ms on long texts)
export const textChars = () => (chars ??= codePoints(text));
export function setText(whole) {
  text = whole;
  chars = null;
}
export const quoteOf = (start, end) => textChars().slice(start, end).join("");

const storageKey = (name) => `qualcase.${name}.${data.project}`;
export const hiddenCodes = new Set();

export const state = {
  coderFilter: "all",
  selectedId: null,
  recent: loadList("recent"),
  pinnedSaved: loadList("pinned"), // the coder's own pins, by key (see pinSlots)
  pinnedAuto: loadList("pinned-auto"),
  lastSelection: null, // the last text selection, for "bounds to selection"
  treeOrder: [], // the codes, depth first
};

function loadList(name) {
  try {
    const value = JSON.parse(localStorage.getItem(storageKey(name)) || "[]");
    return Array.isArray(value) ? value.filter(Number.isInteger) : [];
  } catch {
    return [];
  }
}

export function saveList(name, list) {
  try {
    localStorage.setItem(storageKey(name), JSON.stringify(list));
  } catch {
    // Private windows may refuse storage; recent and pinned codes then last for the visit.
  }
}

export function say(message) {
  statusEl.textContent = message;
}

export function fail(error) {
  say(fmt(T.error, { message: error.message }));
}

// ---------------------------------------------------------------------------------------------
// The codebook

export function setCodes(rows) {
  codes.clear();
  for (const row of rows) codes.set(row.id, row);
  const children = new Map();
  for (const code of codes.values()) {
    const key = code.parent ?? 0;
    if (!children.has(key)) children.set(key, []);
    children.get(key).push(code);
  }
  state.treeOrder = [];
  const walk = (parent, depth) => {
    for (const code of children.get(parent) || []) {
      code.depth = depth;
      state.treeOrder.push(code);
      walk(code.id, depth + 1);
    }
  };
  walk(0, 0);
}

export function codePath(code) {
  const names = [];
  for (let parent = codes.get(code.parent); parent; parent = codes.get(parent.parent)) names.unshift(parent.name);
  return names.join(" › ");
}

// Keys 1–9 are slots that keep their code: a new code never moves a key (issue 19.10). Until the
// coder pins anything, codes fill free slots in tree order (saved, so they stay after a reload);
// once the coder pins or unpins, only the coder changes them. 0 marks an empty slot.
export function pinSlots() {
  if (state.pinnedSaved.length) return Array.from({ length: 9 }, (_, i) => state.pinnedSaved[i] ?? 0);
  const slots = Array.from({ length: 9 }, (_, i) => state.pinnedAuto[i] ?? 0);
  const spare = state.treeOrder.filter((code) => code.is_active && !slots.includes(code.id));
  let changed = false;
  for (let i = 0; i < 9 && spare.length; i++) {
    if (!codes.has(slots[i])) {
      slots[i] = spare.shift().id;
      changed = true;
    }
  }
  if (changed) {
    state.pinnedAuto = slots;
    saveList("pinned-auto", slots);
  }
  return slots;
}

/** The code on each key 1–9 (null where the slot is empty or its code archived). */
export function pinnedCodes() {
  return pinSlots().map((id) => {
    const code = codes.get(id);
    return code && code.is_active ? code : null;
  });
}

export function colorOf(coding) {
  return codes.get(coding.code)?.color || "#888888";
}

/** Black or white text on a code's colour, whichever contrasts more (at least 4.5:1, WCAG AA). */
export function inkOn(hex) {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.179 ? "#000" : "#fff";
}

// ---------------------------------------------------------------------------------------------
// Which codings show, and who may change them

export function isVisible(coding) {
  if (hiddenCodes.has(coding.code) || !codes.has(coding.code)) return false;
  if (state.coderFilter === "all") return true;
  if (state.coderFilter === "me") return coding.coder === me;
  return coding.coder === Number(state.coderFilter);
}

export function isVisibleByCoder(coding) {
  if (state.coderFilter === "me") return coding.coder === me;
  return state.coderFilter === "all" || coding.coder === Number(state.coderFilter);
}

export function visibleIn(start, end) {
  return codings.within(start, end).filter(isVisible);
}

export function canChange(coding) {
  // A coding still being saved (drawn ahead of the server's answer, under an id below zero) has
  // nothing on the server to change yet.
  return canCode && coding.id > 0 && (coding.coder === me || canEditCodebook);
}
