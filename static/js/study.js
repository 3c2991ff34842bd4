// Live preview of a set's calibration on the QCA study page: what the typed calibration gives each
// case before it is saved, with cases at exactly 0.5 flagged (R leaves them out of the truth table).
import { makeApi } from "./api.js";

const strings = {};
for (const span of document.querySelector("#preview-strings")?.content.querySelectorAll("span") ?? []) {
  strings[span.dataset.key] = span.textContent;
}

function csrfToken(form) {
  return form.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? "";
}

function readForm(form) {
  const thresholds = form.thresholds.value
    .split(/[,，]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map(Number);
  const valueTable = {};
  for (const line of form.value_table.value.split("\n")) {
    const at = line.indexOf("=");
    if (at > 0) valueTable[line.slice(0, at).trim()] = Number(line.slice(at + 1).trim());
  }
  return { calibration: form.calibration.value, thresholds, value_table: valueTable };
}

function cell(tag, text, title) {
  const element = document.createElement(tag);
  element.textContent = text;
  if (title) element.title = title;
  return element;
}

function render(target, data) {
  target.replaceChildren();
  if (data.error) {
    target.append(cell("p", data.error));
    target.firstChild.className = "error";
    return;
  }
  const table = document.createElement("table");
  table.className = "matrix";
  const head = table.createTHead().insertRow();
  for (const key of ["case", "raw", "membership"]) head.append(cell("th", strings[key] ?? key));
  const body = table.createTBody();
  for (const row of data.rows) {
    const line = body.insertRow();
    line.append(cell("th", row.name), cell("td", row.raw ?? "—"));
    const membership = cell("td", row.membership ?? "—");
    if (row.half) {
      membership.className = "half";
      membership.append(cell("span", " ½", strings.half));
    }
    line.append(membership);
  }
  const distribution = cell("p", `${strings.distribution ?? ""}: ${data.distribution.join(" · ")}`);
  distribution.className = "muted distribution";
  target.append(table, distribution);
}

for (const form of document.querySelectorAll("form.calibrate")) {
  const api = makeApi(csrfToken(form));
  const target = form.parentElement.querySelector(".preview");
  let timer = null;
  const update = () => {
    clearTimeout(timer);
    // Wait for a pause in typing so that half-typed thresholds are not sent.
    timer = setTimeout(async () => {
      try {
        render(target, await api.post(form.dataset.preview, readForm(form)));
      } catch (error) {
        render(target, { error: error.message });
      }
    }, 250);
  };
  form.addEventListener("input", update);
  form.closest("details")?.addEventListener("toggle", update, { once: true });
}
