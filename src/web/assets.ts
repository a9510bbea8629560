import type { Hono } from "hono";
import type { AssetSource } from "../ports/assets";
import { WEB_FILE_SOURCES } from "./assets/files.generated";
import type { WebEnv } from "./env";

/**
 * The web app's own files by name: every .css/.js/.svg in src/web/assets/, bundled into a generated
 * module (`npm run web:assets`, also run by `npm run build`) so Node and Workers serve the same bytes.
 */
export const WEB_FILES: Record<string, string> = WEB_FILE_SOURCES;

/** Files the web app serves from the deps' vendor source (src/ports/assets-*.ts): no CDN. */
export const VENDOR_FILES = ["htmx.min.js"] as const;

const TYPES: Record<string, string> = {
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  woff2: "font/woff2",
};

export const IMMUTABLE = "public, max-age=31536000, immutable";

interface Entry {
  hash: string;
  body: Uint8Array | string;
  contentType: string;
}

export interface WebAssets {
  /** "/assets/app.3f9c2a1b7d.css"; an unknown name is a programming error. */
  url(name: string): string;
  /** The file behind a hashed address, or null (unknown name, or a hash that is not the current one). */
  lookup(file: string): Entry | null;
}

/** First 10 hex digits of the SHA-256 of the bytes (WebCrypto: the same on Node and Workers). */
async function contentHash(body: Uint8Array | string): Promise<string> {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest.slice(0, 5), (b) => b.toString(16).padStart(2, "0")).join("");
}

function splitName(name: string): { stem: string; ext: string } {
  const dot = name.lastIndexOf(".");
  return { stem: name.slice(0, dot), ext: name.slice(dot + 1) };
}

async function build(vendor: AssetSource): Promise<WebAssets> {
  const entries = new Map<string, Entry>();
  for (const [name, body] of Object.entries(WEB_FILES)) {
    const type = TYPES[splitName(name).ext] ?? "application/octet-stream";
    entries.set(name, { hash: await contentHash(body), body, contentType: type });
  }
  for (const name of VENDOR_FILES) {
    const file = await vendor.get(name);
    if (!file) throw new Error(`web asset ${name} is missing from the vendor asset source`);
    entries.set(name, { hash: await contentHash(file.body), body: file.body, contentType: file.contentType });
  }
  return {
    url(name) {
      const entry = entries.get(name);
      if (!entry) throw new Error(`unknown web asset ${name}`);
      const { stem, ext } = splitName(name);
      return `/assets/${stem}.${entry.hash}.${ext}`;
    },
    lookup(file) {
      const m = /^(.+)\.([0-9a-f]{10})\.([a-z0-9]+)$/.exec(file);
      if (!m) return null;
      const entry = entries.get(`${m[1]}.${m[3]}`);
      return entry && entry.hash === m[2] ? entry : null;
    },
  };
}

// One registry per vendor source (the deps are built once on Node, per invocation on Workers).
const registries = new WeakMap<AssetSource, Promise<WebAssets>>();

export function webAssets(vendor: AssetSource): Promise<WebAssets> {
  let hit = registries.get(vendor);
  if (!hit) {
    hit = build(vendor);
    hit.catch(() => registries.delete(vendor));
    registries.set(vendor, hit);
  }
  return hit;
}

/** GET /assets/<name>.<hash>.<ext>: long-cached and immutable; a wrong or old hash is 404. */
export function registerAssets(web: Hono<WebEnv>) {
  web.get("/assets/:file", async (c) => {
    const entry = (await webAssets(c.var.deps.assets)).lookup(c.req.param("file"));
    if (!entry) return c.text("Not found", 404, { "Cache-Control": "no-store" });
    const body = typeof entry.body === "string" ? entry.body : new Uint8Array(entry.body);
    return c.body(body, 200, {
      "Content-Type": entry.contentType,
      "Cache-Control": IMMUTABLE,
      "X-Content-Type-Options": "nosniff",
    });
  });
  // Browsers and bookmarks ask for /favicon.ico by habit: send them to the icon the pages link.
  web.get("/favicon.ico", async (c) => c.redirect((await webAssets(c.var.deps.assets)).url("icon.svg"), 301));
}
