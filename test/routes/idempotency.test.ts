import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  claimKey,
  IDEMPOTENCY_TTL_MS,
  markCommitted,
  purgeExpiredKeys,
  STALE_CLAIM_MS,
} from "../../src/data/idempotency-repo";
import { SignUpResultSchema } from "../../src/routes/patients/schemas";
import { ok } from "../helpers/itinerary-fixtures";
import { createTestApp, TEST_NOW, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { openDefaultTestDatabase } from "../helpers/databases";
import * as scopeExpiry from "../../db/migrations/2026-12-07-002-idempotency-scope-expiry";
import { migrateToLatest } from "../../src/data/migrate";
import { markingTransactions } from "../../src/http/idempotency";
import type { Database } from "../../src/data/schema";
import type { Kysely } from "kysely";

// Simulates a crash between the change's commit and the key's completion: the next completion throws.
// `gate`, when set, holds the next completion until it resolves (a first request still running).
const crash = vi.hoisted(() => ({ beforeCompletion: false, gate: undefined as Promise<void> | undefined }));
vi.mock("../../src/data/idempotency-repo", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/data/idempotency-repo")>();
  return {
    ...real,
    completeKey: async (...args: Parameters<typeof real.completeKey>) => {
      const gate = crash.gate;
      crash.gate = undefined;
      if (gate) await gate;
      if (crash.beforeCompletion) {
        crash.beforeCompletion = false;
        throw new Error("simulated crash before the key's completion");
      }
      return real.completeKey(...args);
    },
  };
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ALICE_IP = "203.0.113.5";
const MALLORY_IP = "198.51.100.7";

/** A request as served by @hono/node-server, from a given client address. */
function post(path: string, init: { ip?: string; token?: string; key?: string; body: unknown }) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.key) headers["Idempotency-Key"] = init.key;
  return t.app.request(
    path,
    { method: "POST", headers, body: JSON.stringify(init.body) },
    { incoming: { socket: { remoteAddress: init.ip ?? ALICE_IP } } },
  );
}

const signUpBody = (email: string) => ({
  fullName: "Dana Bekova",
  email,
  nationality: "KZ",
  homeCity: "Almaty",
  language: "ru",
  currency: "KZT",
  passportNumber: "N98765432",
  birthDate: "1987-03-09",
});

async function rawRows() {
  return t.handle.db.selectFrom("idempotency_keys").selectAll().execute();
}

const meStatus = async (token: string) => (await t.call("GET", "/v1/me", { token })).status;

describe.each([
  { caller: "anonymous", token: undefined as string | undefined },
  { caller: "agent", token: T.agent as string | undefined },
])("sign-up with an Idempotency-Key, by an $caller caller", ({ caller, token }) => {
  const email = `idem-${caller}@example.kz`;
  const key = `signup-${caller}`;
  let first: { token: string; patient: { id: string } };

  it("stores no token, passport number, birth date, email or address in clear", async () => {
    first = SignUpResultSchema.parse(
      await ok(await post("/v1/patients", { token, key, body: signUpBody(email) }), 201),
    );
    const rows = (await rawRows()).filter((r) => r.key === key);
    expect(rows).toHaveLength(1);
    const raw = JSON.stringify(rows[0]);
    for (const secret of [first.token, "N98765432", "98765432", "1987-03-09", email, ALICE_IP, "Dana"])
      expect(raw).not.toContain(secret);
    expect(rows[0]!.response_enc).toMatch(/^v1\./);
    expect(rows[0]!.response_body).toBeNull();
    expect(rows[0]!.status).toBe("done");
    if (!token) expect(rows[0]!.owner).toMatch(/^anon:[A-Za-z0-9_-]{43}$/);
    // The seal is bound to its row: it does not open as another key's.
    await expect(
      t.deps.cipher.decrypt(rows[0]!.response_enc!, `idempotency\n${rows[0]!.owner}\nother`),
    ).rejects.toThrow();
  });

  it("a replay by the same caller returns the first response with a fresh token, and revokes the first", async () => {
    const res = await post("/v1/patients", { token, key, body: signUpBody(email) });
    expect(res.headers.get("idempotent-replayed")).toBe("true");
    const replay = SignUpResultSchema.parse(await ok(res, 201));
    expect(replay.patient).toEqual(first.patient);
    expect(replay.patient.passportNumber).toBe("N98765432");
    expect(replay.token).toMatch(/^cvn_/);
    expect(replay.token).not.toBe(first.token);
    expect(await meStatus(replay.token)).toBe(200);
    expect(await meStatus(first.token)).toBe(401);
    const stored = JSON.stringify(await rawRows());
    expect(stored).not.toContain(replay.token);
    // The same key with another body is still 422.
    const other = await post("/v1/patients", { token, key, body: { ...signUpBody(email), homeCity: "Astana" } });
    expect(other.status).toBe(422);
    expect(((await other.json()) as { code: string }).code).toBe("idempotency_key_reused");
  });

  it("another caller repeating the key and body gets no token", async () => {
    const before = (await t.handle.db.selectFrom("api_tokens").select("id").where("revoked_at", "is", null).execute())
      .length;
    const res = await post("/v1/patients", {
      ip: MALLORY_IP,
      token: token ? T.admin : undefined,
      key,
      body: signUpBody(email),
    });
    const text = await res.text();
    expect(res.headers.get("idempotent-replayed")).toBeNull();
    expect(res.status).toBe(409);
    expect(JSON.parse(text)).toMatchObject({ code: "email_taken" });
    expect(text).not.toContain("cvn_");
    expect(
      (await t.handle.db.selectFrom("api_tokens").select("id").where("revoked_at", "is", null).execute()).length,
    ).toBe(before);
  });
});

