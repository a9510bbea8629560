/**
 * The rate limiter as served: responsive during a burst over HTTP, open when its store fails, client addresses
 * normalised, and the Node server configured by environment (alone and two sharing Redis).
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MemoryStore, type Store } from "hono-rate-limiter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forwardedClient, normalizeAddress } from "../../src/http/rate-limit";
import { createRedisRateLimitBackend } from "../../src/ports/rate-limit-redis";
import { memoryLogger } from "../../src/ports/logger";
import { listen } from "../helpers/serve";
import { spawnServer } from "../helpers/spawn";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import {
  address,
  byHeader,
  CLIENT_HEADER,
  expectThrottled,
  limiting,
  REDIS_URL,
  SETTINGS,
  signUpBody,
  statuses,
} from "./rate-limit-fixtures";

describe("the service stays responsive during a burst", () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  const stores = { ip: new MemoryStore(), token: new MemoryStore(), auth: new MemoryStore() };
  beforeAll(async () => {
    t = await createTestApp({ clientAddress: byHeader, rateLimiting: limiting(stores, { ...SETTINGS, perIp: 1000 }) });
    server = await listen(t.app);
  });
  afterAll(async () => {
    await server.close();
    for (const s of Object.values(stores)) s.shutdown();
    await t.close();
  });

  it(
    "400 sign-ups over HTTP from one address: 5 pass, 395 get 429, and GET /health " +
      "and other clients answer throughout",
    async () => {
      const headers = { [CLIENT_HEADER]: "203.0.113.7", "Content-Type": "application/json" };
      const burst = Array.from({ length: 400 }, () =>
        fetch(`${server.url}/v1/patients`, { method: "POST", headers, body: JSON.stringify(signUpBody()) }),
      );
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const [health, other] = await Promise.all([
          fetch(`${server.url}/health`, { headers }),
          fetch(`${server.url}/v1/hospitals`, { headers: { [CLIENT_HEADER]: "203.0.113.8" } }),
        ]);
        expect([health.status, other.status]).toEqual([200, 200]);
        times.push(performance.now() - started);
      }
      const done = await Promise.all(burst);
      expect(statuses(done)).toEqual([...Array(SETTINGS.auth).fill(201), ...Array(400 - SETTINGS.auth).fill(429)]);
      // Responsive means answered while the burst is served, not stuck behind it: the bound catches a
      // hang, not a speed goal (speed goals live in the bench).
      expect(Math.max(...times)).toBeLessThan(10_000);
    },
  );
});

describe("a store that fails lets requests through and says so", () => {
  it("Redis unreachable: requests succeed within a second, a warning is logged", async () => {
    const broken: Store = {
      increment: () => Promise.reject(new Error("connection refused")),
      decrement: () => Promise.reject(new Error("connection refused")),
      resetKey: async () => {},
    };
    const t = await createTestApp({
      clientAddress: byHeader,
      rateLimiting: limiting({ ip: broken, token: broken, auth: broken }),
    });
    try {
      for (let i = 0; i < 3; i++)
        expect((await t.call("GET", "/v1/me", { headers: { [CLIENT_HEADER]: address() }, token: T.anar })).status).toBe(
          200,
        );
      expect(
        (await t.call("POST", "/v1/patients", { headers: { [CLIENT_HEADER]: address() }, body: signUpBody() })).status,
      ).toBe(201);
      // Once per store while it stays down, not once per request.
      expect(t.logger.lines.filter((l) => l.msg === "rate-limit store failed; request let through")).toHaveLength(3);
    } finally {
      await t.close();
    }
  });

  it("ioredis on a closed port: the store fails fast rather than hanging", async () => {
    const backend = createRedisRateLimitBackend("redis://127.0.0.1:1", memoryLogger());
    const store = backend.store("test:down:");
    store.init({ windowMs: 60_000 } as never);
    const started = performance.now();
    await expect(store.increment("x")).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(3000);
    await backend.close();
  });
});

describe("client addresses", () => {
  it.each([
    ["203.0.113.9", "203.0.113.9"],
    ["::ffff:203.0.113.9", "203.0.113.9"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::9", "2001:db8:1:2::/64"],
    ["2001:DB8::1", "2001:db8:0:0::/64"],
    ["[2001:db8:1:2::1]", "2001:db8:1:2::/64"],
    ["::1", "0:0:0:0::/64"],
    [undefined, "unknown"],
  ])("%s is counted as %s", (input, key) => {
    expect(normalizeAddress(input)).toBe(key);
  });

  it.each([
    [0, "10.0.0.2", "1.1.1.1, 2.2.2.2", "10.0.0.2"],
    [1, "10.0.0.2", "1.1.1.1, 2.2.2.2", "2.2.2.2"],
    [2, "10.0.0.2", "1.1.1.1, 2.2.2.2", "1.1.1.1"],
    [5, "10.0.0.2", "1.1.1.1", "1.1.1.1"],
    [1, "10.0.0.2", undefined, "10.0.0.2"],
  ] as const)("trusting %i proxies: socket %s, X-Forwarded-For %s → %s", (hops, socket, xff, client) => {
    expect(forwardedClient(socket, xff, hops)).toBe(client);
  });
});

describe("the Node server, configured by environment", () => {
  it("limits by the socket's address with the production store (bad tokens: 401 then 429)", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "caravan-rate-limit-"));
    const server = await spawnServer(
      { DATA_DIR: dataDir, DATABASE_URL: "", REDIS_URL: "", RATE_LIMIT_AUTH: "3" },
      { ready: /Demo tokens/ },
    );
    try {
      const results = [];
      for (let i = 0; i < 5; i++)
        results.push(
          await fetch(`${server.url}/v1/me`, {
            headers: { Authorization: `Bearer cvn_guess_${i}`, "X-Forwarded-For": `192.0.2.${i}` },
          }),
        );
      // X-Forwarded-For is ignored (TRUST_PROXY=0): all five come from 127.0.0.1.
      expect(results.map((r) => r.status)).toEqual([401, 401, 401, 429, 429]);
      await expectThrottled(results[3]!, 3, 900);
      // The guessing address is blocked whole until the window ends, a valid token too: its validity is what a guess
      // asks.
      expect((await fetch(`${server.url}/v1/me`, { headers: { Authorization: `Bearer ${T.anar}` } })).status).toBe(429);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("two servers with REDIS_URL share one budget; behind TRUST_PROXY=1 the forwarded address counts", async () => {
    // Each with its own embedded database: only the rate limits are shared, through Redis.
    const dirs = [
      mkdtempSync(path.join(tmpdir(), "caravan-rate-limit-")),
      mkdtempSync(path.join(tmpdir(), "caravan-rate-limit-")),
    ];
    const env = (dir: string) => ({
      DATA_DIR: dir,
      DATABASE_URL: "",
      REDIS_URL,
      TRUST_PROXY: "1",
      RATE_LIMIT_AUTH: "4",
    });
    const [a, b] = await Promise.all([
      spawnServer(env(dirs[0]!), { ready: /Demo tokens/ }),
      spawnServer(env(dirs[1]!), { ready: /Demo tokens/ }),
    ]);
    try {
      // A fresh address per run, so runs sharing this Redis never share a count.
      const client = `2001:db8:${randomUUID().slice(0, 4)}::1`;
      const results = [];
      for (let i = 0; i < 6; i++) {
        const res = await fetch(`${(i % 2 ? b : a).url}/v1/me`, {
          headers: { Authorization: `Bearer cvn_guess_${i}`, "X-Forwarded-For": client },
        });
        results.push(res.status);
      }
      expect(results).toEqual([401, 401, 401, 401, 429, 429]);
      // Another forwarded address is its own client.
      expect(
        (
          await fetch(`${a.url}/v1/me`, {
            headers: {
              Authorization: "Bearer cvn_guess_x",
              "X-Forwarded-For": `2001:db8:${randomUUID().slice(0, 4)}::2`,
            },
          })
        ).status,
      ).toBe(401);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });
});
