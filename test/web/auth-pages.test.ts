import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { DEMO_USERS, openForm, postForm, signIn, withCookies } from "./helpers";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const html = { accept: "text/html" };
let seq = 0;

/** The sealed code and link of the newest sign-in email for an address. */
async function lastEmail(before: Set<string>): Promise<{ code: string; link: string }> {
  const rows = await t.deps.db.selectFrom("notifications").selectAll().where("kind", "=", "sign_in_code").execute();
  const row = rows.find((r) => !before.has(r.id))!;
  const p = JSON.parse(row.payload);
  return JSON.parse(await t.deps.cipher.decrypt(p.sealed, p.signInId));
}
const outboxIds = async () =>
  new Set((await t.deps.db.selectFrom("notifications").select("id").execute()).map((r) => r.id));

describe("sign-up page", () => {
  it("signs a patient up and in at once: 303 to /me with a session cookie (HttpOnly, SameSite=Lax)", async () => {
    const form = await openForm(t, "/sign-up", "", html);
    const email = `dana.${++seq}@example.kz`;
    const res = await postForm(
      t,
      "/sign-up",
      { fullName: "Dana Bekova", email, nationality: "KZ", homeCity: "Almaty", language: "ru", currency: "KZT" },
      { cookie: form.cookie, token: form.token, headers: html },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/me");
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("caravan_session="))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    const me = await t.app.request("/me", { headers: { ...html, cookie: withCookies(form.cookie, res) } });
    expect(me.status).toBe(200);
    expect(await me.text()).toContain("Dana Bekova");
    // The bearer token the API verb issued was never shown, so it is revoked.
    const user = await t.deps.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    const tokens = await t.deps.db.selectFrom("api_tokens").selectAll().where("user_id", "=", user.id).execute();
    expect(tokens.every((r) => r.revoked_at !== null)).toBe(true);
  });

  it("sets Secure on the cookie behind HTTPS", async () => {
    const https = { ...html, "x-forwarded-proto": "https" };
    const form = await openForm(t, "/sign-up", "", https);
    const res = await postForm(
      t,
      "/sign-up",
      {
        fullName: "Timur S",
        email: `timur.${++seq}@example.kz`,
        nationality: "KZ",
        homeCity: "Astana",
        language: "kk",
        currency: "KZT",
      },
      { cookie: form.cookie, token: form.token, headers: https },
    );
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().find((c) => c.startsWith("caravan_session="))).toMatch(/; Secure/);
  });
});

describe("sign-up page: refusals beside the fields", () => {
  it.each([
    ["en", "Enter your full name", "Enter the country as two letters", "Use 5 to 20 letters and digits"],
    ["ru", "Введите полное имя", "Введите страну двумя буквами", "Используйте от 5 до 20 букв и цифр"],
  ])(
    "re-shows the form in %s with each message beside its field and the values kept",
    async (lang, name, nat, pass) => {
      const headers = { ...html, "accept-language": lang };
      const form = await openForm(t, "/sign-up", "", headers);
      const res = await postForm(
        t,
        "/sign-up",
        { fullName: "", email: "kept@example.kz", nationality: "KAZ", homeCity: "Almaty", passportNumber: "x" },
        { cookie: form.cookie, token: form.token, headers },
      );
      expect(res.status).toBe(400);
      const page = await res.text();
      expect(page).toContain(`<html lang="${lang}">`);
      expect(page).toMatch(new RegExp(`id="f-fullName-error">${name}`));
      expect(page).toMatch(new RegExp(`id="f-nationality-error">${nat}`));
      expect(page).toMatch(new RegExp(`id="f-passportNumber-error">${pass}`));
      expect(page).toMatch(/class="error-summary"[\s\S]*href="#f-fullName"/);
      expect(page).toContain('value="kept@example.kz"');
      expect(page).not.toContain('id="f-homeCity-error"');
    },
  );

  it("an email already signed up is refused beside the email field", async () => {
    const form = await openForm(t, "/sign-up", "", html);
    const res = await postForm(
      t,
      "/sign-up",
      {
        fullName: "Anar again",
        email: "anar@patients.caravan.example",
        nationality: "KZ",
        homeCity: "Almaty",
        language: "en",
        currency: "KZT",
      },
      { cookie: form.cookie, token: form.token, headers: html },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/id="f-email-error">An account with this email already exists/);
  });
});