describe("a concurrent replay", () => {
  it("is 409 while the first is running, then replays", async () => {
    const body = signUpBody("idem-running@example.kz");
    let release!: () => void;
    crash.gate = new Promise<void>((resolve) => (release = resolve));
    const firstP = post("/v1/patients", { key: "signup-running", body });
    // Wait until the first has committed its change and is about to store the response.
    for (
      let i = 0;
      i < 200 && !(await rawRows()).some((r) => r.key === "signup-running" && r.committed_at !== null);
      i++
    )
      await new Promise((r) => setTimeout(r, 5));
    const during = await post("/v1/patients", { key: "signup-running", body });
    expect(during.status).toBe(409);
    expect(((await during.json()) as { code: string }).code).toBe("idempotency_in_progress");
    release();
    const first = SignUpResultSchema.parse(await ok(await firstP, 201));
    const after = await post("/v1/patients", { key: "signup-running", body });
    expect(after.headers.get("idempotent-replayed")).toBe("true");
    expect(SignUpResultSchema.parse(await ok(after, 201)).patient.id).toBe(first.patient.id);
  });

  it("two at once make one account: the other is 409 or, if the first already finished, its replay", async () => {
    const body = signUpBody("idem-concurrent@example.kz");
    const both = await Promise.all([
      post("/v1/patients", { key: "signup-concurrent", body }),
      post("/v1/patients", { key: "signup-concurrent", body }),
    ]);
    const outcomes = (
      await Promise.all(
        both.map(async (r) =>
          r.status === 409
            ? `409 ${((await r.json()) as { code: string }).code}`
            : `${r.status}${r.headers.get("idempotent-replayed") ? " replay" : ""}`,
        ),
      )
    ).sort();
    expect([
      ["201", "409 idempotency_in_progress"],
      ["201", "201 replay"],
    ]).toContainEqual(outcomes);
    const accounts = await t.handle.db.selectFrom("patients").select("id").where("email", "=", body.email).execute();
    expect(accounts).toHaveLength(1);
  });
});

describe("expiry and purge", () => {
  it("a key older than 24 h is expired: its reuse runs anew; the purge deletes old keys only", async () => {
    const body = {
      hospitalId: "hsp_xjph",
      department: "cardiac_surgery",
      mode: "video",
      complaint: "Chest pain",
      language: "ru",
    };
    const first = await ok(await post("/v1/consultations", { token: T.anar, key: "consult-expiry", body }), 201);
    t.clock.advance(IDEMPOTENCY_TTL_MS - 1);
    const replay = await post("/v1/consultations", { token: T.anar, key: "consult-expiry", body });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect((await ok(replay, 201)).id).toBe(first.id);
    t.clock.advance(1);
    const again = await ok(
      await post("/v1/consultations", {
        token: T.anar,
        key: "consult-expiry",
        body: { ...body, complaint: "Chest pain again" },
      }),
      201,
    );
    expect(again.id).not.toBe(first.id);
    // Keys made now are young; everything from the first day is purged.
    await ok(await post("/v1/consultations", { token: T.anar, key: "consult-young", body }), 201);
    const old = (await rawRows()).filter(
      (r) => Date.parse(r.created_at) <= t.clock.now().getTime() - IDEMPOTENCY_TTL_MS,
    ).length;
    expect(old).toBeGreaterThan(0);
    expect(await purgeExpiredKeys(t.handle.db, t.clock.now(), 2)).toBe(old);
    const left = await rawRows();
    expect(left.map((r) => r.key).sort()).toEqual(["consult-expiry", "consult-young"]);
    expect(await purgeExpiredKeys(t.handle.db, t.clock.now())).toBe(0);
    t.clock.set(TEST_NOW);
    await t.handle.db.deleteFrom("idempotency_keys").execute();
  });
});

