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

/** The only files offered: Swagger UI's browser bundle and stylesheet, read from swagger-ui-dist once. */
const ALLOWED = new Set(["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"]);

export function swaggerUiAssets(): AssetSource {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve("swagger-ui-dist/package.json"));
  const cache = new Map<string, StaticAsset>();
  return {
    async get(name) {
      if (!ALLOWED.has(name)) return null;
      const hit = cache.get(name);
      if (hit) return hit;
      const body = new Uint8Array(await readFile(path.join(dir, name)));
      const asset = { body, contentType: TYPES[path.extname(name)] ?? "application/octet-stream" };
      cache.set(name, asset);
      return asset;
    },
  };
}
