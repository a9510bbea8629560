import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MemoryStore, type Store } from "hono-rate-limiter";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { openPostgres, openSqlite, type DatabaseHandle } from "../../src/data/connect-node";
import { SqlRateLimitStore } from "../../src/data/rate-limit-store";
import type { ClientAddress } from "../../src/http/client-address";
import {
  forwardedClient,
  normalizeAddress,
  type RateLimiting,
  type RateLimitSettings,
  type RateLimitStores,
} from "../../src/http/rate-limit";
import { ProblemSchema } from "../../src/http/problem";
import { createRedisRateLimitBackend } from "../../src/ports/rate-limit-redis";
import { memoryLogger } from "../../src/ports/logger";
import { openPostgresSchema, TEST_DATABASE_URL } from "../helpers/databases";
import { listen } from "../helpers/serve";
import { spawnServer } from "../helpers/spawn";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

/** Redis runs on 127.0.0.1:6379 here and in CI. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const SETTINGS: RateLimitSettings = { windowMs: 60_000, perIp: 40, perToken: 5, authWindowMs: 900_000, auth: 5 };

/** Tests name the client address in a header (app.request has no socket): a key function in deps. */
const CLIENT_HEADER = "x-test-client";
const byHeader: ClientAddress = (c) => c.req.header(CLIENT_HEADER);
const limiting = (stores: RateLimitStores, settings = SETTINGS): RateLimiting => ({ settings, stores });

/** A fresh address per test, so budgets taken by one test never reach another. */
let n = 0;
const address = () => `198.51.100.${++n}`;

interface StoreKind {
  name: string;
  /**
   * Stores for one app instance on `handle`; instances made with the same `shared` value count together (if the backend
   * is shared).
   */
  stores(shared: string, handle: DatabaseHandle | undefined): RateLimitStores;
  /** Whether two instances share counts (not so for the in-process store). */
  sharedAcrossInstances: boolean;
  /**
   * The database of each of the two instances, when the kind counts in one: the same database through two connections
   * (pools).
   */
  handles?: () => Promise<[DatabaseHandle, DatabaseHandle]>;
  close(): Promise<void>;
}

function memoryKind(): StoreKind {
  return {
    name: "in-process memory",
    sharedAcrossInstances: false,
    stores: () => ({ ip: new MemoryStore(), token: new MemoryStore(), auth: new MemoryStore() }),
    close: async () => {},
  };
}

function redisKind(): StoreKind {
  const backends: ReturnType<typeof createRedisRateLimitBackend>[] = [];
  return {
    name: "Redis",
    sharedAcrossInstances: true,
    stores(shared) {
      const b = createRedisRateLimitBackend(REDIS_URL, memoryLogger());
      backends.push(b);
      return {
        ip: b.store(`test:${shared}:ip:`),
        token: b.store(`test:${shared}:token:`),
        auth: b.store(`test:${shared}:auth:`),
      };
    },
    close: async () => {
      for (const b of backends) await b.close();
    },
  };
}

/** The rate_limits table on one database; on PostgreSQL each instance has its own pool on it. */
function sqlKind(dialect: "sqlite" | "postgres"): StoreKind {
  let opened: DatabaseHandle[] = [];
  return {
    name: `rate_limits table on ${dialect}`,
    sharedAcrossInstances: true,
    async handles() {
      if (dialect === "sqlite") {
        const h = openSqlite(":memory:");
        opened = [h];
        return [h, h];
      }
      const first = await openPostgresSchema(TEST_DATABASE_URL!);
      const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(first.db);
      const second = openPostgres(TEST_DATABASE_URL!, { schema: rows[0]!.s });
      opened = [second, first];
      return [first, second];
    },
    stores(shared, handle) {
      const db = handle!.db;
      return {
        ip: new SqlRateLimitStore(db, `${shared}:ip:`),
        token: new SqlRateLimitStore(db, `${shared}:token:`),
        auth: new SqlRateLimitStore(db, `${shared}:auth:`),
      };
    },
    close: async () => {
      for (const h of opened) await h.close();
    },
  };
}

const kinds: (() => StoreKind)[] = [
  memoryKind,
  redisKind,
  () => sqlKind("sqlite"),
  ...(TEST_DATABASE_URL ? [() => sqlKind("postgres")] : []),
];

