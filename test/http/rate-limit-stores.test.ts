/** Rate limits counted in every store kind (memory, Redis, the rate_limits table per dialect), one or two instances. */
import { randomUUID } from "node:crypto";
import { MemoryStore } from "hono-rate-limiter";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { openPostgres, openSqlite, type DatabaseHandle } from "../../src/data/connect-node";
import { SqlRateLimitStore } from "../../src/data/rate-limit-store";
import type { RateLimitStores } from "../../src/http/rate-limit";
import { createRedisRateLimitBackend } from "../../src/ports/rate-limit-redis";
import { memoryLogger } from "../../src/ports/logger";
import { openPostgresSchema, TEST_DATABASE_URL } from "../helpers/databases";
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
