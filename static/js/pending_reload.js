// Pages that show work the task worker has not finished (an element with
// data-reload-while-pending="<ms>") reload themselves after that delay, until the work is there.
const pending = document.querySelector("[data-reload-while-pending]");
if (pending) {
  const delay = Number(pending.dataset.reloadWhilePending) || 3000;
  setTimeout(() => window.location.reload(), delay);
}
