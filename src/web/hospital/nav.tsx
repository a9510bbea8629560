import type { Child } from "hono/jsx";
import type { Actor } from "../../services/context";
import type { WebContext } from "../env";
import type { MessageKey } from "../i18n/index";
import { Layout } from "../ui/layout";

/**
 * The hospital console's sections, in order, and who sees each: billing the money pages, clinicians
 * the consultations, admins all. Each section's pages are registered by their own family
 * (src/web/hospital/<section>/); the paths here are the contract between them.
 */
export const CONSOLE_SECTIONS = [
  { id: "tariffs", path: "tariffs", label: "hospital.nav.tariffs", roles: ["billing", "admin"] },
  { id: "parity", path: "parity", label: "hospital.nav.parity", roles: ["billing", "admin"] },
  { id: "invoice-check", path: "invoice-check", label: "hospital.nav.invoiceCheck", roles: ["billing", "admin"] },
  { id: "price-file", path: "price-file", label: "hospital.nav.priceFile", roles: ["billing", "admin"] },
  { id: "consultations", path: "consultations", label: "hospital.nav.consultations", roles: ["clinician", "admin"] },
] as const satisfies readonly { id: string; path: string; label: MessageKey; roles: readonly Actor["role"][] }[];

export type ConsoleSection = (typeof CONSOLE_SECTIONS)[number]["id"];

/** The sections a role sees. */
export function sectionsFor(role: Actor["role"] | undefined) {
  return CONSOLE_SECTIONS.filter((s) => (s.roles as readonly string[]).includes(role ?? ""));
}

/** Where a section of a hospital's console lives. */
export const sectionPath = (hospitalId: string, section: ConsoleSection) =>
  `/hospital/${encodeURIComponent(hospitalId)}/${CONSOLE_SECTIONS.find((s) => s.id === section)!.path}`;

/** The console's navigation: the signed-in role's sections of this hospital, the current one marked. */
export function ConsoleNav({
  c,
  hospitalId,
  current,
}: {
  c: WebContext;
  hospitalId: string;
  current?: ConsoleSection;
}) {
  const { t } = c.var.web;
  const role = c.var.actor?.role;
  return (
    <nav class="console-nav" aria-label={t("hospital.nav.label")}>
      <ul class="actions">
        {role === "admin" ? (
          <li>
            <a href="/hospital">{t("hospital.nav.allHospitals")}</a>
          </li>
        ) : null}
        {sectionsFor(role).map((s) => (
          <li>
            <a href={sectionPath(hospitalId, s.id)} aria-current={s.id === current ? "page" : undefined}>
              {t(s.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A console page: the one layout, the hospital's name, the console's navigation, then the page. */
export function ConsolePage({
  c,
  title,
  hospital,
  current,
  styles,
  children,
}: {
  c: WebContext;
  title: string;
  hospital: { id: string; name: string };
  current?: ConsoleSection;
  styles?: string[];
  children?: Child;
}) {
  return (
    <Layout c={c} title={`${title} · ${hospital.name}`} styles={["console.css", ...(styles ?? [])]}>
      <p class="hint">{c.var.web.t("hospital.console", { hospital: hospital.name })}</p>
      <ConsoleNav c={c} hospitalId={hospital.id} current={current} />
      {children}
    </Layout>
  );
}
