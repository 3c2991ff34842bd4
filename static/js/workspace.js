// The document coding page: draws the transcript with its codings, applies and edits codings
// through the REST API, and keeps up with the team by polling.
//
// Every piece of text from the data (transcript, code names, memos, user names) reaches the DOM
// through textContent or attributes, never innerHTML: a transcript may contain "<script>".

import { makeApi } from "./api.js";
import { codePointLength, codePoints, toCodePoint, toUtf16Many, trimSpan } from "./offsets.js";
import { assignLanes, cutSegments } from "./segments.js";

performance.mark("qc-script-start");

const readJson = (id) => JSON.parse(document.getElementById(id).textContent);
const data = readJson("workspace-data");
const T = readJson("workspace-strings");
const api = makeApi(readJson("workspace-csrf"));
const fmt = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");

const POLL_MS = 2500; // others' codings must show within 5 s
const CHUNK_CHARS = 2500; // paragraphs are drawn in chunks of about this many characters
const MARGIN = 150; // px for coding stripes, as in the stylesheet
const LANE_MAX = 14;

const root = document.getElementById("workspace");
const textEl = document.getElementById("ws-text");
const pickerEl = document.getElementById("ws-picker");
const hoverEl = document.getElementById("ws-hover");
const detailEl = document.getElementById("ws-detail");
const codebookEl = document.getElementById("ws-codebook");
const statusEl = document.getElementById("ws-status");
const coderFilterEl = document.getElementById("ws-coder-filter");

const me = data.me;
const canCode = data.can_code;
const canEditCodebook = data.can_edit_codebook;
const documentId = data.document.id;
const text = data.document.text;
const members = new Map(data.members.map((member) => [member.id, member.username]));
const codes = new Map();
const codings = new Map();
for (const coding of data.codings) codings.set(coding.id, coding);

let chars = null; // the text as code points, made on first need (it costs a few ms on long texts)
const textChars = () => (chars ??= codePoints(text));

const storageKey = (name) => `qualcase.${name}.${data.project}`;
const hiddenCodes = new Set();
let coderFilter = "all";
let selectedId = null;
let recent = loadList("recent");
let pinnedSaved = loadList("pinned");

function loadList(name) {
  try {
    const value = JSON.parse(localStorage.getItem(storageKey(name)) || "[]");
    return Array.isArray(value) ? value.filter(Number.isInteger) : [];
  } catch {
    return [];
  }
}

function saveList(name, list) {
  try {
    localStorage.setItem(storageKey(name), JSON.stringify(list));
  } catch {
    // Private windows may refuse storage; recent and pinned codes then last for the visit.
  }
}

function say(message) {
  statusEl.textContent = message;
}

// ---------------------------------------------------------------------------------------------
// The codebook

let treeOrder = [];

function setCodes(rows) {
  codes.clear();
  for (const row of rows) codes.set(row.id, row);
  const children = new Map();
  for (const code of codes.values()) {
    const key = code.parent ?? 0;
    if (!children.has(key)) children.set(key, []);
    children.get(key).push(code);
  }
  treeOrder = [];
  const walk = (parent, depth) => {
    for (const code of children.get(parent) || []) {
      code.depth = depth;
      treeOrder.push(code);
      walk(code.id, depth + 1);
    }
  };
  walk(0, 0);
}

function codePath(code) {
  const names = [];
  for (let parent = codes.get(code.parent); parent; parent = codes.get(parent.parent)) names.unshift(parent.name);
  return names.join(" › ");
}

function pinnedCodes() {
  const saved = pinnedSaved.map((id) => codes.get(id)).filter((code) => code && code.is_active);
  const list = saved.length ? saved : treeOrder.filter((code) => code.is_active);
  return list.slice(0, 9);
}

async function refreshCodes() {
  const page = await api.get(`${data.urls.codes}?page_size=1000`);
  setCodes(page.results);
  drawCodebook();
}

// ---------------------------------------------------------------------------------------------
// Which codings show

function isVisible(coding) {
  if (hiddenCodes.has(coding.code) || !codes.has(coding.code)) return false;
  if (coderFilter === "all") return true;
  if (coderFilter === "me") return coding.coder === me;
  return coding.coder === Number(coderFilter);
}

