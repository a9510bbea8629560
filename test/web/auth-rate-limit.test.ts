import { MemoryStore } from "hono-rate-limiter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientAddress } from "../../src/http/client-address";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { openForm, postForm } from "./helpers";

const stores = { ip: new MemoryStore(), token: new MemoryStore(), auth: new MemoryStore() };
const byHeader: ClientAddress = (c) => c.req.header("x-test-client");
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    clientAddress: byHeader,
    rateLimiting: {
      settings: { windowMs: 60_000, perIp: 1000, perToken: 1000, authWindowMs: 900_000, auth: 3 },
      stores,
    },
  });
});
afterAll(async () => {
  for (const s of Object.values(stores)) s.shutdown();
  await t.close();
});

describe("sign-in and sign-up attempts share the API's strict per-address budget", () => {
  it.each([
    ["/sign-in", { email: "someone@example.com" }, "198.51.100.1"],
    ["/sign-up", { fullName: "" }, "198.51.100.2"],
  ])("POST %s: past the budget, a 429 page with Retry-After in the visitor's language", async (path, fields, ip) => {
    const headers = { accept: "text/html", "x-test-client": ip, "accept-language": "ru" };
    const form = await openForm(t, path, "", headers);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await postForm(t, path, fields, { cookie: form.cookie, token: form.token, headers });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get("content-type")).toMatch(/^text\/html/);
        expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
        expect(await res.text()).toContain("Слишком много попыток");
      }
    }
    expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true);
    expect(statuses[3]).toBe(429);
    const other = await openForm(t, path, "", { ...headers, "x-test-client": "198.51.100.99" });
    const res = await postForm(t, path, fields, {
      cookie: other.cookie,
      token: other.token,
      headers: { ...headers, "x-test-client": "198.51.100.99" },
    });
    expect(res.status).not.toBe(429);
  });
});
