import type { AssetSource, StaticAsset } from "./assets";
// Bundled into the Worker as Text / Data modules by the [[rules]] in wrangler.toml: no CDN, no KV, offline.
import swaggerUiBundle from "swagger-ui-dist/swagger-ui-bundle.js";
import swaggerUiCss from "swagger-ui-dist/swagger-ui.css";
import favicon from "swagger-ui-dist/favicon-32x32.png";
import htmx from "htmx.org/dist/htmx.min.js";

/** Swagger UI's browser bundle, stylesheet and icon, and htmx, from modules bundled into the Worker script. */
const files: Record<string, () => StaticAsset> = {
  "swagger-ui-bundle.js": () => ({ body: swaggerUiBundle, contentType: "text/javascript; charset=utf-8" }),
  "swagger-ui.css": () => ({ body: swaggerUiCss, contentType: "text/css; charset=utf-8" }),
  "favicon-32x32.png": () => ({ body: new Uint8Array(favicon), contentType: "image/png" }),
  "htmx.min.js": () => ({ body: htmx, contentType: "text/javascript; charset=utf-8" }),
};

// One object for every invocation: the web app keeps its hashed-asset registry per source object.
const source: AssetSource = {
  async get(name) {
    return Object.hasOwn(files, name) ? files[name]!() : null;
  },
};

export function bundledSwaggerUiAssets(): AssetSource {
  return source;
}
