import { readFileSync } from "node:fs";
import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
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
    doc.paths["/v1/hospitals"].get.responses["200"].content["application/json"].schema = { $ref: "#/components/schemas/Nope" };
    await expect(SwaggerParser.validate(doc as never)).rejects.toThrow();
  });

  it("every operation has an id, a summary, a tag, a security requirement and the shared error responses", () => {
    const doc = buildOpenApiDocument();
    // A shared response may be a reference into components.responses.
    const response = (r: any) => (r?.$ref ? (doc.components?.responses as Record<string, any>)[String(r.$ref).split("/").pop()!] : r);
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
          expect(response(op.responses?.[status])?.content?.["application/problem+json"], `${where} ${status}`).toBeDefined();
        }
        expect(Object.keys(response(op.responses["429"]).headers ?? {}), `${where} 429 headers`).toEqual(["Retry-After", "RateLimit-Policy", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]);
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
