import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../src/ports/crypto";
import { completeSignIn, endAllSessions, requestSignIn, sessionActor } from "../../src/services/sessions/index";
import { MemoryMailer } from "../../src/ports/mailer";
import { fileTemplates } from "../../src/ports/templates-node";
import { dispatchDue, messageIdFor } from "../../src/services/notifications/dispatcher";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { DEMO_USERS, formToken, openForm, postForm, signIn } from "./helpers";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const html = { accept: "text/html" };
const visitorCtx = () => ({ ...t.deps, actor: null });

describe("sessions: the cookie's actor is the API's actor", () => {
  it.each(Object.entries(DEMO_USERS))("%s signed in by cookie is shown as signed in", async (_name, userId) => {
    const cookie = await signIn(t, userId);
    const res = await t.app.request("/", { headers: { cookie } });
    expect(res.status).toBe(200);
    const page = await res.text();
    const user = await t.deps.db.selectFrom("users").select("display_name").where("id", "=", userId).executeTakeFirst();
    expect(page).toContain(`action="/sign-out"`);
    expect(page).toContain(user!.display_name.replace(/&/g, "&amp;").replace(/'/g, "&#39;"));
  });

  it("a revoked session is a visitor again and its cookie is cleared", async () => {
    const cookie = await signIn(t, DEMO_USERS.anar);
    const token = cookie.split("=")[1]!;
    const found = await sessionActor({ ctx: visitorCtx(), input: { token } });
    expect(found?.actor).toMatchObject({ userId: DEMO_USERS.anar, role: "patient", patientId: "pat_demo_anar" });
    await endAllSessions({ ctx: { ...t.deps, actor: found!.actor } });
    const res = await t.app.request("/", { headers: { cookie } });
    expect(await res.text()).toContain(`href="/sign-in"`);
    expect(res.headers.getSetCookie().join("\n")).toMatch(/caravan_session=;.*Max-Age=0/);
  });

  it("stores only the token's hash", async () => {
    const cookie = await signIn(t, DEMO_USERS.alexander);
    const token = cookie.split("=")[1]!;
    const rows = await t.deps.db.selectFrom("sessions").selectAll().execute();
    expect(rows.some((r) => r.token_hash === hashToken(token))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});

describe("sessions: sliding expiry renews the cookie with the session", () => {
  const sessionCookies = (res: Response) => res.headers.getSetCookie().filter((c) => c.startsWith("caravan_session="));

  it("the server extends the session (at most every 5 minutes) and the cookie's Max-Age with it", async () => {
    const cookie = await signIn(t, DEMO_USERS.alexander);
    const token = cookie.split("=")[1]!;
    const expiresAt = () =>
      t.deps.db
        .selectFrom("sessions")
        .select("expires_at")
        .where("token_hash", "=", hashToken(token))
        .executeTakeFirstOrThrow()
        .then((r) => r.expires_at);
    const before = await expiresAt();
    t.clock.advance(60_000);
    const soon = await t.app.request("/", { headers: { cookie } });
    expect(soon.status).toBe(200);
    expect(sessionCookies(soon)).toEqual([]);
    expect(await expiresAt()).toBe(before);

    t.clock.advance(10 * 60_000);
    const later = await t.app.request("/", { headers: { cookie } });
    expect(later.status).toBe(200);
    const extended = await expiresAt();
    expect(new Date(extended).getTime()).toBe(t.clock.now().getTime() + 30 * 24 * 60 * 60_000);
    const [renewed, ...more] = sessionCookies(later);
    expect(more).toEqual([]);
    expect(renewed).toContain(`caravan_session=${token};`);
    expect(renewed).toContain(`Max-Age=${30 * 24 * 60 * 60}`);
    expect(renewed).toMatch(/HttpOnly/);
    expect(renewed).toMatch(/SameSite=Lax/);
  });
});

describe("CSRF: every unsafe page request carries the browser's token", () => {
  it.each([
    ["a visitor", async () => ""],
    ["a signed-in patient", () => signIn(t, DEMO_USERS.anar)],
  ])("%s: refused (403 page) without or with a wrong token, let through with the right one", async (_who, who) => {
    const form = await openForm(t, "/", await who(), html);
    const missing = await postForm(t, "/no-such-form", {}, { cookie: form.cookie, headers: html });
    expect(missing.status).toBe(403);
    expect(missing.headers.get("content-type")).toMatch(/^text\/html/);
    expect(missing.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const wrong = await postForm(t, "/no-such-form", { _csrf: "x".repeat(43) }, { cookie: form.cookie, headers: html });
    expect(wrong.status).toBe(403);
    const right = await postForm(t, "/no-such-form", {}, { cookie: form.cookie, token: form.token, headers: html });
    expect(right.status).toBe(404);
    const header = await t.app.request("/no-such-form", {
      method: "POST",
      headers: { ...html, cookie: form.cookie, "x-csrf-token": form.token },
    });
    expect(header.status).toBe(404);
  });

  it("another browser's token does not work", async () => {
    const mine = await openForm(t, "/", await signIn(t, DEMO_USERS.anar), html);
    const theirs = await openForm(t, "/", await signIn(t, DEMO_USERS.anar), html);
    expect(mine.token).not.toBe(theirs.token);
    const res = await postForm(t, "/no-such-form", {}, { cookie: mine.cookie, token: theirs.token, headers: html });
    expect(res.status).toBe(403);
  });

  it("the token is in the page's forms and its meta tag", async () => {
    const page = await (await t.app.request("/", { headers: { cookie: await signIn(t, DEMO_USERS.agent) } })).text();
    expect(formToken(page)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(page).toContain(`<meta name="csrf-token" content="${formToken(page)}"`);
  });
});

const email = "anar@patients.caravan.example";

// The clock stands still, so ids made in one test do not sort: the new row is the one not seen before.
async function codeFor(): Promise<{ code: string; link: string }> {
  const seen = new Set((await t.deps.db.selectFrom("notifications").select("id").execute()).map((r) => r.id));
  await requestSignIn({ ctx: visitorCtx(), input: { email, language: "en", linkBase: "http://x/sign-in/link/" } });
  const rows = await t.deps.db.selectFrom("notifications").selectAll().where("kind", "=", "sign_in_code").execute();
  const fresh = rows.filter((r) => !seen.has(r.id));
  expect(fresh).toHaveLength(1);
  const payload = JSON.parse(fresh[0]!.payload);
  return JSON.parse(await t.deps.cipher.decrypt(payload.sealed, payload.signInId));
}

describe("sign-in codes: by email, hashed", () => {
  it("the code and the link are stored hashed: neither is anywhere in the database in clear", async () => {
    const { code, link } = await codeFor();
    const linkToken = link.split("/").pop()!;
    const codes = JSON.stringify(await t.deps.db.selectFrom("sign_in_codes").selectAll().execute());
    const outbox = JSON.stringify(await t.deps.db.selectFrom("notifications").selectAll().execute());
    expect(codes).not.toContain(linkToken);
    expect(outbox).not.toContain(linkToken);
    expect(codes).not.toMatch(new RegExp(`"${code}"`));
    expect(outbox).not.toMatch(new RegExp(`\\b${code}\\b`));
  });

  it.each(["en", "ru", "zh", "kk"])(
    "the email (%s) carries the code and the link, opened only by the dispatcher",
    async (lang) => {
      const seen = new Set((await t.deps.db.selectFrom("notifications").select("id").execute()).map((r) => r.id));
      await requestSignIn({ ctx: visitorCtx(), input: { email, language: lang, linkBase: "http://x/sign-in/link/" } });
      const mailer = new MemoryMailer();
      const base = { db: t.deps.db, clock: t.clock, logger: t.logger, mailer, templates: fileTemplates() };
      await dispatchDue({ ...base, mailFrom: "Caravan <no-reply@caravan.example>", cipher: t.deps.cipher });
      const fresh = (await t.deps.db.selectFrom("notifications").selectAll().execute()).filter((r) => !seen.has(r.id));
      expect(fresh.map((r) => r.status)).toEqual(["sent"]);
      const payload = JSON.parse(fresh[0]!.payload);
      const { code, link } = JSON.parse(await t.deps.cipher.decrypt(payload.sealed, payload.signInId));
      const mail = mailer.sent.find((m) => m.messageId === messageIdFor(fresh[0]!.id))!;
      expect(mail.subject).toContain(code);
      expect(mail.text).toContain(link);
      expect(mail.html).toContain(`href="${link}"`);
      t.clock.advance(60 * 60_000);
    },
  );
});

describe("sign-in codes: single use, expiry, tries and requests", () => {
  it("a code works once", async () => {
    const { code } = await codeFor();
    const ok = await completeSignIn({ ctx: visitorCtx(), input: { proof: { email, code } } });
    expect(ok.userId).toBe(DEMO_USERS.anar);
    expect((await sessionActor({ ctx: visitorCtx(), input: { token: ok.token } }))?.actor.userId).toBe(DEMO_USERS.anar);
    await expect(completeSignIn({ ctx: visitorCtx(), input: { proof: { email, code } } })).rejects.toMatchObject({
      code: "validation",
      errors: [{ path: "body.code" }],
    });
  });

  it("a link works once", async () => {
    const { link } = await codeFor();
    const linkToken = link.split("/").pop()!;
    expect((await completeSignIn({ ctx: visitorCtx(), input: { proof: { linkToken } } })).userId).toBe(DEMO_USERS.anar);
    await expect(completeSignIn({ ctx: visitorCtx(), input: { proof: { linkToken } } })).rejects.toMatchObject({
      errors: [{ path: "param.token" }],
    });
  });

  it("a code expires after 15 minutes (the deps' clock)", async () => {
    const { code, link } = await codeFor();
    t.clock.advance(15 * 60_000 + 1);
    try {
      await expect(completeSignIn({ ctx: visitorCtx(), input: { proof: { email, code } } })).rejects.toMatchObject({
        errors: [{ path: "body.code" }],
      });
      const linkToken = link.split("/").pop()!;
      await expect(completeSignIn({ ctx: visitorCtx(), input: { proof: { linkToken } } })).rejects.toMatchObject({
        errors: [{ path: "param.token" }],
      });
    } finally {
      t.clock.advance(60 * 60_000);
    }
  });

  it("a code stops working after 5 wrong tries", async () => {
    const { code } = await codeFor();
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) {
      await expect(
        completeSignIn({ ctx: visitorCtx(), input: { proof: { email, code: wrong } } }),
      ).rejects.toMatchObject({ code: "validation" });
    }
    await expect(completeSignIn({ ctx: visitorCtx(), input: { proof: { email, code } } })).rejects.toMatchObject({
      errors: [{ path: "body.code" }],
    });
    t.clock.advance(60 * 60_000);
  });

  it("at most 5 codes per address per 15 minutes; an unknown address gets no email and the same answer", async () => {
    for (let i = 0; i < 5; i++) await codeFor();
    await expect(codeFor()).rejects.toMatchObject({
      code: "too_many_sign_in_requests",
      errors: [{ path: "body.email" }],
    });
    const before = await t.deps.db.selectFrom("notifications").select("id").execute();
    const r = await requestSignIn({
      ctx: visitorCtx(),
      input: { email: "nobody@example.com", language: "en", linkBase: "http://x/" },
    });
    expect(r.expiresAt).toBeTruthy();
    expect((await t.deps.db.selectFrom("notifications").select("id").execute()).length).toBe(before.length);
    t.clock.advance(60 * 60_000);
  });
});
