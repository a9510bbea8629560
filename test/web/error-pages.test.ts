import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { DEMO_USERS, signIn } from "./helpers";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/**
 * The agent may not ask for a patient's consultation on the web: the service refuses (ForbiddenError).
 * The page's language is the switcher's cookie, which wins over the agent's own (Russian).
 */
async function refusal(lang: string) {
  const cookie = await signIn(t, DEMO_USERS.agent);
  return t.app.request("/consultations/new?hospital=hsp_xjph", {
    headers: { cookie: `${cookie}; caravan_lang=${lang}`, accept: "text/html" },
  });
}

describe.each([
  ["en", "Your account may not do this here."],
  ["ru", "Вашей учётной записи это здесь недоступно."],
  ["zh", "您的账户无权在此执行该操作。"],
  ["kk", "Сіздің есептік жазбаңыз мұнда мұны істей алмайды."],
])("a refusal no page handles itself, in %s", (lang, explanation) => {
  it("is a plain error page explaining in the language, the service's reason kept (marked English)", async () => {
    const res = await refusal(lang);
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(explanation);
    if (lang === "en") expect(html).not.toContain('<span lang="en">');
    else expect(html).toMatch(/<span lang="en">[^<]+<\/span>/);
  });
});
