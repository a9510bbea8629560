import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { AssetSource, StaticAsset } from "./assets";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".map": "application/json",
};

/** The only files offered, by name → package and file: Swagger UI's for /docs, htmx for the web app. */
const ALLOWED: Record<string, [pkg: string, file: string]> = {
  "swagger-ui-bundle.js": ["swagger-ui-dist", "swagger-ui-bundle.js"],
  "swagger-ui.css": ["swagger-ui-dist", "swagger-ui.css"],
  "favicon-32x32.png": ["swagger-ui-dist", "favicon-32x32.png"],
  "htmx.min.js": ["htmx.org", "dist/htmx.min.js"],
};

/** Vendor files read from node_modules once: Swagger UI's bundle and stylesheet, htmx. */
export function swaggerUiAssets(): AssetSource {
  const require = createRequire(import.meta.url);
  const cache = new Map<string, StaticAsset>();
  return {
    async get(name) {
      if (!Object.hasOwn(ALLOWED, name)) return null;
      const hit = cache.get(name);
      if (hit) return hit;
      const [pkg, file] = ALLOWED[name]!;
      const dir = path.dirname(require.resolve(`${pkg}/package.json`));
      const body = new Uint8Array(await readFile(path.join(dir, file)));
      const asset = { body, contentType: TYPES[path.extname(name)] ?? "application/octet-stream" };
      cache.set(name, asset);
      return asset;
    },
  };
}
