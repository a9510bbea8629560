import type { Hono } from "hono";
import { consoleHome } from "../../services/console/home";
import { addMeSection } from "../account/me";
import { type WebContext, type WebEnv, webServiceContext } from "../env";
import { TableWrap } from "../ui/components";
import { Layout } from "../ui/layout";
import { sectionPath, sectionsFor } from "./nav";

/** Staff go to their hospital's first section; an admin picks a hospital. */
async function consoleHomePage(c: WebContext) {
  const home = await consoleHome({ ctx: webServiceContext(c) });
  const first = sectionsFor(home.role)[0];
  if (home.hospitalId && first) return c.redirect(sectionPath(home.hospitalId, first.id), 303);
  const { t } = c.var.web;
  return c.html(
    <Layout c={c} title={t("hospital.pick.title")}>
      <h1>{t("hospital.pick.title")}</h1>
      <TableWrap label={t("hospital.pick.title")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("hospital.pick.hospital")}</th>
              <th scope="col">{t("hospital.pick.city")}</th>
            </tr>
          </thead>
          <tbody>
            {home.hospitals.map((h) => (
              <tr>
                <th scope="row">
                  <a href={sectionPath(h.id, "tariffs")}>{h.name}</a>
                </th>
                <td>{`${h.city}, ${h.country}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </Layout>,
  );
}

/** The hospital console's front door (/hospital); hospital staff's /me points here. */
export function registerHospitalConsole(web: Hono<WebEnv>) {
  web.get("/hospital", (c) => consoleHomePage(c));
  addMeSection("hospital", (c) => {
    const role = c.var.actor?.role;
    if (role !== "billing" && role !== "clinician" && role !== "admin") return null;
    const { t } = c.var.web;
    return (
      <section aria-labelledby="me-hospital">
        <h2 id="me-hospital">{t("hospital.me.title")}</h2>
        <p>
          <a href="/hospital">{t("hospital.me.link")}</a>
        </p>
      </section>
    );
  });
}
