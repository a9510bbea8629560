import type { Hono } from "hono";
import type { WebEnv } from "../env";
import { Layout } from "../ui/layout";

/** Public pages: find care, hospitals, price lists, proof verification (no sign-in). */
export function registerPublicPages(web: Hono<WebEnv>) {
  web.get("/", (c) => {
    const { t } = c.var.web;
    return c.html(
      <Layout c={c} title={t("nav.findCare")}>
        <h1>{t("app.tagline")}</h1>
      </Layout>,
    );
  });
}
