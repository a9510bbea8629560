/**
 * Uploads over the app's body limit (BODY_LIMIT_BYTES; 64 KiB in tests) on the console's upload forms: the form
 * again, 413, the localized message beside the file field; other web POSTs get a 413 page; the API keeps its JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TariffVersionListSchema } from "../../src/routes/tariffs/schemas";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { DEMO_USERS, openForm, signIn } from "./helpers";

const H = "hsp_xjph";
const LIMIT = 64 * 1024;
let t: TestApp;
const as: Record<string, { cookie: string; token: string }> = {};

beforeAll(async () => {
  t = await createTestApp({ bodyLimitBytes: LIMIT });
  for (const [k, id] of Object.entries({ billing: DEMO_USERS.billing, patient: DEMO_USERS.anar })) {
    const o = await openForm(t, "/verify", await signIn(t, id));
    as[k] = { cookie: o.cookie, token: o.token };
  }
});
afterAll(() => t.close());

/** A multipart form with the CSRF token first and a file of `bytes`, sent with its Content-Length as a browser does. */
async function postFile(path: string, who: string, bytes: number, lang = "en") {
  const form = new FormData();
  form.append("_csrf", as[who]!.token);
  form.append("effectiveFrom", "2026-12-01");
  form.append("file", new File([`code\n${"x".repeat(bytes)}`], "big.csv", { type: "text/csv" }));
  const encoded = new Response(form);
  const body = await encoded.arrayBuffer();
  return t.app.request(path, {
    method: "POST",
    headers: {
      cookie: `${as[who]!.cookie}; caravan_lang=${lang}`,
      "content-type": encoded.headers.get("content-type")!,
      "content-length": String(body.byteLength),
    },
    body,
  });
}

const versions = async () =>
  TariffVersionListSchema.parse(await (await t.call("GET", `/v1/hospitals/${H}/tariffs`)).json()).data.length;

const MESSAGE = {
  en: "The upload is larger than 64 KB",
  ru: "Загрузка больше 64 КБ",
  zh: "上传内容超过 64 KB",
  kk: "Жүктеу 64 КБ-тан үлкен",
} as const;

describe.each([`/hospital/${H}/tariffs/new`, `/hospital/${H}/invoice-check`])("%s over the limit", (path) => {
  it.each(Object.entries(MESSAGE))(
    "answers the form again, 413, the message beside the file field (%s)",
    async (lang, text) => {
      const before = await versions();
      const res = await postFile(path, "billing", LIMIT + 10, lang);
      expect(res.status).toBe(413);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      const html = await res.text();
      const beside = /<p class="error-message" id="([^"]+)-error">([^<]*)<\/p>\s*<input[^>]*name="file"/.exec(html);
      expect(beside?.[2]).toContain(text);
      expect(html).toMatch(/<input[^>]*name="file"[^>]*aria-invalid="true"/);
      expect(await versions()).toBe(before);
    },
  );

  it("a file under the limit is read as before (not 413)", async () => {
    const res = await postFile(path, "billing", 100);
    expect(res.status).not.toBe(413);
    expect(await res.text()).not.toContain(MESSAGE.en);
  });

  it("still refuses a role the form is not for (403), saying nothing of the file", async () => {
    const res = await postFile(path, "patient", LIMIT + 10);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(MESSAGE.en);
  });
});

describe("elsewhere over the limit", () => {
  it("another web POST answers a 413 page in the user's language", async () => {
    const res = await postFile(`/hospital/${H}/tariffs/publish`, "billing", LIMIT + 10, "ru");
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toContain(MESSAGE.ru);
  });

  it("the API keeps its 413 problem JSON", async () => {
    const body = `code\n${"x".repeat(LIMIT + 10)}`;
    const res = await t.call("POST", `/v1/hospitals/${H}/tariffs/validate?effectiveFrom=2026-12-01`, {
      token: T.billing,
      rawBody: body,
      headers: { "Content-Type": "text/csv", "Content-Length": String(body.length) },
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { code: string }).code).toBe("payload_too_large");
  });
});
