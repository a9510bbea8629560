import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { ASSETS_DIR, GENERATED, renderWebAssetsModule } from "../../scripts/gen-web-assets";
import { WEB_FILES } from "../../src/web/assets";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: false });
});
afterAll(() => t.close());

async function assetUrls(): Promise<string[]> {
  const html = await (await t.app.request("/")).text();
  return Array.from(html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g), (m) => m[1]!);
}

describe("web assets: hashed names, long-cached, same bytes everywhere", () => {
  it("links an icon, and /favicon.ico leads to it (no 404 in a browser's console)", async () => {
    const icon = (await assetUrls()).find((u) => /^\/assets\/icon\.[0-9a-f]{10}\.svg$/.test(u));
    expect(icon).toBeDefined();
    const res = await t.app.request("/favicon.ico", { headers: { accept: "image/*" } });
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe(icon);
  });

  it("the layout links app.css, app.js and htmx by content-hashed address", async () => {
    const urls = await assetUrls();
    expect(urls).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/assets\/app\.[0-9a-f]{10}\.css$/),
        expect.stringMatching(/^\/assets\/app\.[0-9a-f]{10}\.js$/),
        expect.stringMatching(/^\/assets\/htmx\.min\.[0-9a-f]{10}\.js$/),
      ]),
    );
  });

  it.each([
    ["app.css", /^text\/css/],
    ["app.js", /^text\/javascript/],
    ["htmx.min.js", /^text\/javascript/],
    ["icon.svg", /^image\/svg\+xml/],
  ])("serves %s immutable for a year, and 404 for a wrong hash", async (name, type) => {
    const stem = name.slice(0, name.lastIndexOf("."));
    const url = (await assetUrls()).find((u) => u.startsWith(`/assets/${stem}.`) && u.endsWith(name.slice(-3)))!;
    const res = await t.app.request(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(type);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const body = await res.text();
    if (name in WEB_FILES) expect(body).toBe(WEB_FILES[name]);
    else expect(body).toMatch(/htmx/);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)));
    const hex = Array.from(digest.slice(0, 5), (b) => b.toString(16).padStart(2, "0")).join("");
    expect(url).toContain(`.${hex}.`);
    const wrong = url.replace(/\.[0-9a-f]{10}\./, ".0000000000.");
    expect((await t.app.request(wrong)).status).toBe(404);
    expect((await t.app.request(`/assets/${name}`)).status).toBe(404);
  });
});

describe("the generated module of the web's own files", () => {
  it("is up to date with src/web/assets/ (run `npm run web:assets` after changing a file there)", () => {
    expect(readFileSync(GENERATED, "utf8")).toBe(renderWebAssetsModule());
  });

  it.each(readdirSync(ASSETS_DIR).filter((n) => /\.(css|js|svg)$/.test(n)))("serves %s as written", async (name) => {
    expect(WEB_FILES[name]).toBe(readFileSync(`${ASSETS_DIR}/${name}`, "utf8"));
  });
});

describe("security headers on every page", () => {
  it.each([
    ["the home page", "/", 200],
    ["a page nobody serves", "/no-such-page", 404],
  ])("%s carries a CSP allowing only its own origin, and the other headers", async (_label, path, status) => {
    const res = await t.app.request(path, { headers: { accept: "text/html" } });
    expect(res.status).toBe(status);
    const csp = res.headers.get("content-security-policy") ?? "";
    for (const directive of ["script-src 'self'", "style-src 'self'", "font-src 'self'", "connect-src 'self'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).toMatch(/img-src 'self'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/form-action 'self'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
  });

  it("pages carry no inline script or style", async () => {
    const html = await (await t.app.request("/")).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle="/);
  });

  it("the API's responses are untouched by the web app's headers", async () => {
    const res = await t.app.request("/health");
    expect(res.headers.get("content-security-policy")).toBeNull();
  });
});