const signUpBody = () => ({
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

async function expectThrottled(res: Response, limit: number, windowSeconds: number) {
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

const statuses = (responses: Response[]) => responses.map((r) => r.status).sort((a, b) => a - b);

describe.each(
  kinds.map((k) => {
    const kind = k();
    return [kind.name, kind] as const;
  }),
)("rate limits counted in %s", (_name, kind) => {
  let t: TestApp;
  let other: TestApp;

  beforeAll(async () => {
    const [first, second] = kind.handles ? await kind.handles() : [undefined, undefined];
    const shared = randomUUID();
    t = await createTestApp({
      handle: first,
      clientAddress: byHeader,
      rateLimiting: limiting(kind.stores(shared, first)),
    });
    // A second instance: its own store objects and connections, on the same database.
    other = await createTestApp({
      handle: second ?? t.handle,
      clientAddress: byHeader,
      rateLimiting: limiting(kind.stores(shared, second)),
    });
  });
  afterAll(async () => {
    await kind.close();
    if (!kind.handles) await t.close();
  });

  const from = (ip: string, token?: string) => ({ headers: { [CLIENT_HEADER]: ip }, token });

  it(
    "a burst of sign-ups from one address: the strict budget passes, the rest get " +
      "429 with Retry-After and RateLimit headers",
    async () => {
      const ip = address();
      const burst = await Promise.all(
        Array.from({ length: 20 }, () => t.call("POST", "/v1/patients", { ...from(ip), body: signUpBody() })),
      );
      expect(statuses(burst)).toEqual([...Array(SETTINGS.auth).fill(201), ...Array(20 - SETTINGS.auth).fill(429)]);
      await expectThrottled(burst.find((r) => r.status === 429)!, SETTINGS.auth, 900);
      const ok = burst.find((r) => r.status === 201)!;
      expect(ok.headers.get("ratelimit-limit")).toBe(String(SETTINGS.auth));
      // Another address signs up as usual.
      expect((await t.call("POST", "/v1/patients", { ...from(address()), body: signUpBody() })).status).toBe(201);
    },
  );

  it("bad bearer tokens take from the strict budget; valid tokens do not", async () => {
    const ip = address();
    // Valid tokens from this address, more than the strict budget: none of them counts there.
    for (let i = 0; i < SETTINGS.auth + 2; i++)
      expect((await t.call("GET", "/v1/me", { ...from(ip), token: i % 2 ? T.clinician : T.alexander })).status).toBe(
        200,
      );
    const guesses = [];
    for (let i = 0; i < 8; i++)
      guesses.push(await t.call("GET", "/v1/me", { ...from(ip), token: `cvn_guess_${randomUUID()}` }));
    expect(guesses.map((r) => r.status)).toEqual([...Array(SETTINGS.auth).fill(401), 429, 429, 429]);
    await expectThrottled(guesses[SETTINGS.auth]!, SETTINGS.auth, 900);
    // A guesser elsewhere is refused as usual, not throttled.
    expect((await t.call("GET", "/v1/me", { ...from(address()), token: "cvn_guess_elsewhere" })).status).toBe(401);
  });

  it("each token has its own budget", async () => {
    const ip = address();
    const anar = [];
    for (let i = 0; i < SETTINGS.perToken + 2; i++)
      anar.push(await t.call("GET", "/v1/me", { ...from(ip), token: T.anar }));
    expect(anar.map((r) => r.status)).toEqual([...Array(SETTINGS.perToken).fill(200), 429, 429]);
    await expectThrottled(anar[SETTINGS.perToken]!, SETTINGS.perToken, 60);
    // Another token from the same address still has its budget.
    expect((await t.call("GET", "/v1/me", { ...from(ip), token: T.agent })).status).toBe(200);
  });

  it("each address has its own budget; GET /health is never limited", async () => {
    const ip = address();
    const burst = await Promise.all(
      Array.from({ length: SETTINGS.perIp + 10 }, () => t.call("GET", "/v1/hospitals", from(ip))),
    );
    expect(statuses(burst)).toEqual([...Array(SETTINGS.perIp).fill(200), ...Array(10).fill(429)]);
    await expectThrottled(burst.find((r) => r.status === 429)!, SETTINGS.perIp, 60);
    const health = await t.call("GET", "/health", from(ip));
    expect(health.status).toBe(200);
    expect(health.headers.get("ratelimit-limit")).toBeNull();
    expect((await t.call("GET", "/v1/hospitals", from(address()))).status).toBe(200);
  });

  it(
    !kind.sharedAcrossInstances ? "two instances: each counts alone (in-process)" : "two instances share one budget",
    async () => {
      const ip = address();
      const results = [];
      // Alternate between the instances, one at a time.
      for (let i = 0; i < SETTINGS.perToken * 2; i++)
        results.push((await (i % 2 ? other : t).call("GET", "/v1/me", { ...from(ip), token: T.billing })).status);
      if (kind.sharedAcrossInstances) {
        expect(results).toEqual([...Array(SETTINGS.perToken).fill(200), ...Array(SETTINGS.perToken).fill(429)]);
      } else {
        expect(results).toEqual(Array(SETTINGS.perToken * 2).fill(200));
      }
    },
  );
});

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

describe("the Redis store really shares counts between clients", () => {
  it("two ioredis connections, one key", async () => {
    const prefix = `test:${randomUUID()}:`;
    const a = createRedisRateLimitBackend(REDIS_URL, memoryLogger());
    const b = createRedisRateLimitBackend(REDIS_URL, memoryLogger());
    const sa = a.store(prefix);
    const sb = b.store(prefix);
    sa.init({ windowMs: 60_000 } as never);
    sb.init({ windowMs: 60_000 } as never);
    try {
      expect((await sa.increment("k")).totalHits).toBe(1);
      expect((await sb.increment("k")).totalHits).toBe(2);
      const raw = new Redis(REDIS_URL);
      expect(await raw.get(`${prefix}k`)).toBe("2");
      const ttl = await raw.pttl(`${prefix}k`);
      expect(ttl).toBeGreaterThan(50_000);
      await raw.quit();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
