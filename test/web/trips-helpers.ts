import { expect } from "vitest";
import { findTokenOwner } from "../../src/data/access-repo";
import { hashToken } from "../../src/ports/crypto";
import { demoComponents, lowTourDeparture, ok, quotedCabg } from "../helpers/itinerary-fixtures";
import type { TestApp } from "../helpers/test-app";
import { formToken, signIn } from "./helpers";

/**
 * A browser on the web app: signed in as the owner of an API token (a session, as after the
 * sign-in pages), posting forms with the session's CSRF token.
 */
export function pagesAs(t: TestApp) {
  let cookie = "";
  let csrf = "";
  /** Pages in English unless a test asks for another language (the visitor's choice beats the account's). */
  const request = (path: string, init: RequestInit = {}, lang = "en") =>
    t.app.request(path, {
      ...init,
      headers: { accept: "text/html", cookie: `${cookie ? `${cookie}; ` : ""}caravan_lang=${lang}`, ...init.headers },
    });
  return {
    async signIn(token: string | null) {
      cookie = "";
      csrf = "";
      if (!token) return;
      const owner = await findTokenOwner(t.deps.db, hashToken(token));
      cookie = await signIn(t, owner!.userId);
      csrf = formToken(await (await request("/trips")).text());
    },
    get: (path: string, lang = "en") => request(path, {}, lang),
    post: (path: string, fields: Record<string, string>) =>
      request(path, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      }),
  };
}

let seq = 0;

/** A self-signed-up patient (no agency: may change a held trip) with the cardiac quote. */
export async function patientWithQuote(t: TestApp) {
  const signUp = await ok(
    await t.call("POST", "/v1/patients", {
      body: {
        fullName: "Aigerim Nurlanovna",
        email: `aigerim.${process.pid}.${++seq}@example.kz`,
        nationality: "KZ",
        homeCity: "Almaty",
        language: "ru",
        languages: ["kk", "ru"],
        currency: "KZT",
        passportNumber: "N87654321",
      },
    }),
    201,
  );
  return quotedCabg(t, signUp.token as string);
}

/** A draft built through the API with the demo journey (no timeline errors), ready to hold. */
export async function completeDraft(t: TestApp, token: string, quoteId: string, consultationId: string, slot: number) {
  const components = demoComponents(consultationId, slot);
  (components[7] as { departureId: string }).departureId = await lowTourDeparture(t, "2026-12-20");
  const itn = await ok(
    await t.call("POST", "/v1/itineraries", {
      token,
      body: {
        quoteId,
        travelers: [
          { fullName: "Aigerim Nurlanovna", role: "patient" },
          { fullName: "Daulet Nurlanov", role: "companion" },
        ],
        components,
      },
    }),
    201,
  );
  expect(itn.issues.filter((i: { severity: string }) => i.severity === "error")).toEqual([]);
  return itn as { id: string; version: number; components: { id: string; type: string }[] };
}

/** The hidden fields of each form posting to `action` in a page (the offers a search found). */
export function formsTo(html: string, action: string): Record<string, string>[] {
  const forms = html.match(/<form method="post" action="([^"]*)"[^>]*>[\s\S]*?<\/form>/g) ?? [];
  return forms
    .filter((f) => f.includes(`action="${action}"`))
    .map((f) =>
      Object.fromEntries(
        Array.from(f.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g), (m) => [
          m[1]!,
          m[2]!
            .replace(/&amp;/g, "&")
            .replace(/&quot;/g, '"')
            .replace(/&#39;/g, "'"),
        ]),
      ),
    );
}
