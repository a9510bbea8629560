import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Field, type FieldProps } from "../../src/web/ui/form";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { openForm, postForm } from "./helpers";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const html = { accept: "text/html" };
const render = (p: FieldProps) => String(Field(p));

describe("Field: one labelled control with its hint and error, an input or a choice", () => {
  const options = [
    { value: "KZT", label: "KZT" },
    { value: "RUB", label: "RUB" },
  ];
  it.each([
    { kind: "input", props: { name: "currency", label: "Currency", value: "RUB" }, control: /<input id="f-currency"/ },
    {
      kind: "select",
      props: { name: "currency", label: "Currency", value: "RUB", options },
      control: /<select id="f-currency"/,
    },
  ])("$kind: label, hint and error tied to the control by id", ({ props, control }) => {
    const out = render({ ...props, hint: "Three letters", error: "Choose a currency" });
    expect(out).toMatch(control);
    expect(out).toContain('<label for="f-currency">Currency</label>');
    expect(out).toContain('<p class="hint" id="f-currency-hint">Three letters</p>');
    expect(out).toContain('<p class="error-message" id="f-currency-error">Choose a currency</p>');
    expect(out).toContain('aria-describedby="f-currency-hint f-currency-error"');
    expect(out).toContain('aria-invalid="true"');
    expect(out).toContain('class="field field-error"');
  });

  it("a choice keeps the value given as chosen, and only that one", () => {
    const out = render({ name: "currency", label: "Currency", value: "RUB", options });
    expect(out).toMatch(/<option value="RUB" selected="">RUB<\/option>/);
    expect(out).toMatch(/<option value="KZT">KZT<\/option>/);
    expect(out).not.toContain("<input");
    expect(out).not.toContain("aria-invalid");
  });
});

describe("sign-up: its choices are Field's, each error beside its select", () => {
  it("a bad language and currency re-show both selects with their messages, the values kept", async () => {
    const form = await openForm(t, "/sign-up", "", html);
    const res = await postForm(
      t,
      "/sign-up",
      {
        fullName: "Dana",
        email: "dana.field@example.kz",
        nationality: "KZ",
        homeCity: "Almaty",
        language: "x!",
        currency: "XXX",
      },
      { cookie: form.cookie, token: form.token, headers: html },
    );
    expect(res.status).toBe(400);
    const page = await res.text();
    for (const name of ["language", "currency"]) {
      expect(page).toMatch(new RegExp(`<select id="f-${name}" name="${name}"[^>]*aria-invalid="true"`));
      expect(page).toMatch(new RegExp(`<p class="error-message" id="f-${name}-error">[^<]+</p>`));
      expect(page).toContain(`<a href="#f-${name}">`);
    }
    expect(page).toContain('aria-describedby="f-currency-hint f-currency-error"');
  });
});
