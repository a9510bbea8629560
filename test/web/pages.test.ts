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

  it("answers a browser's unknown page with its own 404 page, a program and the API with problem+json", async () => {
    const page = await t.app.request("/no-such-page", { headers: { accept: "text/html,*/*;q=0.8" } });
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const program = await t.app.request("/no-such-page");
    expect(program.status).toBe(404);
    expect(program.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const api = await t.app.request("/v1/no-such-thing", { headers: { accept: "text/html" } });
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });
});
