import { Hono } from "hono";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/services/context";
import { MyCare } from "../../src/web/care/my-care";
import type { WebEnv, WebRequest } from "../../src/web/env";
import { formatters } from "../../src/web/i18n/format";
import { type Locale, translator } from "../../src/web/i18n/index";
import { T } from "../helpers/tokens";
import { signIn } from "./helpers";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const patient = (name: string): Actor => ({
  userId: `usr_demo_${name}`,
  role: "patient",
  displayName: name,
  agencyId: null,
  hospitalId: null,
  patientId: `pat_demo_${name}`,
});

/** The section as the /me page renders it, for this actor in this language. */
async function render(actor: Actor, locale: Locale) {
  const page = new Hono<WebEnv>();
  page.get("/", async (c) => {
    c.set("deps", t.deps);
    c.set("actor", actor);
    const web: WebRequest = {
      locale,
      t: translator(locale),
      fmt: formatters(locale),
      csrfToken: "",
      session: null,
      asset: (n) => `/assets/${n}`,
      formActions: [],
    };
    c.set("web", web);
    return c.html(String((await MyCare({ c })) ?? ""));
  });
  return (await page.request("/")).text();
}

describe("the care part of /me", () => {
  it.each([
    ["en", "Your consultations", "Requested", "Open"],
    ["ru", "Ваши консультации", "Запрошена", "Действует"],
  ] as const)("lists the patient's own consultations and quotes in %s", async (locale, title, requested, open) => {
    const con = (await (
      await t.call("POST", "/v1/consultations", {
        token: T.anar,
        body: { hospitalId: "hsp_xjph", department: "cardiac_surgery", mode: "video", complaint: "x", language: "ru" },
      })
    ).json()) as { id: string };
    const quote = (await (
      await t.call("POST", "/v1/quotes", {
        token: T.anar,
        body: { hospitalId: "hsp_xjph", serviceDate: "2026-12-10", items: [{ code: "CARD-CABG", quantity: 1 }] },
      })
    ).json()) as { id: string };
    const html = await render(patient("anar"), locale);
    expect(html).toContain(title);
    expect(html).toContain(`href="/consultations/${con.id}"`);
    expect(html).toContain(`href="/quotes/${quote.id}"`);
    expect(html).toContain(requested);
    expect(html).toContain(open);
    const other = await render(patient("alexander"), locale);
    expect(other).not.toContain(con.id);
    expect(other).not.toContain(quote.id);
  });

  it("is a section of /me for a patient, and absent for hospital billing", async () => {
    const html = await (await t.app.request("/me", { headers: { cookie: await signIn(t, "usr_demo_anar") } })).text();
    expect(html).toContain('id="my-care-consultations"');
    expect(html).toMatch(/href="\/consultations\/con_/);
    const billing = await t.app.request("/me", { headers: { cookie: await signIn(t, "usr_demo_billing_xjph") } });
    expect(billing.status).toBe(200);
    expect(await billing.text()).not.toContain('id="my-care-consultations"');
  });
});
