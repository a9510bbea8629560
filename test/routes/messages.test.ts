import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../src/ports/crypto";
import { MemoryMailer } from "../../src/ports/mailer";
import { dispatchDue } from "../../src/services/notifications/dispatcher";
import { fileTemplates } from "../../src/ports/templates-node";
import { renderNotification } from "../../src/services/notifications/render";
import { unreadCounts } from "../../src/services/messages";
import {
  actorOf,
  messageEmails,
  newTrip,
  ok,
  outsiders,
  PARTICIPANT_KINDS,
  PARTICIPANTS,
} from "../helpers/messages-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

let t: TestApp;
let others: Awaited<ReturnType<typeof outsiders>>;

beforeAll(async () => {
  t = await createTestApp();
  others = await outsiders(t);
});
afterAll(() => t.close());

const post = (id: string, token: string, body: unknown, headers?: Record<string, string>) =>
  t.call("POST", `/v1/itineraries/${id}/messages`, { token, body, headers });
const list = (id: string, token: string, query = "") =>
  t.call("GET", `/v1/itineraries/${id}/messages${query}`, { token });
const markRead = (id: string, token: string, body?: unknown) =>
  t.call("POST", `/v1/itineraries/${id}/messages/read`, { token, body });

describe.each(PARTICIPANT_KINDS)("a participant (%s)", (kind) => {
  const who = PARTICIPANTS[kind];

  it("posts a message and reads it back with their name and role", async () => {
    const id = await newTrip(t);
    const made = await ok(await post(id, who.token, { body: `Hello from the ${kind}` }), 201);
    expect(made.id).toMatch(/^msg_/);
    expect(made.author).toMatchObject({ userId: who.userId, role: kind });
    expect(made.author.name.length).toBeGreaterThan(0);
    const page = await ok(await list(id, who.token));
    expect(page.data.map((m: { body: string }) => m.body)).toEqual([`Hello from the ${kind}`]);
    expect(page.unread).toBe(0);
    // Every other participant reads it, as one unread message.
    for (const other of PARTICIPANT_KINDS.filter((k) => k !== kind)) {
      const theirs = await ok(await list(id, PARTICIPANTS[other].token));
      expect(theirs.data).toHaveLength(1);
      expect(theirs.unread, other).toBe(1);
    }
  });
});