describe("sign-in pages: email → code or link → session", () => {
  const email = "alexander@patients.caravan.example";

  it("by code: the code page, then /me; the code works once", async () => {
    const form = await openForm(t, "/sign-in", "", html);
    const before = await outboxIds();
    const asked = await postForm(t, "/sign-in", { email }, { cookie: form.cookie, token: form.token, headers: html });
    expect(asked.status).toBe(303);
    expect(asked.headers.get("location")).toMatch(/^\/sign-in\/code\?email=/);
    const { code } = await lastEmail(before);
    const codePage = await openForm(t, asked.headers.get("location")!, form.cookie, html);
    const done = await postForm(
      t,
      "/sign-in/code",
      { email, code },
      { cookie: codePage.cookie, token: codePage.token },
    );
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/me");
    const again = await postForm(
      t,
      "/sign-in/code",
      { email, code },
      { cookie: codePage.cookie, token: codePage.token },
    );
    expect(again.status).toBe(400);
    expect(await again.text()).toMatch(/id="f-code-error">The code is wrong or has expired/);
  });

  it("by link: the link page asks for a press (mail scanners), then signs in once", async () => {
    const form = await openForm(t, "/sign-in", "", html);
    const before = await outboxIds();
    await postForm(t, "/sign-in", { email }, { cookie: form.cookie, token: form.token, headers: html });
    const { link } = await lastEmail(before);
    const path = new URL(link).pathname;
    const page = await openForm(t, path, form.cookie, html);
    expect(page.res.status).toBe(200);
    const done = await postForm(t, path, {}, { cookie: page.cookie, token: page.token, headers: html });
    expect(done.status).toBe(303);
    expect(done.headers.getSetCookie().join()).toMatch(/caravan_session=cvn_/);
    const again = await postForm(t, path, {}, { cookie: page.cookie, token: page.token, headers: html });
    expect(again.status).toBe(400);
  });

  it("rotates the session at sign-in: the old cookie's session ends", async () => {
    const old = await signIn(t, DEMO_USERS.alexander);
    const form = await openForm(t, "/sign-in/code", old, html);
    const before = await outboxIds();
    await postForm(t, "/sign-in", { email }, { cookie: form.cookie, token: form.token, headers: html });
    const { code } = await lastEmail(before);
    const done = await postForm(t, "/sign-in/code", { email, code }, { cookie: form.cookie, token: form.token });
    const fresh = withCookies(form.cookie, done);
    expect(fresh).not.toBe(form.cookie);
    expect(await (await t.app.request("/me", { headers: { ...html, cookie: old } })).status).toBe(303);
    expect(await (await t.app.request("/me", { headers: { ...html, cookie: fresh } })).status).toBe(200);
  });

  it("an unknown address sees the same code page and gets no email", async () => {
    const form = await openForm(t, "/sign-in", "", html);
    const before = await outboxIds();
    const res = await postForm(
      t,
      "/sign-in",
      { email: "nobody@example.com" },
      { cookie: form.cookie, token: form.token },
    );
    expect(res.status).toBe(303);
    expect((await outboxIds()).size).toBe(before.size);
  });
});

describe("demo sign-in: only on the embedded default with demo data", () => {
  it("is absent when the deployment does not allow it", async () => {
    const page = await (await t.app.request("/sign-in", { headers: html })).text();
    expect(page).not.toContain('action="/sign-in/demo"');
    const form = await openForm(t, "/sign-in", "", html);
    const res = await postForm(
      t,
      "/sign-in/demo",
      { userId: DEMO_USERS.anar },
      { cookie: form.cookie, token: form.token, headers: html },
    );
    expect(res.status).toBe(404);
  });

  it("is absent without the demo data even when allowed", async () => {
    const bare = await createTestApp({ seed: false });
    try {
      const app = createApp({ ...bare.deps, config: { ...bare.deps.config, demoSignIn: true } });
      expect(await (await app.request("/sign-in", { headers: html })).text()).not.toContain("/sign-in/demo");
    } finally {
      await bare.close();
    }
  });

  it.each(Object.entries(DEMO_USERS))("signs in as %s with one click when allowed", async (_name, userId) => {
    const demo = { app: createApp({ ...t.deps, config: { ...t.deps.config, demoSignIn: true } }), deps: t.deps };
    const form = await openForm(demo, "/sign-in", "", html);
    expect(form.html).toContain(`value="${userId}"`);
    const res = await postForm(
      demo,
      "/sign-in/demo",
      { userId },
      { cookie: form.cookie, token: form.token, headers: html },
    );
    expect(res.status).toBe(303);
    const me = await demo.app.request("/me", { headers: { ...html, cookie: withCookies(form.cookie, res) } });
    expect(me.status).toBe(200);
  });
});

