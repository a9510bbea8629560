import { readFileSync } from "node:fs";
import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import type { z } from "@hono/zod-openapi";
import { createApp } from "../src/app";
import type { AppDeps } from "../src/http/context";
import { buildOpenApiDocument, openApiJson } from "../src/openapi-document";

describe("OpenAPI contract", () => {
  it("the committed openapi/openapi.json is what the code generates (run `npm run openapi`)", () => {
    const committed = readFileSync("openapi/openapi.json", "utf8");
    expect(committed).toBe(openApiJson());
  });

  it("passes a third-party OpenAPI 3.1 validator", async () => {
    const doc = buildOpenApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    const api = await SwaggerParser.validate(structuredClone(doc) as never);
    expect(Object.keys(api.paths ?? {}).length).toBeGreaterThan(10);
  });

  it("the validator rejects a broken document (so the check above can fail)", async () => {
    const doc = structuredClone(buildOpenApiDocument()) as Record<string, any>;
    doc.paths["/v1/hospitals"].get.responses["200"].content["application/json"].schema = {
      $ref: "#/components/schemas/Nope",
    };
    await expect(SwaggerParser.validate(doc as never)).rejects.toThrow();
  });

  it("every operation has an id, a summary, a tag, a security requirement and the shared error responses", () => {
    const doc = buildOpenApiDocument();
    // A shared response may be a reference into components.responses.
    const response = (r: any) =>
      r?.$ref ? (doc.components?.responses as Record<string, any>)[String(r.$ref).split("/").pop()!] : r;
    let count = 0;
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item as Record<string, any>)) {
        count++;
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
        expect(op.summary, where).toBeTruthy();
        expect(op.tags?.length, where).toBeGreaterThan(0);
        expect(Array.isArray(op.security), `${where} declares security`).toBe(true);
        for (const status of ["400", "404", "413", "429", "500"]) {
          expect(
            response(op.responses?.[status])?.content?.["application/problem+json"],
            `${where} ${status}`,
          ).toBeDefined();
        }
        expect(Object.keys(response(op.responses["429"]).headers ?? {}), `${where} 429 headers`).toEqual([
          "Retry-After",
          "RateLimit-Policy",
          "RateLimit-Limit",
          "RateLimit-Remaining",
          "RateLimit-Reset",
        ]);
        const needsToken = op.security.some((s: Record<string, unknown>) => "bearerAuth" in s);
        if (needsToken) {
          expect(op.responses["401"], `${where} 401`).toBeDefined();
          expect(op.responses["403"], `${where} 403`).toBeDefined();
        }
      }
    }
    expect(count).toBeGreaterThan(10);
    expect(doc.components?.securitySchemes?.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  });
});

// ---------------------------------------------------------------------------
// What the contract must say, as checks over a document (so each can be shown to fail).

type Doc = Record<string, any>;
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

function operations(doc: Doc): { where: string; path: string; op: Record<string, any> }[] {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths ?? {}) as [string, Record<string, any>][]) {
    for (const method of METHODS)
      if (item[method]) out.push({ where: `${method.toUpperCase()} ${path}`, path, op: item[method] });
  }
  return out;
}

/** A response, or the shared one it refers to (`#/components/responses/…`). */
const resolved = (doc: Doc, r: any) =>
  typeof r?.$ref === "string" ? doc.components?.responses?.[r.$ref.replace("#/components/responses/", "")] : r;
const isProblem = (doc: Doc, r: any) => resolved(doc, r)?.content?.["application/problem+json"]?.schema !== undefined;

/** Every operation explains itself beyond its summary. */
function missingDescriptions(doc: Doc): string[] {
  return operations(doc)
    .filter(({ op }) => typeof op.description !== "string" || op.description.trim().length < 40)
    .map(({ where }) => where);
}

/** Every media type of every request body carries an example. */
function bodiesWithoutExample(doc: Doc): string[] {
  return operations(doc).flatMap(({ where, op }) =>
    Object.entries(op.requestBody?.content ?? {})
      .filter(([, media]: [string, any]) => media.example === undefined && media.examples === undefined)
      .map(([type]) => `${where} ${type}`),
  );
}

/** An operation that answers 428 must declare the header it wants as required. */
function preconditionsNotRequired(doc: Doc): string[] {
  return operations(doc)
    .filter(({ op }) => op.responses?.["428"] !== undefined)
    .filter(
      ({ op }) =>
        !(op.parameters ?? []).some(
          (p: any) => p.in === "header" && p.name.toLowerCase() === "if-match" && p.required === true,
        ),
    )
    .map(({ where }) => where);
}

/** An operation that takes a body answers 415 for another media type, as problem+json. */
function bodiesWithout415(doc: Doc): string[] {
  return operations(doc)
    .filter(({ op }) => op.requestBody !== undefined && !isProblem(doc, op.responses?.["415"]))
    .map(({ where }) => where);
}

/** A public `/v1` route still checks a token that is sent: 401 declared as problem+json. */
function publicWithout401(doc: Doc): string[] {
  return operations(doc)
    .filter(
      ({ path, op }) =>
        path.startsWith("/v1/") && !op.security?.some((s: Record<string, unknown>) => "bearerAuth" in s),
    )
    .filter(({ op }) => !isProblem(doc, op.responses?.["401"]))
    .map(({ where }) => where);
}

/** Error responses (4xx, 5xx) are problem+json. */
function errorsNotProblem(doc: Doc): string[] {
  return operations(doc).flatMap(({ where, op }) =>
    Object.entries(op.responses ?? {})
      .filter(([status, r]) => Number(status) >= 400 && !isProblem(doc, r))
      .map(([status]) => `${where} ${status}`),
  );
}

