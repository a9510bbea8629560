import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("the web app beside the API", () => {
  it("serves the home page as HTML in the visitor's language", async () => {
    const en = await t.app.request("/");
    expect(en.status).toBe(200);
    expect(en.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await en.text()).toMatch(/<html lang="en">/);
    const ru = await t.app.request("/", { headers: { "accept-language": "ru-RU,ru;q=0.9" } });
    expect(await ru.text()).toMatch(/<html lang="ru">[\s\S]*Найти лечение/);
  });

  it("answers an unknown page with its own 404 page, and the API still with problem+json", async () => {
    const page = await t.app.request("/no-such-page");
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const api = await t.app.request("/v1/no-such-thing");
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });
});
