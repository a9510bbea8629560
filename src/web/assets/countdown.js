// The live countdown to a hold's expiry: each [data-countdown="<ISO instant>"] shows the time left
// (mm:ss, or h:mm:ss) and the page reloads once the hold has run out. The page states the expiry
// time itself, so nothing is lost without JavaScript.
const pad = (n) => String(n).padStart(2, "0");

function render(el) {
  const end = Date.parse(el.dataset.countdown);
  if (Number.isNaN(end)) return false;
  const left = Math.max(0, Math.round((end - Date.now()) / 1000));
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  el.textContent = `${el.dataset.label ?? ""} ${h > 0 ? `${h}:${pad(m)}` : m}:${pad(s)}`.trim();
  return left > 0;
}

const clocks = Array.from(document.querySelectorAll("[data-countdown]"));
for (const el of clocks) {
  el.setAttribute("role", "timer");
  el.setAttribute("aria-live", "off");
  if (!render(el)) continue;
  const timer = setInterval(() => {
    if (!render(el)) {
      clearInterval(timer);
      window.location.reload();
    }
  }, 1000);
}