describe("a crash between the change's commit and the key's completion", () => {
  const body = {
    hospitalId: "hsp_xjph",
    department: "cardiac_surgery",
    mode: "video",
    complaint: "Palpitations",
    language: "ru",
  };
  const consultations = async () =>
    (await t.handle.db.selectFrom("consultations").select("id").where("complaint", "=", body.complaint).execute())
      .length;

  it("never makes a retry run the change again", async () => {
    crash.beforeCompletion = true;
    const crashed = await post("/v1/consultations", { token: T.anar, key: "consult-crash", body });
    expect(crashed.status).toBe(500);
    expect(await consultations()).toBe(1);
    const [row] = (await rawRows()).filter((r) => r.key === "consult-crash");
    expect(row).toMatchObject({ status: "in_progress", response_enc: null });
    expect(row!.committed_at).not.toBeNull();
    // At once: the first attempt might still be running.
    const soon = await post("/v1/consultations", { token: T.anar, key: "consult-crash", body });
    expect(soon.status).toBe(409);
    expect(((await soon.json()) as { code: string }).code).toBe("idempotency_in_progress");
    // Once the claim is stale, the retry learns the change was made and is not run again.
    t.clock.advance(STALE_CLAIM_MS + 1);
    const late = await post("/v1/consultations", { token: T.anar, key: "consult-crash", body });
    expect(late.status).toBe(409);
    expect(((await late.json()) as { code: string }).code).toBe("idempotency_response_lost");
    expect(await consultations()).toBe(1);
    t.clock.set(TEST_NOW);
  });

  it(
    "a claim that died before its change committed is taken over, and the dead " + "claimant can no longer commit",
    async () => {
      const complaint = "Shortness of breath";
      const count = async () =>
        (await t.handle.db.selectFrom("consultations").select("id").where("complaint", "=", complaint).execute())
          .length;
      const me = await ok(await t.call("GET", "/v1/me", { token: T.anar }));
      const fingerprint = await import("../../src/ports/crypto").then((m) =>
        m.sha256Hex(`POST /v1/consultations\n${JSON.stringify({ ...body, complaint })}`),
      );
      expect(await claimKey(t.handle.db, me.userId, "consult-dead", fingerprint, t.clock.now(), "dead-lease")).toEqual({
        kind: "claimed",
      });
      t.clock.advance(STALE_CLAIM_MS + 1);
      await ok(
        await post("/v1/consultations", { token: T.anar, key: "consult-dead", body: { ...body, complaint } }),
        201,
      );
      expect(await count()).toBe(1);
      expect(await markCommitted(t.handle.db, me.userId, "consult-dead", "dead-lease", t.clock.now())).toBe(false);
      const replay = await post("/v1/consultations", {
        token: T.anar,
        key: "consult-dead",
        body: { ...body, complaint },
      });
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
      expect(await count()).toBe(1);
      t.clock.set(TEST_NOW);
    },
  );
});

describe("responses stored in clear before sealing", () => {
  it("are erased by the migration, and their key answers that the response was lost", async () => {
    const handle = await openDefaultTestDatabase();
    try {
      await migrateToLatest(handle.db);
      await scopeExpiry.down(handle.db);
      const legacy = {
        owner: "anonymous",
        key: "k1",
        fingerprint: "f1",
        status: "done",
        response_status: 201,
        response_headers: "{}",
        response_body: '{"token":"cvn_legacy_secret"}',
        created_at: TEST_NOW,
      };
      await (handle.db as unknown as import("kysely").Kysely<any>)
        .insertInto("idempotency_keys")
        .values(legacy)
        .execute();
      await scopeExpiry.up(handle.db);
      const rows = await handle.db.selectFrom("idempotency_keys").selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain("cvn_legacy_secret");
      expect(await claimKey(handle.db, "anonymous", "k1", "f1", new Date(TEST_NOW), "lease")).toEqual({ kind: "lost" });
    } finally {
      await handle.close();
    }
  });
});

describe.each([
  {
    form: "transaction()",
    run: (db: Kysely<Database>, write: (trx: Kysely<Database>) => Promise<void>) => db.transaction().execute(write),
  },
  {
    form: "startTransaction()",
    run: async (db: Kysely<Database>, write: (trx: Kysely<Database>) => Promise<void>) => {
      const trx = await db.startTransaction().execute();
      try {
        await write(trx);
        await trx.commit().execute();
      } catch (err) {
        await trx.rollback().execute();
        throw err;
      }
    },
  },
])("the request's $form marks the key inside the transaction", ({ form, run }) => {
  const write = (value: string) => (trx: Kysely<Database>) =>
    trx
      .insertInto("app_meta")
      .values({ key: `mark-${form}-${value}`, value })
      .execute()
      .then(() => undefined);
  const stored = async (value: string) =>
    (await t.handle.db.selectFrom("app_meta").select("value").where("key", "=", `mark-${form}-${value}`).execute())
      .length;

  it("the mark runs in the transaction, before commit", async () => {
    const seen: number[] = [];
    const db = markingTransactions(t.handle.db, async (trx) => {
      seen.push(
        (await trx.selectFrom("app_meta").select("value").where("key", "=", `mark-${form}-a`).execute()).length,
      );
    });
    await run(db, write("a"));
    expect(seen).toEqual([1]);
    expect(await stored("a")).toBe(1);
  });

  it("a refused mark rolls the change back", async () => {
    const db = markingTransactions(t.handle.db, async () => {
      throw new Error("taken over");
    });
    await expect(run(db, write("b"))).rejects.toThrow("taken over");
    expect(await stored("b")).toBe(0);
  });
});
