// Saves each cell of the case × attribute grid through the API as soon as it changes, and shows
// the server's validation message inside the cell: the type rules live on the server only.

const grid = document.getElementById("case-grid");
const csrfToken = document.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? "";

async function save(field) {
  const cell = field.closest("td");
  const error = cell.querySelector(".cell-error");
  const value = field.value.trim();
  cell.classList.remove("saved", "invalid");
  field.removeAttribute("aria-invalid");
  error.textContent = "";
  const response = await fetch(field.dataset.url, {
    method: value === "" ? "DELETE" : "PUT",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken, Accept: "application/json" },
    credentials: "same-origin",
    body: value === "" ? undefined : JSON.stringify({ value }),
  });
  if (response.ok) {
    cell.classList.add("saved");
    return;
  }
  let message = response.statusText;
  try {
    const body = await response.json();
    message = (body.value ?? body.detail ?? Object.values(body)[0] ?? message).toString();
  } catch {
    // Not JSON (a proxy's error page): keep the status text.
  }
  cell.classList.add("invalid");
  field.setAttribute("aria-invalid", "true");
  error.textContent = message;
}

if (grid) {
  grid.addEventListener("change", (event) => {
    if (event.target.matches("[data-url]")) save(event.target);
  });
}