describe("the access matrix", () => {
  let id: string;
  beforeAll(async () => {
    id = await newTrip(t);
    await ok(await post(id, T.alexander, { body: "private" }), 201);
  });

  it.each([
    "patient of another agency",
    "agent of another agency",
    "clinician of another hospital",
    "billing of another hospital",
    "patient without an agency",
  ] as const)("%s: 404 on read, post and mark read, and nothing is written", async (who) => {
    const token = others[who];
    for (const res of [await list(id, token), await post(id, token, { body: "hi" }), await markRead(id, token)]) {
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    const page = await ok(await list(id, T.admin));
    expect(page.data).toHaveLength(1);
    const counts = await unreadCounts({
      ctx: { ...t.deps, actor: await actorOfToken(token) },
      input: { itineraryIds: [id] },
    });
    expect(counts.has(id)).toBe(false);
  });

  it("without a token: 401 before anything about the body or query (400)", async () => {
    expect((await t.call("POST", `/v1/itineraries/${id}/messages`, { body: { body: "" } })).status).toBe(401);
    expect((await t.call("POST", `/v1/itineraries/${id}/messages/read`, { body: { x: 1 } })).status).toBe(401);
    expect((await t.call("GET", `/v1/itineraries/${id}/messages?limit=0`)).status).toBe(401);
  });

  it("an unknown trip is 404 for everyone, a missing token 401", async () => {
    expect((await list("itn_nope", T.admin)).status).toBe(404);
    expect((await t.call("GET", `/v1/itineraries/${id}/messages`)).status).toBe(401);
  });
});

/** The actor behind a bearer token (outsiders are created in this file). */
async function actorOfToken(token: string) {
  const row = await t.deps.db
    .selectFrom("api_tokens")
    .select("user_id")
    .where("token_hash", "=", await hashToken(token))
    .executeTakeFirstOrThrow();
  return actorOf(t, row.user_id);
}

describe("emails to the other participants, in their language", () => {
  it("go to the patient and the agency's agents; hospital staff once they have posted; never the author", async () => {
    const id = await newTrip(t);
    const P = PARTICIPANTS;
    /** Who was emailed about one message, in which language, sorted. */
    const emailedFor = async (messageId: string) =>
      (await messageEmails(t, id))
        .filter((e) => e.payload.messageId === messageId)
        .map((e) => [e.userId, e.language])
        .sort();
    const m1 = await ok(await post(id, P.patient.token, { body: "When is my flight?" }), 201);
    expect(await emailedFor(m1.id)).toEqual([[P.agent.userId, "ru"]]);
    const first = (await messageEmails(t, id))[0]!;
    expect(first.payload).toMatchObject({ itineraryId: id, authorName: "Alexander", authorRole: "patient" });
    expect(JSON.stringify(first.payload)).not.toContain("When is my flight?");

    const m2 = await ok(await post(id, P.clinician.token, { body: "Admission is at 09:00." }), 201);
    expect(await emailedFor(m2.id)).toEqual(
      [
        [P.patient.userId, "ru"],
        [P.agent.userId, "ru"],
      ].sort(),
    );

    // The clinician has posted: from now on they are told too, in Chinese; billing (silent) is not.
    const m3 = await ok(await post(id, P.agent.token, { body: "Flight moved.", attachments: [] }), 201);
    expect(await emailedFor(m3.id)).toEqual(
      [
        [P.patient.userId, "ru"],
        [P.clinician.userId, "zh"],
      ].sort(),
    );
    const all = await messageEmails(t, id);
    expect(all.filter((e) => e.userId === P.billing.userId)).toEqual([]);
    expect(all).toHaveLength(5);
  });

  it("are sent by the dispatcher to each recipient's address, in their language, without the text", async () => {
    const id = await newTrip(t);
    await ok(await post(id, T.clinician, { body: "Secret: fast from midnight" }), 201);
    const mailer = new MemoryMailer();
    const templates = fileTemplates();
    const deps = { db: t.deps.db, clock: t.clock, logger: t.logger, mailer, templates, mailFrom: "Caravan <x@y.z>" };
    while ((await dispatchDue(deps)).sent > 0);
    const mine = mailer.sent.filter((m) => m.text.includes(id));
    expect(mine.map((m) => m.to).sort()).toEqual(["agent@silkroad-care.example", "alexander@patients.caravan.example"]);
    for (const m of mine) {
      expect(m.subject).toContain("Новое сообщение");
      expect(m.text).toContain("врач");
      expect(m.text + m.html).not.toContain("Secret");
    }
  });

  it.each([
    ["zh", "发来新消息", "礼宾顾问"],
    ["ru", "Новое сообщение", "агент-консьерж"],
    ["kk", "жаңа хабарлама", "консьерж-агент"],
    ["en", "New message from", "concierge agent"],
  ])("render in %s, naming the author (escaped in HTML) and not the text", async (language, subject, role) => {
    const payload = { itineraryId: "itn_1", messageId: "msg_1", authorName: "Ai <b>", authorRole: "agent" };
    const email = await renderNotification({
      kind: "message_posted",
      language,
      payload,
      recipientName: "Dana",
      templates: fileTemplates(),
    });
    expect(email.language).toBe(language);
    expect(email.subject).toContain(subject);
    expect(email.text).toContain(role);
    expect(email.html).toContain("Ai &lt;b&gt;");
    expect(email.html).not.toContain("Ai <b>");
  });
});

describe("pages, newest last", () => {
  it("the first page holds the newest messages; the cursor leads to older ones, to the first", async () => {
    const id = await newTrip(t);
    for (let i = 1; i <= 5; i++) await ok(await post(id, i % 2 ? T.alexander : T.agent, { body: `m${i}` }), 201);
    const bodies: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: any = await ok(await list(id, T.admin, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`));
      bodies.push(page.data.map((m: { body: string }) => m.body));
      cursor = page.nextCursor;
    } while (cursor);
    expect(bodies).toEqual([["m4", "m5"], ["m2", "m3"], ["m1"]]);
    const all = await ok(await list(id, T.admin, "?limit=100"));
    expect(all.data.map((m: { seq: number }) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(all.nextCursor).toBeNull();
  });

  it.each([
    ["?limit=0", "query.limit"],
    ["?limit=101", "query.limit"],
    ["?cursor=nonsense", "query.cursor"],
  ])("%s is 400 naming %s", async (query, path) => {
    const id = await newTrip(t);
    const res = await list(id, T.alexander, query);
    expect(res.status).toBe(400);
    const problem: any = await res.json();
    expect(problem.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});

describe("concurrent posts", () => {
  it("all succeed, each with its own number, in one order every reader sees", async () => {
    const id = await newTrip(t);
    const tokens = [T.alexander, T.agent, T.clinician, T.billing, T.admin, T.alexander, T.agent, T.admin];
    const results = await Promise.all(tokens.map((token, i) => post(id, token, { body: `parallel ${i}` })));
    for (const r of results) expect(r.status, await r.clone().text()).toBe(201);
    const page = await ok(await list(id, T.admin, "?limit=100"));
    expect(page.data.map((m: { seq: number }) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(page.data.map((m: { body: string }) => m.body)).size).toBe(8);
  });
});

describe("unread counts and read markers", () => {
  it("count, per user, the others' messages after their marker; marking read moves only forward", async () => {
    const [a, b] = [await newTrip(t), await newTrip(t)];
    const m1 = await ok(await post(a, T.alexander, { body: "one" }), 201);
    await ok(await post(a, T.alexander, { body: "two" }), 201);
    await ok(await post(a, T.agent, { body: "three" }), 201);
    await ok(await post(b, T.agent, { body: "other trip" }), 201);
    const counts = async (userId: string) =>
      unreadCounts({ ctx: { ...t.deps, actor: await actorOf(t, userId) }, input: { itineraryIds: [a, b, "itn_x"] } });
    expect(await counts(PARTICIPANTS.patient.userId)).toEqual(
      new Map([
        [a, 1],
        [b, 1],
      ]),
    );
    expect(await counts(PARTICIPANTS.agent.userId)).toEqual(
      new Map([
        [a, 2],
        [b, 0],
      ]),
    );
    expect(await counts(PARTICIPANTS.clinician.userId)).toEqual(
      new Map([
        [a, 3],
        [b, 1],
      ]),
    );

    const marked = await ok(await markRead(a, T.agent));
    expect(marked).toMatchObject({ itineraryId: a, unread: 0 });
    expect((await counts(PARTICIPANTS.agent.userId)).get(a)).toBe(0);
    // Marking up to an older message does not move the marker back.
    await ok(await markRead(a, T.agent, { upToMessageId: m1.id }));
    expect((await counts(PARTICIPANTS.agent.userId)).get(a)).toBe(0);
    await ok(await post(a, T.alexander, { body: "four" }), 201);
    expect((await counts(PARTICIPANTS.agent.userId)).get(a)).toBe(1);
    // The clinician reads up to the first message only: two of the three others' remain.
    const partial = await ok(await markRead(a, T.clinician, { upToMessageId: m1.id }));
    expect(partial).toMatchObject({ lastReadMessageId: m1.id, unread: 3 });
    expect((await ok(await list(a, T.clinician))).lastReadMessageId).toBe(m1.id);
    // A message of another trip is not a marker of this one.
    const other = (await ok(await list(b, T.agent))).data[0].id;
    expect((await markRead(a, T.agent, { upToMessageId: other })).status).toBe(404);
  });

  it("refuses more than 200 itineraries at once, naming the field", async () => {
    const ids = Array.from({ length: 201 }, (_, i) => `itn_${i}`);
    await expect(
      unreadCounts({
        ctx: { ...t.deps, actor: await actorOf(t, "usr_demo_agent_silkroad") },
        input: { itineraryIds: ids },
      }),
    ).rejects.toMatchObject({ code: "validation", errors: [{ path: "body.itineraryIds" }] });
  });
});

describe("bad input is 400 naming the field, and nothing is stored", () => {
  const file = { name: "scan.pdf", mediaType: "application/pdf", sizeBytes: 1000 };
  it.each([
    ["an empty body", { body: "   " }, "body.body"],
    ["no body", {}, "body.body"],
    ["4001 characters", { body: "x".repeat(4001) }, "body.body"],
    ["six attachments", { body: "see", attachments: Array(6).fill(file) }, "body.attachments"],
    [
      "a 25 MiB + 1 byte file",
      { body: "see", attachments: [{ ...file, sizeBytes: 25 * 1024 * 1024 + 1 }] },
      "body.attachments.0.sizeBytes",
    ],
    [
      "a 201-character name",
      { body: "see", attachments: [{ ...file, name: "n".repeat(201) }] },
      "body.attachments.0.name",
    ],
    ["a bad media type", { body: "see", attachments: [{ ...file, mediaType: "pdf" }] }, "body.attachments.0.mediaType"],
    ["a bad sha256", { body: "see", attachments: [{ ...file, sha256: "abc" }] }, "body.attachments.0.sha256"],
    ["an unknown field", { body: "see", html: "<b>x</b>" }, "body"],
  ])("%s", async (_, body, path) => {
    const id = await newTrip(t);
    const res = await post(id, T.alexander, body);
    expect(res.status).toBe(400);
    const problem: any = await res.json();
    expect(problem.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect((await ok(await list(id, T.admin))).data).toEqual([]);
  });

  it("4000 characters and five attachments with a hex SHA-256 are accepted, text kept as typed", async () => {
    const id = await newTrip(t);
    const text = `<script>alert("x")</script> & ${"y".repeat(3960)}`.slice(0, 4000);
    const sha = "AB".repeat(32);
    const made = await ok(
      await post(id, T.alexander, { body: text, attachments: Array(5).fill({ ...file, sha256: sha }) }),
      201,
    );
    expect(made.body).toBe(text);
    expect(made.attachments).toHaveLength(5);
    expect(made.attachments[0]).toEqual({ ...file, sha256: sha.toLowerCase() });
  });
});

describe("Idempotency-Key", () => {
  it("a replayed post returns the first message and stores (and emails) it once", async () => {
    const id = await newTrip(t);
    const headers = { "Idempotency-Key": "msg-once-1" };
    const first = await ok(await post(id, T.alexander, { body: "once" }, headers), 201);
    const again = await ok(await post(id, T.alexander, { body: "once" }, headers), 201);
    expect(again.id).toBe(first.id);
    expect((await ok(await list(id, T.admin))).data).toHaveLength(1);
    expect(await messageEmails(t, id)).toHaveLength(1);
  });
});
