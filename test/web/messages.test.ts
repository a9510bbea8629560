import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTrip, ok, outsiders, PARTICIPANT_KINDS, PARTICIPANTS } from "../helpers/messages-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { pagesAs } from "./trips-helpers";

let t: TestApp;
let others: Awaited<ReturnType<typeof outsiders>>;

beforeAll(async () => {
  t = await createTestApp();
  others = await outsiders(t);
});
afterAll(() => t.close());

const apiPost = (id: string, token: string, body: string) =>
  t.call("POST", `/v1/itineraries/${id}/messages`, { token, body: { body } });

describe.each(PARTICIPANT_KINDS)("the conversation page as a participant (%s)", (kind) => {
  it("shows the conversation and the form; a post redirects back and shows the text with name and zone", async () => {
    const id = await newTrip(t);
    const web = pagesAs(t);
    await web.signIn(PARTICIPANTS[kind].token);
    const page = await web.get(`/trips/${id}/messages`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("No messages yet");
    expect(html).toContain(`action="/trips/${id}/messages"`);
    const res = await web.post(`/trips/${id}/messages`, { body: `Line one from ${kind}\nLine two` });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/trips/${id}/messages?posted=1`);
    const after = await (await web.get(`/trips/${id}/messages?posted=1`)).text();
    expect(after).toContain("Your message has been sent");
    expect(after).toContain(`Line one from ${kind}<br/>Line two`);
    expect(after).toMatch(/<time datetime="2026-11-22T10:00:00.000Z">[^<]*Shanghai/);
    const list = await ok(await t.call("GET", `/v1/itineraries/${id}/messages`, { token: T.admin }));
    expect(list.data[0].author.role).toBe(kind);
  });
});

describe("text typed by a person", () => {
  it("is shown as text: a <script> stays literal, in the conversation and in a re-shown form", async () => {
    const id = await newTrip(t);
    const xss = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
    await ok(await apiPost(id, T.agent, xss), 201);
    const web = pagesAs(t);
    await web.signIn(T.alexander);
    const html = await (await web.get(`/trips/${id}/messages`)).text();
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    const again = await web.post(`/trips/${id}/messages`, { body: xss, "attachments.0.name": "<b>x</b>" });
    expect(again.status).toBe(400);
    const form = await again.text();
    expect(form).not.toContain("<b>x</b>");
    expect(form).toContain("&lt;b&gt;x&lt;/b&gt;");
  });
});

describe("bad input re-shows the form with the message beside the field and the values kept", () => {
  const big = String(25 * 1024 * 1024 + 1);
  it.each([
    ["an empty message", { body: "  " }, "f-body-error", "Write a message before sending it"],
    ["4001 characters", { body: "x".repeat(4001) }, "f-body-error", "at most 4000 characters"],
    [
      "a file with no type",
      { body: "see the file", "attachments.0.name": "scan.pdf", "attachments.0.sizeBytes": "100" },
      "f-attachments-0-mediaType-error",
      "leave all three empty",
    ],
    [
      "a file of 25 MiB + 1 byte",
      {
        body: "see the file",
        "attachments.0.name": "scan.pdf",
        "attachments.0.mediaType": "application/pdf",
        "attachments.0.sizeBytes": big,
      },
      "f-attachments-0-sizeBytes-error",
      "at most 25 MiB",
    ],
    [
      "a bad file type",
      {
        body: "see the file",
        "attachments.0.name": "scan.pdf",
        "attachments.0.mediaType": "pdf",
        "attachments.0.sizeBytes": "100",
      },
      "f-attachments-0-mediaType-error",
      "application/pdf",
    ],
  ])("%s", async (_, fields, errorId, text) => {
    const id = await newTrip(t);
    const web = pagesAs(t);
    await web.signIn(T.alexander);
    const res = await web.post(`/trips/${id}/messages`, fields as Record<string, string>);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('class="error-summary"');
    const beside = new RegExp(`id="${errorId}">([^<]*)<`).exec(html);
    expect(beside?.[1]).toContain(text);
    if (fields.body.trim()) expect(html).toContain(`${fields.body.slice(0, 50)}`);
    if ("attachments.0.name" in fields) expect(html).toContain('value="scan.pdf"');
    expect((await ok(await t.call("GET", `/v1/itineraries/${id}/messages`, { token: T.admin }))).data).toEqual([]);
  });

  it("in Russian too", async () => {
    const id = await newTrip(t);
    const web = pagesAs(t);
    await web.signIn(T.alexander);
    const res = await web.post(`/trips/${id}/messages`, { body: "" }, "ru");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Напишите сообщение перед отправкой");
  });
});

describe("who may open the page", () => {
  it.each([
    "patient of another agency",
    "agent of another agency",
    "clinician of another hospital",
    "billing of another hospital",
    "patient without an agency",
  ] as const)("%s: 404 on the page and on posting", async (who) => {
    const id = await newTrip(t);
    const web = pagesAs(t);
    await web.signIn(others[who]);
    expect((await web.get(`/trips/${id}/messages`)).status).toBe(404);
    expect((await web.post(`/trips/${id}/messages`, { body: "let me in" })).status).toBe(404);
    expect((await ok(await t.call("GET", `/v1/itineraries/${id}/messages`, { token: T.admin }))).data).toEqual([]);
  });

  it("a cursor the page did not give leads back to the newest messages; a real one to older ones", async () => {
    const id = await newTrip(t);
    const web = pagesAs(t);
    await web.signIn(T.alexander);
    const bad = await web.get(`/trips/${id}/messages?cursor=forged`);
    expect(bad.status).toBe(303);
    expect(bad.headers.get("location")).toBe(`/trips/${id}/messages`);
    for (let i = 1; i <= 51; i++) await ok(await apiPost(id, T.agent, `note ${i}`), 201);
    const newest = await (await web.get(`/trips/${id}/messages`)).text();
    expect(newest).toContain("note 51");
    expect(newest).not.toContain("note 1<");
    const older = /href="(\/trips\/[^"]+\?cursor=[^"]+)">Older messages/.exec(newest)?.[1];
    expect(older).toBeDefined();
    const first = await (await web.get(older!.replace(/&amp;/g, "&"))).text();
    expect(first).toContain("note 1<");
    expect(first).not.toContain("note 2<");
    expect(first).toContain("Newest messages");
  });

  it("a visitor is sent to sign in", async () => {
    const id = await newTrip(t);
    const res = await t.app.request(`/trips/${id}/messages`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("/sign-in?next=");
  });
});

describe("unread counts on the trip page and /me; opening the conversation reads it", () => {
  it("count the others' messages until the page is opened", async () => {
    const id = await newTrip(t);
    await ok(await apiPost(id, T.agent, "Your visa letter is ready."), 201);
    await ok(await apiPost(id, T.clinician, "Please fast from midnight."), 201);
    const web = pagesAs(t);
    await web.signIn(T.alexander);
    expect(await (await web.get(`/trips/${id}`)).text()).toContain("Messages (2 unread)");
    expect(await (await web.get("/me")).text()).toContain(`Trip ${id}: 2 unread`);
    const page = await (await web.get(`/trips/${id}/messages`)).text();
    expect(page).toContain("Please fast from midnight.");
    expect(page).toContain("Clinician");
    expect(await (await web.get(`/trips/${id}`)).text()).toContain("Messages (0 unread)");
    expect(await (await web.get("/me")).text()).not.toContain(`Trip ${id}:`);
    // The agent has not opened it: the patient's reading is theirs alone.
    const agent = pagesAs(t);
    await agent.signIn(T.agent);
    expect(await (await agent.get(`/trips/${id}`)).text()).toContain("Messages (1 unread)");
  });
});
