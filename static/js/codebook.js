// The codebook page: filter rows as one types, and drag a code onto another to move it under it.
// Everything also works without this script (the filter form and the "Move to…" form).

const strings = JSON.parse(document.getElementById("codebook-strings").textContent);
const table = document.getElementById("codebook");
const search = document.getElementById("codebook-search");
const rows = [...table.querySelectorAll("tbody tr[data-code]")];
const byId = new Map(rows.map((row) => [row.dataset.code, row]));

function filter() {
  const needle = search.value.trim().toLocaleLowerCase();
  const keep = new Set();
  for (const row of rows) {
    if (needle && !row.textContent.toLocaleLowerCase().includes(needle)) continue;
    // Keep ancestors so that a match stays in its place in the tree.
    for (let r = row; r && !keep.has(r); r = byId.get(r.dataset.parent)) keep.add(r);
  }
  for (const row of rows) row.hidden = !keep.has(row);
  let empty = table.querySelector("tr.no-match");
  if (!keep.size && rows.length) {
    if (!empty) {
      empty = table.tBodies[0].insertRow();
      empty.className = "no-match";
      const cell = empty.insertCell();
      cell.colSpan = 6;
      cell.className = "muted";
      cell.textContent = strings.noMatch;
    }
  } else if (empty) {
    empty.remove();
  }
}
search?.addEventListener("input", filter);

const drop = document.getElementById("codebook-drop");
if (drop) {
  let dragged = null;
  for (const row of rows) {
    row.addEventListener("dragstart", () => { dragged = row; });
    row.addEventListener("dragover", (event) => { if (dragged && dragged !== row) event.preventDefault(); });
    row.addEventListener("drop", (event) => {
      event.preventDefault();
      if (!dragged || dragged === row) return;
      if (!window.confirm(strings.confirmDrop.replace("{name}", dragged.dataset.name))) return;
      // The server refuses a move under the code's own descendant, with a message.
      drop.action = `${window.location.pathname}${dragged.dataset.code}/move/`;
      drop.elements.parent.value = row.dataset.code;
      drop.submit();
    });
  }
}
