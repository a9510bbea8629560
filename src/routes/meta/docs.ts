import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { publicSecurity } from "../../http/auth";
import { errorResponses } from "../../http/responses";
import { notFound } from "../../services/errors";

/** Swagger UI, served entirely by this service: no CDN, works offline. */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Caravan API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/docs-init.js"></script>
</body>
</html>`;

const INIT = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    tryItOutEnabled: false,
    persistAuthorization: false
  });
});
`;

const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src " +
  "'self'; frame-ancestors 'none'";

export const docsRoute = createRoute({
  method: "get",
  path: "/docs",
  operationId: "getDocs",
  tags: ["Meta"],
  summary: "Human-readable API reference (served offline)",
  description:
    "Swagger UI over this service's own `/openapi.json`, with its scripts and styles served by the service " +
    "itself: no CDN, works offline. For people; programs read `/openapi.json`.",
  security: publicSecurity,
  responses: {
    200: { description: "The API reference page.", content: { "text/html": { schema: z.string() } } },
    ...errorResponses,
  },
});

export const docsAssetRoute = createRoute({
  method: "get",
  path: "/docs/assets/{file}",
  operationId: "getDocsAsset",
  tags: ["Meta"],
  summary: "A script or stylesheet of the docs page",
  hide: true,
  security: publicSecurity,
  request: { params: z.object({ file: z.string().regex(/^[\w.-]+$/) }) },
  responses: {
    200: { description: "The file.", content: { "application/octet-stream": { schema: z.string() } } },
    ...errorResponses,
  },
});

const docsHandler: AppRouteHandler<typeof docsRoute> = async (c) => {
  c.header("Content-Security-Policy", CSP);
  return c.html(PAGE, 200);
};

const assetHandler: AppRouteHandler<typeof docsAssetRoute> = async (c) => {
  const { file } = c.req.valid("param");
  if (file === "docs-init.js") {
    return c.body(INIT, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache" });
  }
  const asset = await c.get("deps").assets.get(file);
  if (!asset) throw notFound("file", file);
  const body = typeof asset.body === "string" ? asset.body : (asset.body as Uint8Array<ArrayBuffer>);
  return c.body(body, 200, {
    "Content-Type": asset.contentType,
    "Cache-Control": "public, max-age=86400",
  });
};

export function registerDocs(app: OpenAPIHono<AppEnv>) {
  app.openapi(docsRoute, docsHandler);
  app.openapi(docsAssetRoute, assetHandler);
}