describe("sign-out and the account page", () => {
  it("sign-out ends this session only", async () => {
    const a = await openForm(t, "/me", await signIn(t, DEMO_USERS.anar), html);
    const b = await signIn(t, DEMO_USERS.anar);
    const out = await postForm(t, "/sign-out", {}, { cookie: a.cookie, token: a.token, headers: html });
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie().join()).toMatch(/caravan_session=;/);
    expect((await t.app.request("/me", { headers: { ...html, cookie: a.cookie } })).status).toBe(303);
    expect((await t.app.request("/me", { headers: { ...html, cookie: b } })).status).toBe(200);
  });

  it("'sign out everywhere' ends every session of the person, not others'", async () => {
    const here = await openForm(t, "/me/account", await signIn(t, DEMO_USERS.anar), html);
    const elsewhere = await signIn(t, DEMO_USERS.anar);
    const someoneElse = await signIn(t, DEMO_USERS.alexander);
    const res = await postForm(t, "/me/account/sign-out-everywhere", {}, { cookie: here.cookie, token: here.token });
    expect(res.status).toBe(303);
    for (const cookie of [here.cookie, elsewhere]) {
      expect((await t.app.request("/me", { headers: { ...html, cookie } })).status).toBe(303);
    }
    expect((await t.app.request("/me", { headers: { ...html, cookie: someoneElse } })).status).toBe(200);
  });

  it("shows personal data masked as the API masks it, and saves language and currency", async () => {
    const page = await openForm(t, "/me/account", await signIn(t, DEMO_USERS.anar), html);
    expect(page.res.status).toBe(200);
    const passport = await t.deps.db
      .selectFrom("patients")
      .select("passport_number_enc")
      .where("id", "=", "pat_demo_anar")
      .executeTakeFirstOrThrow();
    const plain = passport.passport_number_enc ? await t.deps.cipher.decrypt(passport.passport_number_enc) : null;
    if (plain) expect(page.html).not.toContain(plain);
    expect(page.html).toContain("****-**-**");
    const saved = await postForm(
      t,
      "/me/account",
      { language: "zh", currency: "RUB" },
      { cookie: page.cookie, token: page.token },
    );
    expect(saved.status).toBe(303);
    const after = await t.app.request("/me/account?saved=1", { headers: { cookie: page.cookie } });
    const text = await after.text();
    expect(text).toContain('<html lang="zh">');
    expect(text).toMatch(/<option value="RUB" selected/);
    const bad = await postForm(t, "/me/account", { currency: "XXX" }, { cookie: page.cookie, token: page.token });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="f-currency-error"');
  });

  it("a visitor is sent to sign in, and comes back after", async () => {
    const res = await t.app.request("/me/account", { headers: html });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/sign-in?next=%2Fme%2Faccount");
  });

  it("the language switcher sets the cookie for a visitor and the account's language when signed in", async () => {
    const visitor = await openForm(t, "/", "", html);
    const res = await postForm(
      t,
      "/language",
      { locale: "kk", next: "/sign-in" },
      { cookie: visitor.cookie, token: visitor.token },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/sign-in");
    const kk = await t.app.request("/sign-in", { headers: { cookie: withCookies(visitor.cookie, res) } });
    expect(await kk.text()).toContain('<html lang="kk">');
    const offsite = await postForm(
      t,
      "/language",
      { locale: "ru", next: "//evil.example/" },
      { cookie: visitor.cookie, token: visitor.token },
    );
    expect(offsite.headers.get("location")).toBe("/");
  });
});

describe("security headers on the sign-in family's pages", () => {
  it.each(["/sign-in", "/sign-up", "/sign-in/code?email=a%40b.c", "/sign-in/link/x", "/me", "/me/account"])(
    "%s carries the CSP",
    async (path) => {
      const res = await t.app.request(path, { headers: { ...html, cookie: await signIn(t, DEMO_USERS.agent) } });
      expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    },
  );
});
