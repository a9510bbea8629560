import type { Child } from "hono/jsx";
import type { WebContext } from "../env";

/**
 * Sections of the signed-in home (/me), in order. A page family adds its own with one call at
 * registration (e.g. trips: `addMeSection("trips", (c) => <TripsList c={c} />)`), replacing a
 * section of the same name.
 */
export type MeSection = (c: WebContext) => Child | Promise<Child>;

const sections = new Map<string, MeSection>();

export function addMeSection(name: string, render: MeSection) {
  sections.set(name, render);
}

export function meSections(): MeSection[] {
  return Array.from(sections.values());
}

// Until the trips pages add their list: a link to them.
addMeSection("trips", (c) => {
  const { t } = c.var.web;
  return (
    <section aria-labelledby="me-trips">
      <h2 id="me-trips">{t("account.home.trips")}</h2>
      <p>
        <a href="/trips">{t("account.home.tripsLink")}</a>
      </p>
    </section>
  );
});
