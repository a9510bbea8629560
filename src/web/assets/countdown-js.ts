/** The hold countdown island (served as /assets/countdown.<hash>.js); the page shows the expiry time without it. */
export default String.raw`
// The live countdown to a hold's expiry: each [data-countdown="<ISO instant>"] shows the time left
// (m:ss, or h:mm:ss) and the page reloads once the hold has run out. The page states the expiry
// time itself, so nothing is lost without JavaScript.
const pad = (n) => String(n).padStart(2, "0");

function render(el) {
  const end = Date.parse(el.dataset.countdown);
  if (Number.isNaN(end)) return false;
  const left = Math.max(0, Math.round((end - Date.now()) / 1000));
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  const clock = h > 0 ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
  el.textContent = ((el.dataset.label || "") + " " + clock).trim();
  return left > 0;
}

for (const el of document.querySelectorAll("[data-countdown]")) {
  el.setAttribute("role", "timer");
  if (!render(el)) continue;
  const timer = setInterval(() => {
    if (!render(el)) {
      clearInterval(timer);
      window.location.reload();
    }
  }, 1000);
}
`;