/** Schema positions a response reaches that say nothing of their shape ("any" or "any object"). */
function untypedResponseSchemas(doc: Doc): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = (s: any, at: string) => {
    if (s === undefined || s === null || typeof s !== "object") return;
    if (s.$ref) {
      const name = String(s.$ref).replace("#/components/schemas/", "");
      if (seen.has(name)) return;
      seen.add(name);
      return visit(doc.components?.schemas?.[name], name);
    }
    // In allOf, a member that only annotates a $ref beside it (a description, or `null` allowed) adds no shape,
    // rightly.
    const annotationOnly = (x: any) =>
      Object.keys(x).every(
        (k) =>
          ["description", "example", "examples", "title", "deprecated"].includes(k) ||
          (k === "type" && Array.isArray(x.type) && x.type.includes("null")),
      );
    for (const key of ["oneOf", "anyOf", "allOf"])
      (s[key] ?? []).forEach((x: any, i: number) =>
        key === "allOf" && annotationOnly(x) ? undefined : visit(x, `${at}.${key}[${i}]`),
      );
    if (s.oneOf || s.anyOf || s.allOf || s.const !== undefined || s.enum) return;
    if (s.type === undefined) return void found.push(at);
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (types.includes("object")) {
      const ap = s.additionalProperties;
      const openEnded = ap === undefined || ap === true || (typeof ap === "object" && Object.keys(ap).length === 0);
      if (!s.properties && openEnded) found.push(at);
      for (const [k, v] of Object.entries(s.properties ?? {})) visit(v, `${at}.${k}`);
      if (ap && typeof ap === "object") visit(ap, `${at}.*`);
    }
    if (types.includes("array")) visit(s.items, `${at}[]`);
  };
  for (const { where, op } of operations(doc)) {
    for (const [status, r] of Object.entries(op.responses ?? {}) as [string, any][]) {
      for (const [type, media] of Object.entries(resolved(doc, r)?.content ?? {}) as [string, any][])
        visit(media.schema, `${where} ${status} ${type}`);
    }
  }
  return found;
}

/** Free-form on purpose: history snapshots differ by action, and verify echoes whatever JSON the payload held. */
const FREE_FORM = ["ItineraryHistory.data.before", "ItineraryHistory.data.after", "ParityVerifyResult.document"];
const typedEnough = (doc: Doc) => untypedResponseSchemas(doc).filter((at) => !FREE_FORM.includes(at.replace("[]", "")));

const CHECKS: [string, (doc: Doc) => string[], (doc: Doc) => void][] = [
  [
    "every operation has a description",
    missingDescriptions,
    (d) => void delete d.paths["/v1/hospitals/{id}"].get.description,
  ],
  [
    "every request body has an example",
    bodiesWithoutExample,
    (d) => void delete d.paths["/v1/itineraries"].post.requestBody.content["application/json"].example,
  ],
  [
    "every operation answering 428 declares a required If-Match",
    preconditionsNotRequired,
    (d) =>
      void (d.paths["/v1/itineraries/{id}/hold"].post.parameters.find((p: any) => p.name === "if-match").required =
        false),
  ],
  [
    "every operation with a body declares 415",
    bodiesWithout415,
    (d) => void delete d.paths["/v1/quotes"].post.responses["415"],
  ],
  [
    "every public /v1 route declares 401",
    publicWithout401,
    (d) => void delete d.paths["/v1/flights"].get.responses["401"],
  ],
  [
    "every error response is problem+json (health's 503 too)",
    errorsNotProblem,
    (d) =>
      void (d.paths["/health"].get.responses["503"].content = {
        "application/json": { schema: { $ref: "#/components/schemas/Health" } },
      }),
  ],
  [
    "no response schema is 'any object' (component details, pricing lines, the price file)",
    typedEnough,
    (d) => void (d.components.schemas.TravelLine = { type: "object", additionalProperties: {} }),
  ],
];

describe.each(CHECKS)("contract: %s", (_name, check, breakIt) => {
  it("holds for the generated document", () => {
    expect(check(buildOpenApiDocument() as Doc)).toEqual([]);
  });

  it("fails on a document broken for it", () => {
    const doc = structuredClone(buildOpenApiDocument()) as Doc;
    breakIt(doc);
    expect(check(doc).length).toBeGreaterThan(0);
  });
});

describe("contract: request body examples", () => {
  // The registry holds each route's zod body schema beside the example it shows.
  const app = createApp(
    new Proxy({} as AppDeps, {
      get: (_t, prop) => (prop === "config" ? { bodyLimitBytes: 1024 * 1024, holdMinutes: 20 } : undefined),
    }),
  );
  const bodies = app.openAPIRegistry.definitions.flatMap((d) =>
    d.type === "route" && d.route.request?.body
      ? Object.entries(d.route.request.body.content)
          .filter(([type]) => type === "application/json")
          .map(([, media]) => [`${d.route.method.toUpperCase()} ${d.route.path}`, media] as const)
      : [],
  );

  it("covers every JSON body", () => {
    expect(bodies.length).toBeGreaterThanOrEqual(14);
  });

  it.each(bodies)("%s: its example is accepted by the body schema", (_where, media) => {
    const m = media as { schema: z.ZodTypeAny; example?: unknown };
    expect(m.example).toBeDefined();
    const parsed = m.schema.safeParse(m.example);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });
});
