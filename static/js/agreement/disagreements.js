// One document, two coders: their stripes beside the text, the list of disagreements (filtered by
// code and kind), and resolving one into the consensus coder's codings.
// Offsets are code points (the server's unit); the only UTF-16 conversion is offsets.js.
import { makeApi } from "../api.js";
import { codePoints, toCodePoint } from "../offsets.js";

const data = JSON.parse(document.getElementById("agreement-data").textContent);
const strings = JSON.parse(document.getElementById("agreement-strings").textContent);
const csrf = document.querySelector("#resolve-panel [name=csrfmiddlewaretoken]");
const api = makeApi(csrf ? csrf.value : "");
const chars = codePoints(data.text);
const codes = new Map(data.codes.map((c) => [c.id, c]));
const textBox = document.getElementById("agreement-text");
const list = document.getElementById("disagreements");
const panel = document.getElementById("resolve-panel");
const message = document.getElementById("resolve-message");
let current = null;
let agreedSpan = null;

function slice(start, end) {
  return chars.slice(start, end).join("");
}

function codeName(id) {
  return codes.has(id) ? codes.get(id).name : String(id);
}

function paragraphs() {
  const out = [];
  let start = 0;
  chars.forEach((ch, i) => {
    if (ch === "\n") {
      out.push([start, i + 1]);
      start = i + 1;
    }
  });
  if (start < chars.length || !out.length) out.push([start, chars.length]);
  return out;
}

function stripeCell(codings, p0, p1) {
  const cell = document.createElement("div");
  cell.className = "stripes";
  for (const c of codings) {
    if (c.end <= p0 || c.start >= p1) continue;
    const bar = document.createElement("span");
    bar.className = "stripe";
    bar.style.background = codes.has(c.code) ? codes.get(c.code).color : "#888";
    bar.title = codeName(c.code);
    cell.append(bar);
  }
  return cell;
}

function draw() {
  textBox.replaceChildren();
  const cuts = new Set([0, chars.length]);
  for (const c of [...data.a, ...data.b, ...data.disagreements]) {
    cuts.add(c.start);
    cuts.add(c.end);
  }
  for (const [p0, p1] of paragraphs()) {
    const row = document.createElement("div");
    row.className = "agreement-row";
    row.dataset.start = p0;
    row.dataset.end = p1;
    const text = document.createElement("div");
    text.className = "agreement-paragraph";
    const points = [...cuts].filter((x) => x > p0 && x < p1).concat([p0, p1]).sort((x, y) => x - y);
    for (let k = 0; k + 1 < points.length; k++) {
      const [s, e] = [points[k], points[k + 1]];
      if (s === e) continue;
      const seg = document.createElement("span");
      seg.dataset.start = s;
      const inA = data.a.some((c) => c.start < e && c.end > s);
      const inB = data.b.some((c) => c.start < e && c.end > s);
      if (inA) seg.classList.add("in-a");
      if (inB) seg.classList.add("in-b");
      seg.textContent = slice(s, e);
      text.append(seg);
    }
    row.append(stripeCell(data.a, p0, p1), text, stripeCell(data.b, p0, p1));
    textBox.append(row);
  }
}

function visible() {
  const code = Number(document.getElementById("filter-code").value) || null;
  const kinds = new Set(
    [...document.querySelectorAll("#filter-kind input:checked")].map((box) => box.value),
  );
  return data.disagreements.filter((d) => kinds.has(d.kind) && (!code || d.codes.includes(code)));
}

function describe(d) {
  const side = (c) => (c ? `${codeName(c.code)} [${c.start}, ${c.end})` : strings.none);
  return `${strings[d.kind]} · A: ${side(d.a)} · B: ${side(d.b)}`;
}

function focus(d) {
  current = d;
  for (const seg of textBox.querySelectorAll(".focus")) seg.classList.remove("focus");
  let first = null;
  for (const seg of textBox.querySelectorAll("span[data-start]")) {
    const s = Number(seg.dataset.start);
    if (s >= d.start && s < d.end) {
      seg.classList.add("focus");
      first = first || seg;
    }
  }
  if (first) first.scrollIntoView({ block: "center" });
  panel.hidden = false;
  document.getElementById("resolve-summary").textContent = `«${slice(d.start, d.end)}» — ${describe(d)}`;
  panel.querySelector("[data-action=keep_a]").disabled = !d.a;
  panel.querySelector("[data-action=keep_b]").disabled = !d.b;
  panel.querySelector("[data-action=keep_both]").disabled = !(d.a && d.b);
  message.textContent = data.can_resolve ? (d.resolved ? strings.resolved : "") : strings.viewOnly;
}

function renderList() {
  const shown = visible();
  list.replaceChildren();
  for (const d of shown) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = `disagreement kind-${d.kind}${d.resolved ? " resolved" : ""}`;
    button.textContent = describe(d);
    button.addEventListener("click", () => focus(d));
    item.append(button);
    list.append(item);
  }
  document.getElementById("disagreement-count").textContent = `${shown.length} ${strings.count}`;
}

// The agreed passage: the text selection, converted from UTF-16 inside a segment to code points.
function selectionSpan() {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed) return null;
  const at = (node, offset) => {
    const seg = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    if (!seg || !seg.dataset || seg.dataset.start === undefined) return null;
    return Number(seg.dataset.start) + toCodePoint(seg.textContent, offset);
  };
  const a = at(sel.anchorNode, sel.anchorOffset);
  const b = at(sel.focusNode, sel.focusOffset);
  if (a === null || b === null || a === b) return null;
  return [Math.min(a, b), Math.max(a, b)];
}

textBox.addEventListener("mouseup", () => {
  agreedSpan = selectionSpan();
  document.getElementById("agreed-span").textContent = agreedSpan
    ? `[${agreedSpan[0]}, ${agreedSpan[1]}) «${slice(...agreedSpan)}»`
    : "";
});

async function resolve(action) {
  if (!current || !data.can_resolve) return;
  const body = { document: data.document, action };
  if (current.a) body.coding_a = current.a.id;
  if (current.b) body.coding_b = current.b.id;
  if (action === "agreed") {
    if (!agreedSpan) {
      message.textContent = strings.selectFirst;
      return;
    }
    body.code = Number(document.getElementById("agreed-code").value);
    [body.start, body.end] = agreedSpan;
  }
  try {
    await api.post(`${data.api}resolve/`, body);
    current.resolved = true;
    message.textContent = strings.resolved;
    renderList();
  } catch (error) {
    message.textContent = error.message;
  }
}

for (const button of panel.querySelectorAll("button[data-action]")) {
  button.addEventListener("click", () => resolve(button.dataset.action));
}
document.getElementById("filter-code").addEventListener("change", renderList);
document.getElementById("filter-kind").addEventListener("change", renderList);
draw();
renderList();
