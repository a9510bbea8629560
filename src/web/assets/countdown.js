/** The hold countdown island (served as /assets/countdown.<hash>.js); the page shows the expiry time without it. */
// The live countdown to a hold's expiry: each [data-countdown="<ISO instant>"] shows the time left
// (m:ss, or h:mm:ss) and the page reloads once the hold has run out. Time is counted from the
// server's clock at rendering (data-now), so a wrong device clock does not shorten the hold shown.
// The page states the expiry time itself, so nothing is lost without JavaScript.
const pad = (n) => String(n).padStart(2, "0");

function render(el, skew) {
  const end = Date.parse(el.dataset.countdown);
  if (Number.isNaN(end)) return false;
  const left = Math.max(0, Math.round((end - (Date.now() + skew)) / 1000));
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  const clock = h > 0 ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
  el.textContent = ((el.dataset.label || "") + " " + clock).trim();
  return left > 0;
}

for (const el of document.querySelectorAll("[data-countdown]")) {
  el.setAttribute("role", "timer");
  const serverNow = Date.parse(el.dataset.now || "");
  const skew = Number.isNaN(serverNow) ? 0 : serverNow - Date.now();
  if (!render(el, skew)) continue;
  const timer = setInterval(() => {
    if (!render(el, skew)) {
      clearInterval(timer);
      window.location.reload();
    }
  }, 1000);
}
