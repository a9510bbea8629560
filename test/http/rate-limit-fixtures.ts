/** Shared settings and checks for the rate-limit tests: the client address from a header, sign-up bodies, 429s. */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { ClientAddress } from "../../src/http/client-address";
import type { RateLimiting, RateLimitSettings, RateLimitStores } from "../../src/http/rate-limit";
import { ProblemSchema } from "../../src/http/problem";

/** Redis runs on 127.0.0.1:6379 here and in CI. */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export const SETTINGS: RateLimitSettings = { windowMs: 60_000, perIp: 40, perToken: 5, authWindowMs: 900_000, auth: 5 };

/** Tests name the client address in a header (app.request has no socket): a key function in deps. */
export const CLIENT_HEADER = "x-test-client";
export const byHeader: ClientAddress = (c) => c.req.header(CLIENT_HEADER);
export const limiting = (stores: RateLimitStores, settings = SETTINGS): RateLimiting => ({ settings, stores });

/** A fresh address per test, so budgets taken by one test never reach another. */
let n = 0;
export const address = () => `198.51.100.${++n}`;

export const signUpBody = () => ({
  fullName: "Dana Bekova",
  email: `dana-${randomUUID()}@example.kz`,
  phone: "+77011234567",
  nationality: "kz",
  homeCity: "Almaty",
  language: "ru",
  currency: "KZT",
  passportNumber: "N12345678",
  birthDate: "1989-04-12",
});

export async function expectThrottled(res: Response, limit: number, windowSeconds: number) {
  expect(res.status).toBe(429);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const problem = ProblemSchema.parse(await res.json());
  expect(problem).toMatchObject({ status: 429, code: "rate_limited", type: "urn:caravan:problem:rate_limited" });
  expect(problem.detail).toContain(`${limit} per ${windowSeconds} s`);
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(res.headers.get("ratelimit-policy")).toBe(`${limit};w=${windowSeconds}`);
  expect(res.headers.get("ratelimit-limit")).toBe(String(limit));
  expect(res.headers.get("ratelimit-remaining")).toBe("0");
  expect(Number(res.headers.get("ratelimit-reset"))).toBe(retryAfter);
}

export const statuses = (responses: Response[]) => responses.map((r) => r.status).sort((a, b) => a - b);