function visibleIn(start, end) {
  const found = [];
  for (const coding of codings.values()) {
    if (coding.start < end && coding.end > start && isVisible(coding)) found.push(coding);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Paragraphs and chunks

const SPEAKER = /^[^\s:：，。,.!?！？]{1,12}[:：]/u;
const paragraphs = [];
const chunks = [];

function buildText() {
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

function paragraphAt(position) {
  let low = 0;
  let high = paragraphs.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (paragraphs[middle].start <= position) low = middle;
    else high = middle - 1;
  }
  return paragraphs[low];
}

function colorOf(coding) {
  return codes.get(coding.code)?.color || "#888888";
}

let draws = 0; // chunks drawn so far: tests check that a change redraws only what it touches

function drawChunk(chunk) {
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
      if (selectedId !== null && piece.ids.includes(selectedId)) mark.classList.add("sel");
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
    el.className = stripe.id === selectedId ? "ws-stripe sel" : "ws-stripe";
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

/** Redraw the chunks that [start, end) ranges touch: now if near the viewport, else later. */
function redrawRanges(ranges) {
  for (const chunk of chunks) {
    if (!ranges.some(([start, end]) => start <= chunk.end && end >= chunk.start)) continue;
    if (near.has(chunk) && !firstDraw) drawChunk(chunk);
    else chunk.drawn = false;
  }
}

function redrawAll() {
  redrawRanges([[0, text.length + 1]]);
}

// ---------------------------------------------------------------------------------------------
// Selections in the text, as code points

function pointToOffset(node, offset, snap) {
  const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
  const paragraphEl = element?.closest("p[data-p]");
  if (paragraphEl && textEl.contains(paragraphEl)) {
    const paragraph = paragraphs[Number(paragraphEl.dataset.p)];
    const range = document.createRange();
    range.setStart(paragraphEl, 0);
    range.setEnd(node, offset);
    return paragraph.start + toCodePoint(paragraph.text, range.toString().length, snap);
  }
  // A boundary between paragraphs (e.g. after a triple click): the next paragraph's start or the
  // previous one's end.
  if (!element || !textEl.contains(element)) return null;
  const after = node.childNodes?.[offset];
  const next = after && (after.matches?.("p[data-p]") ? after : after.querySelector?.("p[data-p]"));
  if (next) return paragraphs[Number(next.dataset.p)].start;
  const before = node.childNodes?.[offset - 1];
  const candidates = before?.matches?.("p[data-p]") ? [before] : before?.querySelectorAll?.("p[data-p]");
  if (candidates?.length) return paragraphs[Number(candidates[candidates.length - 1].dataset.p)].end;
  return null;
}

function currentSelection() {
  const selection = window.getSelection();
  if (!selection.rangeCount || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!textEl.contains(range.startContainer) || !textEl.contains(range.endContainer)) return null;
  const rawStart = pointToOffset(range.startContainer, range.startOffset, "start");
  const rawEnd = pointToOffset(range.endContainer, range.endOffset, "end");
  if (rawStart === null || rawEnd === null) return null;
  const [start, end] = trimSpan(textChars(), rawStart, rawEnd);
  if (end <= start) return null;
  return { start, end, rect: range.getBoundingClientRect(), range: range.cloneRange() };
}

const quoteOf = (start, end) => textChars().slice(start, end).join("");

// ---------------------------------------------------------------------------------------------
// Changes through the API, with undo and redo

const undoStack = [];
const redoStack = [];
let mutations = 0; // polls that overlap a local change are dropped: they may predate it
let queue = Promise.resolve();

function serial(task) {
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
  if (selectedId === id) selectCoding(null);
}

async function remoteCreate(fields) {
  const row = toRow(await api.post(data.urls.codings, { document: documentId, ...fields }));
  store(row);
  return row;
}

async function remoteUpdate(id, fields) {
  const row = toRow(await api.patch(detailUrl(id), fields));
  store(row);
  return row;
}

async function remoteDelete(id) {
  await api.del(detailUrl(id));
  forget(id);
}

function afterChange(message) {
  say(message);
  drawCodebook();
  drawDetail();
}

function fail(error) {
  say(fmt(T.error, { message: error.message }));
}

function record(action) {
  undoStack.push(action);
  redoStack.length = 0;
}

const fieldsOf = (row) => ({ code: row.code, start: row.start, end: row.end, memo: row.memo });

async function applyCode(codeId, span) {
  return serial(async () => {
    const row = await remoteCreate({ code: codeId, start: span.start, end: span.end });
    record({ kind: "create", ref: refFor(row.id), fields: fieldsOf(row) });
    recent = [codeId, ...recent.filter((id) => id !== codeId)].slice(0, 8);
    saveList("recent", recent);
    afterChange(fmt(T.applied, { code: codes.get(codeId).name }));
    return row;
  }).catch(fail);
}

async function updateCoding(id, fields, message = T.changed) {
  return serial(async () => {
    const before = codings.get(id);
    const row = await remoteUpdate(id, fields);
    const previous = {};
    for (const key of Object.keys(fields)) previous[key] = before[key];
    record({ kind: "update", ref: refFor(id), before: previous, after: fields });
    afterChange(message);
  }).catch(fail);
}

async function deleteCoding(id) {
  return serial(async () => {
    const row = codings.get(id);
    await remoteDelete(id);
    record({ kind: "delete", ref: refFor(id), fields: fieldsOf(row) });
    afterChange(fmt(T.removed, { code: codes.get(row.code)?.name ?? "" }));
  }).catch(fail);
}

// Actions on one coding share one ref holding its current id: re-creating a deleted coding gives
// it a new id, and the earlier actions on it (a memo change, say) must follow.
const refs = new Map();

function refFor(id) {
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
function undo() {
  return serial(async () => {
    const action = undoStack.pop();
    if (!action) return say(T.nothing_to_undo);
    await runners[action.kind].undo(action);
    redoStack.push(action);
    afterChange(T.undone);
  }).catch(fail);
}

function redo() {
  return serial(async () => {
    const action = redoStack.pop();
    if (!action) return say(T.nothing_to_redo);
    await runners[action.kind].redo(action);
    undoStack.push(action);
    afterChange(T.redone);
  }).catch(fail);
}

// ---------------------------------------------------------------------------------------------
// The code picker

let pending = null; // {start, end, applied: Set of code ids}
let options = [];
let active = 0;
const pickerInput = document.createElement("input");
pickerInput.type = "search";
pickerInput.className = "ws-picker-input";
pickerInput.placeholder = T.find_code;
pickerInput.setAttribute("aria-label", T.find_code);
pickerInput.autocomplete = "off";
const pickerList = document.createElement("ul");
pickerList.className = "ws-picker-list";
pickerList.setAttribute("role", "listbox");
pickerEl.append(pickerInput, pickerList);

function matches(code, query) {
  return code.name.toLowerCase().includes(query) || code.pinyin.includes(query);
}

function drawPicker() {
  const query = pickerInput.value.trim().toLowerCase();
  const pinned = pinnedCodes();
  options = [];
  const groups = [];
  const active_codes = treeOrder.filter((code) => code.is_active);
  if (!query) {
    const recentCodes = recent.map((id) => codes.get(id)).filter((code) => code && code.is_active);
    if (recentCodes.length) groups.push([T.recent, recentCodes.slice(0, 5)]);
    groups.push([T.all_codes, active_codes]);
  } else {
    const found = active_codes.filter((code) => matches(code, query));
    // Names and initials that start with the query come first.
    const starts = (code) => code.name.toLowerCase().startsWith(query) || code.pinyin.startsWith(query);
    found.sort((a, b) => Number(starts(b)) - Number(starts(a)));
    groups.push([null, found]);
  }
  const fragment = document.createDocumentFragment();
  for (const [title, list] of groups) {
    if (title) {
      const heading = document.createElement("li");
      heading.className = "ws-picker-heading";
      heading.setAttribute("role", "presentation");
      heading.textContent = title;
      fragment.append(heading);
    }
    for (const code of list) {
      const item = optionItem(code.name, code.color, { kind: "code", code });
      const slot = pinned.indexOf(code);
      if (slot >= 0) item.prepend(keyBadge(slot + 1));
      const path = codePath(code);
      if (path) {
        const pathEl = document.createElement("span");
        pathEl.className = "muted ws-path";
        pathEl.textContent = path;
        item.append(pathEl);
      }
      if (pending?.applied.has(code.id)) item.classList.add("applied");
      fragment.append(item);
    }
  }
  if (query && !groups[0][1].length) {
    const none = document.createElement("li");
    none.className = "muted ws-picker-heading";
    none.setAttribute("role", "presentation");
    none.textContent = T.no_match;
    fragment.append(none);
  }
  if (canEditCodebook && pending) {
    const exact = [...codes.values()].some((code) => code.name === pickerInput.value.trim());
    if (query && !exact) {
      const name = pickerInput.value.trim();
      fragment.append(optionItem(fmt(T.create_code, { name }), null, { kind: "new", name }));
    }
    // A code name, not a passage: long selections give their first 60 characters.
    const name = Array.from(quoteOf(pending.start, pending.end).replace(/\s+/gu, " ")).slice(0, 60).join("").trim();
    fragment.append(optionItem(fmt(T.in_vivo, { name }), null, { kind: "new", name, invivo: true }));
  }
  pickerList.replaceChildren(fragment);
  active = Math.min(active, Math.max(options.length - 1, 0));
  markActive();
}

function keyBadge(number) {
  const badge = document.createElement("kbd");
  badge.textContent = String(number);
  return badge;
}

function optionItem(label, color, action) {
  const item = document.createElement("li");
  item.setAttribute("role", "option");
  item.id = `ws-option-${options.length}`;
  item.dataset.index = options.length;
  if (action.invivo) item.classList.add("ws-invivo");
  if (color) {
    const swatch = document.createElement("span");
    swatch.className = "ws-swatch";
    swatch.style.background = color;
    item.append(swatch);
  }
  const name = document.createElement("span");
  name.className = "ws-name";
  name.textContent = label;
  item.append(name);
  options.push(action);
  return item;
}

function markActive() {
  for (const item of pickerList.querySelectorAll("[role=option]")) {
    const on = Number(item.dataset.index) === active;
    item.classList.toggle("active", on);
    item.setAttribute("aria-selected", on ? "true" : "false");
    if (on) {
      pickerInput.setAttribute("aria-activedescendant", item.id);
      item.scrollIntoView({ block: "nearest" });
    }
  }
}

// The text selection fades once focus moves to the picker: keep the passage marked meanwhile
// (CSS Custom Highlight API; where it is missing the page simply goes without).
function markPending(range) {
  if (!window.CSS?.highlights || typeof Highlight === "undefined") return;
  if (range) CSS.highlights.set("qc-pending", new Highlight(range));
  else CSS.highlights.delete("qc-pending");
}

function openPicker(span) {
  pending = { start: span.start, end: span.end, applied: new Set() };
  markPending(span.range);
  pickerInput.value = "";
  active = 0;
  drawPicker();
  pickerEl.hidden = false;
  const left = Math.min(span.rect.left, window.innerWidth - pickerEl.offsetWidth - 8);
  const below = span.rect.bottom + 6;
  const top = below + pickerEl.offsetHeight > window.innerHeight ? Math.max(8, span.rect.top - pickerEl.offsetHeight - 6) : below;
  pickerEl.style.left = `${Math.max(8, left)}px`;
  pickerEl.style.top = `${top}px`;
  pickerInput.focus({ preventScroll: true });
}

function closePicker(refocus = true) {
  if (pickerEl.hidden) return;
  pickerEl.hidden = true;
  pending = null;
  markPending(null);
  if (refocus) textEl.focus({ preventScroll: true });
}

async function choose(action) {
  if (!pending || !action) return;
  const span = pending;
  if (action.kind === "code") {
    if (span.applied.has(action.code.id)) return;
    const row = await applyCode(action.code.id, span);
    if (row) {
      span.applied.add(action.code.id);
      selectCoding(row.id);
    }
  } else {
    const code = await createCode(action.name);
    if (!code) return;
    const row = await applyCode(code.id, span);
    if (row) {
      span.applied.add(code.id);
      selectCoding(row.id);
    }
    pickerInput.value = "";
  }
  if (pending === span) drawPicker();
}

async function createCode(name) {
  try {
    const code = await api.post(data.urls.codes, { name });
    await refreshCodes();
    return codes.get(code.id);
  } catch (error) {
    // The name may exist already (two people coding in vivo at once): use that code.
    const existing = treeOrder.find((code) => code.name === name && code.parent === null);
    if (existing) return existing;
    fail(error);
    return null;
  }
}

pickerInput.addEventListener("input", () => {
  active = 0;
  drawPicker();
});

pickerInput.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    const step = event.key === "ArrowDown" ? 1 : -1;
    active = (active + step + options.length) % Math.max(options.length, 1);
    markActive();
  } else if (event.key === "Enter") {
    event.preventDefault();
    choose(options[active]);
  } else if (event.key === "Escape") {
    event.preventDefault();
    closePicker();
  } else if (/^[1-9]$/.test(event.key) && !pickerInput.value) {
    const code = pinnedCodes()[Number(event.key) - 1];
    if (code) {
      event.preventDefault();
      choose({ kind: "code", code });
    }
  }
});

pickerList.addEventListener("mousedown", (event) => event.preventDefault());
pickerList.addEventListener("click", (event) => {
  const item = event.target.closest("[role=option]");
  if (!item) return;
  active = Number(item.dataset.index);
  choose(options[active]);
});

document.addEventListener("mousedown", (event) => {
  if (!pickerEl.hidden && !pickerEl.contains(event.target)) closePicker(false);
});

// ---------------------------------------------------------------------------------------------
// Selecting a coding, and its detail panel

function canChange(coding) {
  return canCode && (coding.coder === me || canEditCodebook);
}

function selectCoding(id, { scroll = false } = {}) {
  for (const el of textEl.querySelectorAll(".sel")) el.classList.remove("sel");
  selectedId = id;
  if (id !== null) {
    const coding = codings.get(id);
    if (scroll) {
      const paragraph = paragraphAt(coding.start);
      paragraph.el.scrollIntoView({ block: "center" });
      if (!paragraph.chunk.drawn) drawChunk(paragraph.chunk);
    }
    for (const el of textEl.querySelectorAll(`mark[data-c~="${id}"], .ws-stripe[data-id="${id}"]`)) {
      el.classList.add("sel");
    }
  }
  drawDetail();
}

function button(label, onClick, title) {
  const el = document.createElement("button");
  el.type = "button";
  el.textContent = label;
  if (title) {
    el.title = title;
    el.setAttribute("aria-label", title);
  }
  el.addEventListener("click", onClick);
  return el;
}

function drawDetail() {
  const coding = selectedId === null ? null : codings.get(selectedId);
  if (!coding) {
    detailEl.hidden = true;
    detailEl.replaceChildren();
    return;
  }
  const code = codes.get(coding.code);
  const parts = [];
  const heading = document.createElement("h2");
  const swatch = document.createElement("span");
  swatch.className = "ws-swatch";
  swatch.style.background = code?.color ?? "#888";
  heading.append(swatch, code?.name ?? "");
  heading.append(button("×", () => selectCoding(null), T.close));
  parts.push(heading);
  const who = document.createElement("p");
  who.className = "muted";
  who.textContent = `${T.coder}: ${members.get(coding.coder) ?? coding.coder} · ${T.start} ${coding.start} · ${T.end} ${coding.end}`;
  parts.push(who);
  const quote = document.createElement("blockquote");
  quote.className = "ws-quote";
  const full = quoteOf(coding.start, coding.end);
  quote.textContent = full.length > 400 ? `${full.slice(0, 400)}…` : full;
  parts.push(quote);
  if (canChange(coding)) {
    const codeLabel = document.createElement("label");
    codeLabel.textContent = `${T.code} `;
    const select = document.createElement("select");
    select.className = "ws-code-select";
    for (const option of treeOrder) {
      if (!option.is_active && option.id !== coding.code) continue;
      const el = document.createElement("option");
      el.value = option.id;
      el.textContent = `${"\u00a0\u00a0".repeat(option.depth)}${option.name}`;
      el.selected = option.id === coding.code;
      select.append(el);
    }
    select.addEventListener("change", () => updateCoding(coding.id, { code: Number(select.value) }));
    codeLabel.append(select);
    parts.push(codeLabel);
    const bounds = document.createElement("div");
    bounds.className = "ws-bounds";
    const move = (field, step) => () => {
      const current = codings.get(coding.id);
      updateCoding(coding.id, { [field]: current[field] + step });
    };
    bounds.append(
      button("⇤", move("start", -1), T.widen_start),
      button("⇥", move("start", 1), T.narrow_start),
      button("⇤", move("end", -1), T.narrow_end),
      button("⇥", move("end", 1), T.widen_end),
      button(T.bounds_to_selection, () => {
        if (!lastSelection) return say(T.select_text_first);
        updateCoding(coding.id, { start: lastSelection.start, end: lastSelection.end });
      }),
    );
    parts.push(bounds);
    const memoLabel = document.createElement("label");
    memoLabel.className = "ws-memo";
    memoLabel.textContent = T.memo;
    const memo = document.createElement("textarea");
    memo.value = coding.memo;
    memo.rows = 3;
    memoLabel.append(memo);
    parts.push(memoLabel);
    parts.push(
      button(T.save_memo, () => updateCoding(coding.id, { memo: memo.value }, T.memo_saved)),
      button(T.delete, () => deleteCoding(coding.id)),
    );
    parts.at(-1).className = "danger";
  } else if (coding.memo) {
    const memo = document.createElement("p");
    memo.className = "ws-memo-text";
    memo.textContent = coding.memo;
    parts.push(memo);
  }
  detailEl.replaceChildren(...parts);
  detailEl.hidden = false;
}

// ---------------------------------------------------------------------------------------------
// The codebook panel: show or hide, counts, next and previous, pins

function drawCodebook() {
  const counts = new Map();
  for (const coding of codings.values()) {
    if (coderFilter !== "all" && !isVisibleByCoder(coding)) continue;
    counts.set(coding.code, (counts.get(coding.code) || 0) + 1);
  }
  const pinned = pinnedCodes();
  const fragment = document.createDocumentFragment();
  for (const code of treeOrder) {
    const item = document.createElement("li");
    item.dataset.code = code.id;
    item.style.paddingLeft = `${code.depth * 0.9}rem`;
    if (!code.is_active) item.classList.add("muted");
    const show = document.createElement("input");
    show.type = "checkbox";
    show.checked = !hiddenCodes.has(code.id);
    show.title = T.show_code;
    show.setAttribute("aria-label", `${T.show_code}: ${code.name}`);
    show.addEventListener("change", () => {
      if (show.checked) hiddenCodes.delete(code.id);
      else hiddenCodes.add(code.id);
      if (selectedId !== null && hiddenCodes.has(codings.get(selectedId)?.code)) selectCoding(null);
      redrawAll();
    });
    const swatch = document.createElement("span");
    swatch.className = "ws-swatch";
    swatch.style.background = code.color;
    const name = document.createElement("span");
    name.className = "ws-name";
    name.textContent = code.name;
    if (code.definition) name.title = code.definition;
    const count = document.createElement("span");
    count.className = "ws-count";
    count.textContent = String(counts.get(code.id) || 0);
    const slot = pinned.indexOf(code);
    const pin = button(slot >= 0 ? String(slot + 1) : "·", () => togglePin(code), `${T.pin}: ${code.name}`);
    pin.className = slot >= 0 ? "ws-pin on" : "ws-pin";
    item.append(
      show,
      swatch,
      name,
      count,
      button("‹", () => jump(code, -1), `${T.previous}: ${code.name}`),
      button("›", () => jump(code, 1), `${T.next}: ${code.name}`),
      pin,
    );
    fragment.append(item);
  }
  codebookEl.replaceChildren(fragment);
}

function isVisibleByCoder(coding) {
  if (coderFilter === "me") return coding.coder === me;
  return coderFilter === "all" || coding.coder === Number(coderFilter);
}

function togglePin(code) {
  let list = pinnedCodes().map((pinnedCode) => pinnedCode.id);
  list = list.includes(code.id) ? list.filter((id) => id !== code.id) : [...list, code.id].slice(-9);
  pinnedSaved = list;
  saveList("pinned", list);
  drawCodebook();
}

function jump(code, step) {
  const list = [...codings.values()]
    .filter((coding) => coding.code === code.id && isVisible(coding))
    .sort((a, b) => a.start - b.start || a.id - b.id);
  if (!list.length) return say(T.no_coding_of_code);
  const current = codings.get(selectedId);
  let index;
  if (current && current.code === code.id) {
    index = (list.findIndex((coding) => coding.id === current.id) + step + list.length) % list.length;
  } else {
    index = step > 0 ? 0 : list.length - 1;
  }
  selectCoding(list[index].id, { scroll: true });
}

// ---------------------------------------------------------------------------------------------
// Pointer and keyboard

let lastSelection = null;

function maybeOpenPicker() {
  const span = currentSelection();
  if (!span) return false;
  lastSelection = span;
  if (canCode) openPicker(span);
  return true;
}

// A drag that starts in the text may end anywhere; a click elsewhere must not reopen the picker
// for a selection left over in the text.
let pressedInText = false;
textEl.addEventListener("mousedown", () => {
  pressedInText = true;
});
document.addEventListener("mouseup", (event) => {
  if (!pressedInText && event.target !== textEl && !textEl.contains(event.target)) return;
  pressedInText = false;
  // Let the browser settle the selection first.
  setTimeout(maybeOpenPicker, 0);
});

textEl.addEventListener("click", (event) => {
  const selection = window.getSelection();
  if (selection && !selection.isCollapsed) return;
  const stripe = event.target.closest(".ws-stripe");
  if (stripe) return selectCoding(Number(stripe.dataset.id));
  const mark = event.target.closest("mark[data-c]");
  if (!mark) return;
  const ids = mark.dataset.c.split(" ").map(Number).filter((id) => codings.has(id));
  ids.sort((a, b) => {
    const x = codings.get(a);
    const y = codings.get(b);
    return x.end - x.start - (y.end - y.start) || a - b;
  });
  // Clicking again where codings overlap steps through them.
  const at = ids.indexOf(selectedId);
  selectCoding(ids[(at + 1) % ids.length]);
});

textEl.addEventListener("mouseover", (event) => {
  const target = event.target.closest("mark[data-c], .ws-stripe");
  if (!target) return;
  const ids = target.dataset.c ? target.dataset.c.split(" ").map(Number) : [Number(target.dataset.id)];
  const lines = [];
  for (const id of ids) {
    const coding = codings.get(id);
    if (!coding) continue;
    const line = document.createElement("div");
    const swatch = document.createElement("span");
    swatch.className = "ws-swatch";
    swatch.style.background = colorOf(coding);
    line.append(swatch, `${codes.get(coding.code)?.name ?? ""} — ${members.get(coding.coder) ?? ""}`);
    lines.push(line);
  }
  hoverEl.replaceChildren(...lines);
  const rect = target.getBoundingClientRect();
  hoverEl.style.left = `${Math.max(8, rect.left)}px`;
  hoverEl.style.top = `${rect.bottom + 4}px`;
  hoverEl.hidden = false;
});

textEl.addEventListener("mouseout", (event) => {
  if (event.target.closest("mark[data-c], .ws-stripe")) hoverEl.hidden = true;
});

const NAVIGATION = new Set([
  "ArrowLeft",
  "ArrowRight",
  "ArrowUp",
  "ArrowDown",
  "Home",
  "End",
  "PageUp",
  "PageDown",
  "Tab",
  "Shift",
  "Control",
  "Meta",
  "Alt",
]);

if (canCode) {
  // Editable only so that the keyboard can place a caret and select with Shift+arrows;
  // every edit is refused below, and the text never changes.
  textEl.contentEditable = "true";
  textEl.setAttribute("role", "textbox");
  textEl.setAttribute("aria-readonly", "true");
  textEl.setAttribute("aria-multiline", "true");
  for (const type of ["beforeinput", "paste", "cut", "drop", "dragstart"]) {
    textEl.addEventListener(type, (event) => event.preventDefault());
  }
  // An input method can still slip text in during composition: put the words back.
  textEl.addEventListener("input", () => {
    for (const paragraph of paragraphs) {
      if (paragraph.el.textContent !== paragraph.text) paragraph.el.textContent = paragraph.text;
    }
    redrawAll();
  });
  textEl.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      if (["c", "a", "z", "y", "f"].includes(event.key.toLowerCase())) return;
      if (NAVIGATION.has(event.key)) return;
      event.preventDefault();
      return;
    }
    if (NAVIGATION.has(event.key)) return;
    event.preventDefault();
    if (event.key === "Enter") {
      maybeOpenPicker();
    } else if (/^[1-9]$/.test(event.key)) {
      const span = currentSelection();
      const code = pinnedCodes()[Number(event.key) - 1];
      if (span && code) applyCode(code.id, span);
    } else if (event.key === "Escape") {
      window.getSelection().removeAllRanges();
      selectCoding(null);
    } else if ((event.key === "Delete" || event.key === "Backspace") && selectedId !== null) {
      // The selected coding (clicked, or reached with next/previous) goes; undo brings it back.
      if (canChange(codings.get(selectedId))) deleteCoding(selectedId);
    }
  });
  // Focus from the keyboard puts the caret at the start of the text, not before its first block.
  textEl.addEventListener("focus", () => {
    const selection = window.getSelection();
    const anchor = selection.anchorNode;
    const element = anchor?.nodeType === Node.ELEMENT_NODE ? anchor : anchor?.parentElement;
    if (element?.closest("p[data-p]") || (anchor && !selection.isCollapsed)) return;
    const first = paragraphs[0].el;
    selection.collapse(first.firstChild ?? first, 0);
  });
  textEl.addEventListener("keyup", (event) => {
    if (event.shiftKey || event.key === "Shift") {
      const span = currentSelection();
      if (span) lastSelection = span;
    }
  });
} else {
  textEl.tabIndex = 0;
  document.getElementById("ws-undo").hidden = true;
  document.getElementById("ws-redo").hidden = true;
  say(T.read_only);
}

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

