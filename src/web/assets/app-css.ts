/** The base stylesheet (served as /assets/app.<hash>.css): system fonts, layout, forms, tables, tags. */
export default String.raw`
:root {
  --fg: #1b1f24; --muted: #57606a; --bg: #ffffff; --bg-soft: #f5f7f9; --line: #d0d7de;
  --accent: #0b5cad; --accent-fg: #ffffff; --focus: #ffbf47; --error: #b3261e; --ok: #1a7f37;
  --warn: #8a5a00; --radius: 6px; --gap: 1rem; --max: 72rem;
  color-scheme: light;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; color: var(--fg); background: var(--bg); line-height: 1.5;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  font-size: 1rem; display: flex; flex-direction: column; min-height: 100vh;
}
main { flex: 1; width: 100%; max-width: var(--max); margin: 0 auto; padding: var(--gap); }
main:focus { outline: none; }
h1, h2, h3 { line-height: 1.25; margin: 1.25em 0 0.5em; }
h1 { font-size: 1.75rem; margin-top: 0.5em; }
h2 { font-size: 1.35rem; }
a { color: var(--accent); text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 5px var(--fg); }
img { max-width: 100%; height: auto; }

.skip-link { position: absolute; left: -9999px; top: 0; padding: 0.5rem 1rem; background: var(--bg); z-index: 10; }
.skip-link:focus { left: 0.5rem; top: 0.5rem; }

.site-header {
  display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem var(--gap);
  padding: 0.75rem var(--gap); border-bottom: 1px solid var(--line); background: var(--bg-soft);
}
.site-header .brand {
  font-weight: 700;
  font-size: 1.2rem;
  color: var(--fg);
  text-decoration: none;
  margin-right: auto;
}
.site-header nav ul {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.25rem 1rem;
  margin: 0;
  padding: 0;
  list-style: none;
}
.site-header .who { color: var(--muted); }
.site-header form { margin: 0; }
.lang { display: flex; align-items: center; gap: 0.4rem; }
.lang label { font-size: 0.9rem; color: var(--muted); }
.lang select, .lang button { padding: 0.3rem 0.5rem; font-size: 0.9rem; }
.site-footer {
  border-top: 1px solid var(--line);
  padding: var(--gap);
  color: var(--muted);
  font-size: 0.9rem;
  background: var(--bg-soft);
}
.site-footer p { max-width: var(--max); margin: 0.25rem auto; }

/* Forms */
form { margin: 0 0 var(--gap); }
.field { margin: 0 0 1.1rem; max-width: 36rem; }
.field label, fieldset legend { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.hint { margin: 0 0 0.35rem; color: var(--muted); font-size: 0.92rem; }
input, select, textarea, button { font: inherit; color: inherit; }
input:not([type="checkbox"]):not([type="radio"]):not([type="hidden"]), select, textarea {
  display: block;
  width: 100%;
  padding: 0.5rem 0.6rem;
  border: 2px solid var(--fg);
  border-radius: var(--radius);
  background: var(--bg);
}
input[type="checkbox"], input[type="radio"] { width: 1.2rem; height: 1.2rem; vertical-align: middle; }
fieldset {
  border: 1px solid var(--line);
  border-radius: var(--radius);
  padding: 0.75rem var(--gap);
  margin: 0 0 var(--gap);
}
button, .button {
  display: inline-block; padding: 0.55rem 1.1rem; border: 2px solid var(--accent); border-radius: var(--radius);
  background: var(--accent); color: var(--accent-fg); font-weight: 600; cursor: pointer; text-decoration: none;
}
button:hover, .button:hover { filter: brightness(1.1); }
button.secondary, .button.secondary { background: var(--bg); color: var(--accent); }
button.danger { background: var(--error); border-color: var(--error); }
button.link {
  background: none;
  border: none;
  padding: 0;
  color: var(--accent);
  font-weight: normal;
  text-decoration: underline;
}
button[disabled] { opacity: 0.6; cursor: not-allowed; }
.field-error { border-left: 4px solid var(--error); padding-left: 0.75rem; }
.field-error input, .field-error select, .field-error textarea { border-color: var(--error); }
.error-message { color: var(--error); font-weight: 600; margin: 0 0 0.35rem; }
.error-summary {
  border: 4px solid var(--error);
  padding: 0.75rem var(--gap);
  margin: 0 0 1.5rem;
  border-radius: var(--radius);
}
.error-summary h2 { margin-top: 0; font-size: 1.15rem; }
.error-summary a { color: var(--error); font-weight: 600; }
.notice {
  border-left: 4px solid var(--accent);
  background: var(--bg-soft);
  padding: 0.75rem var(--gap);
  margin: 0 0 var(--gap);
}
.notice.ok { border-color: var(--ok); }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; }

/* Tables: scroll sideways on a phone rather than squeeze. */
.table-wrap { overflow-x: auto; margin: 0 0 var(--gap); }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0.5rem 0; }
th, td { text-align: left; padding: 0.5rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg-soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.money { font-variant-numeric: tabular-nums; white-space: nowrap; }

/* Description lists and cards */
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.cards {
  display: grid;
  gap: var(--gap);
  grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
  padding: 0;
  list-style: none;
}
.card { border: 1px solid var(--line); border-radius: var(--radius); padding: var(--gap); }

/* States: a word and a colour together, never colour alone. */
.tag {
  display: inline-block;
  padding: 0.1rem 0.5rem;
  border-radius: 999px;
  border: 1px solid currentColor;
  font-size: 0.85rem;
  font-weight: 700;
}
.tag-draft { color: var(--muted); }
.tag-held { color: var(--warn); background: #fff8e5; }
.tag-confirmed { color: var(--ok); background: #eaf7ee; }
.tag-cancelled, .tag-expired { color: var(--error); background: #fdecea; }

@media (max-width: 40rem) {
  h1 { font-size: 1.45rem; }
  .site-header { align-items: flex-start; }
  .site-header .brand { width: 100%; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: 0.5rem; }
  button, .button { width: 100%; text-align: center; }
  button.link, .lang button { width: auto; }
}
@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
`;
