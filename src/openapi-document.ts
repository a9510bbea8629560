import { createApp, OPENAPI_INFO } from "./app";
import type { AppDeps } from "./http/context";

/**
 * The OpenAPI 3.1 document the code defines. Building it needs no database:
 * createApp only stores its deps (reading just `config` and `rateLimiting`), so none are touched.
 */
export function buildOpenApiDocument() {
  const config: AppDeps["config"] = { bodyLimitBytes: 1024 * 1024, holdMinutes: 20 };
  const unused = new Proxy({} as AppDeps, {
    get(_t, prop) {
      if (prop === "config") return config;
      // Limits are middleware only; the 429s are declared on every route either way.
      if (prop === "rateLimiting") return undefined;
      throw new Error(`building the OpenAPI document touched deps.${String(prop)}`);
    },
  });
  return createApp(unused).getOpenAPI31Document(OPENAPI_INFO);
}

export function openApiJson(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