coderFilterEl.addEventListener("change", () => {
  coderFilter = coderFilterEl.value;
  if (selectedId !== null && !isVisible(codings.get(selectedId))) selectCoding(null);
  redrawAll();
  drawCodebook();
});

let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  // Stripes are measured from the layout: a new width means new line breaks.
  resizeTimer = setTimeout(redrawAll, 150);
});

// ---------------------------------------------------------------------------------------------
// The team: poll for codings others made, changed or deleted

let since = data.now;

function sameRow(a, b) {
  return a.code === b.code && a.coder === b.coder && a.start === b.start && a.end === b.end && a.memo === b.memo;
}

const CODES_EVERY = 12; // polls between codebook refreshes (renames, colours, new codes)
let polls = 0;

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
  const before = JSON.stringify(treeOrder.map((code) => [code.id, code.name, code.color, code.parent, code.is_active]));
  await refreshCodes();
  const after = JSON.stringify(treeOrder.map((code) => [code.id, code.name, code.color, code.parent, code.is_active]));
  if (before !== after) redrawAll();
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
  if (selectedId !== null && !codings.has(selectedId)) selectedId = null;
  drawCodebook();
  if (!detailEl.contains(document.activeElement)) drawDetail();
}

// ---------------------------------------------------------------------------------------------
// Start

setCodes(data.codes);
for (const member of data.members) {
  if (member.id === me) continue;
  const option = document.createElement("option");
  option.value = member.id;
  option.textContent = member.username;
  coderFilterEl.append(option);
}
buildText();
chunks.forEach((chunk) => {
  chunk.el.dataset.chunk = chunk.index;
  observer.observe(chunk.el);
});
drawCodebook();
setTimeout(poll, POLL_MS);
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
    return selectedId;
  },
  get draws() {
    return draws;
  },
};
