import type { TestApp } from "../helpers/test-app";
import { DEMO_USERS, openForm, signIn } from "./helpers";

/**
 * A browser: signed in as a demo user (or a visitor), with its cookies and CSRF token. Its
 * `request` sends the cookies, and a posted form carries the token as the page's forms do.
 */
export async function browser(t: TestApp, user: keyof typeof DEMO_USERS | null, lang?: "en" | "ru" | "zh" | "kk") {
  const signedIn = user ? await signIn(t, DEMO_USERS[user]) : "";
  const opened = await openForm(t, "/verify", signedIn);
  const { token } = opened;
  // The language switcher's cookie outranks the account's language.
  const cookie = lang ? `${opened.cookie}; caravan_lang=${lang}` : opened.cookie;
  return {
    cookie,
    request(path: string, init: RequestInit = {}) {
      const headers = new Headers(init.headers);
      headers.set("cookie", cookie);
      const body = typeof init.body === "string" && init.method === "POST" ? `_csrf=${token}&${init.body}` : init.body;
      return t.app.request(path, { ...init, headers, body });
    },
  };
}

/** A form body as a browser posts it. */
export function form(fields: Record<string, string>) {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
    body: new URLSearchParams(fields).toString(),
  };
}

/** The text of the element with this id (first match), tags stripped. */
export function textOf(html: string, id: string): string {
  const m = html.match(new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`));
  return m ? m[1]!.replace(/<[^>]+>/g, "").trim() : "";
}

/** An API response's body, parsed with the route's own response schema. */
export async function body<T>(res: Response | Promise<Response>, schema: { parse: (v: unknown) => T }): Promise<T> {
  return schema.parse(await (await res).json());
}
