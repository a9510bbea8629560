/** The template language (syntax in render.ts): sections, placeholders, HTML escaping. */
import type { Vars } from "./render-format";

export class TemplateError extends Error {
  readonly code = "template_error";
  constructor(message: string) {
    super(message);
    this.name = "TemplateError";
  }
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

export type Mode = "text" | "html";
const SECTION = /\{\{([#^])\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}([\s\S]*?)\{\{\/\s*\2\s*\}\}/g;
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

function lookup(vars: Vars, name: string, where: string): string {
  if (!Object.prototype.hasOwnProperty.call(vars, name)) {
    throw new TemplateError(`${where}: unknown placeholder {{${name}}}`);
  }
  return vars[name]!;
}

const ANY_TAG = /\{\{\s*[#^/]?\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** Thirty characters of `text` from `at`, to show where a template breaks. */
const near = (text: string, at: number) => text.slice(at, at + 30);

/** Fills a template; `raw` names are inserted unescaped even in HTML (the layout's content). */
export function fill(
  template: string,
  vars: Vars,
  mode: Mode,
  where: string,
  raw: ReadonlySet<string> = new Set(),
): string {
  // Every tag is checked up front, so a name in a block hidden by this payload still fails.
  for (const m of template.matchAll(ANY_TAG)) lookup(vars, m[1]!, where);
  let out = template;
  // Blocks do not nest; apply them until none is left.
  for (let guard = 0; guard < 100; guard++) {
    let changed = false;
    out = out.replace(SECTION, (_m, sigil: string, name: string, body: string) => {
      changed = true;
      const present = lookup(vars, name, where).trim() !== "";
      return (sigil === "#") === present ? body : "";
    });
    if (!changed) break;
  }
  // Checked before values go in: a value may itself contain braces.
  const stray = /\{\{/.exec(out.replace(PLACEHOLDER, ""));
  if (stray)
    throw new TemplateError(
      `${where}: malformed or unclosed tag near ${JSON.stringify(near(out.replace(PLACEHOLDER, ""), stray.index))}`,
    );
  return out.replace(PLACEHOLDER, (_m, name: string) => {
    const value = lookup(vars, name, where);
    return mode === "html" && !raw.has(name) ? escapeHtml(value) : value;
  });
}
