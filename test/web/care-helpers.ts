import { Hono } from "hono";
import type { AppEnv } from "../../src/http/context";
import type { Actor } from "../../src/services/context";
import type { TestApp } from "../helpers/test-app";

/** Demo actors as the API's bearer tokens resolve them (db/seed/demo-users.ts). */
export const ACTORS = {
  anar: {
    userId: "usr_demo_anar",
    role: "patient",
    displayName: "Anar",
    agencyId: null,
    hospitalId: null,
    patientId: "pat_demo_anar",
  },
  alexander: {
    userId: "usr_demo_alexander",
    role: "patient",
    displayName: "Alexander",
    agencyId: null,
    hospitalId: null,
    patientId: "pat_demo_alexander",
  },
} satisfies Record<string, Actor>;

/**
 * The app with the page's actor set before the web middleware runs: a test-only stand-in for a
 * signed-in session, so signed-in pages are tested before sessions exist.
 */
export function asActor(t: TestApp, actor: Actor | null) {
  const outer = new Hono<AppEnv>();
  outer.use("*", async (c, next) => {
    c.set("actor", actor);
    await next();
  });
  outer.route("/", t.app as unknown as Hono<AppEnv>);
  return outer;
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
