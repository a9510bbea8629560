import type { Hono } from "hono";
import { listHospitals } from "../../services/catalog/catalog";
import { ValidationError } from "../../services/errors";
import { type WebContext, type WebEnv, webServiceContext } from "../env";
import { SelectField } from "../care/fields";
import { ErrorSummary, type FieldMessages } from "../ui/form";
import { Layout } from "../ui/layout";
import { departmentLabel, languageName } from "./labels";

type Hospital = Awaited<ReturnType<typeof listHospitals>>["data"][number];

const PAGE_SIZE = 20;
const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

interface Filter {
  city: string;
  department: string;
  language: string;
  cursor: string;
}

/** The query as typed, and a message per field the service would refuse (the API's rules). */
function readFilter(c: WebContext): { filter: Filter; errors: FieldMessages } {
  const q = (name: string) => (c.req.query(name) ?? "").trim();
  const filter = { city: q("city"), department: q("department"), language: q("language"), cursor: q("cursor") };
  const { t } = c.var.web;
  const errors: FieldMessages = {};
  if (filter.city.length > 80) errors.city = t("public.find.error.city");
  if (filter.department.length > 64) errors.department = t("public.find.error.department");
  if (filter.language && !LANGUAGE_CODE.test(filter.language)) errors.language = t("public.find.error.language");
  return { filter, errors };
}

/** Every city, department and language among all hospitals: the choices of the filter. */
async function choices(c: WebContext) {
  const all = await listHospitals({ ctx: webServiceContext(c), input: { limit: 100 } });
  const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort((a, b) => a.localeCompare(b));
  return {
    cities: sorted(all.data.map((h) => h.city)),
    departments: sorted(all.data.flatMap((h) => h.departments.map((d) => d.code))),
    languages: sorted(all.data.flatMap((h) => h.languages)),
  };
}

function HospitalCard({ c, h }: { c: WebContext; h: Hospital }) {
  const { t, fmt, locale } = c.var.web;
  return (
    <li class="card hospital">
      <h3>
        <a href={`/hospitals/${h.id}`}>{h.name}</a>
      </h3>
      <p lang="zh">{h.nameLocal}</p>
      <p>{`${h.city}, ${h.country}`}</p>
      <p>
        {t("public.hospital.languagesLine", { languages: h.languages.map((l) => languageName(locale, l)).join(", ") })}
      </p>
      <p>{t("public.hospital.bedsLine", { beds: fmt.number(h.internationalBeds) })}</p>
      <p>{h.departments.map((d) => d.name).join(" · ")}</p>
      <p>
        <a href={`/hospitals/${h.id}/prices`}>{t("public.hospital.priceList")}</a>
      </p>
    </li>
  );
}

/** Find care: hospitals by city, department and language spoken; a GET form that works without JS. */
export function registerFindCare(web: Hono<WebEnv>) {
  web.get("/", async (c) => {
    const { t, locale } = c.var.web;
    const { filter, errors } = readFilter(c);
    const opts = await choices(c);
    const found =
      Object.keys(errors).length === 0
        ? await listHospitals({
            ctx: webServiceContext(c),
            input: {
              city: filter.city || undefined,
              department: filter.department || undefined,
              language: filter.language || undefined,
              cursor: filter.cursor || undefined,
              limit: PAGE_SIZE,
            },
          }).catch((err) => {
            // A cursor from elsewhere: say nothing matched rather than fail.
            // (The data layer's InvalidCursorError is known here by its code: pages import no data module.)
            if (err instanceof ValidationError || (err as { code?: string }).code === "invalid_cursor")
              return { data: [] as Hospital[], nextCursor: null };
            throw err;
          })
        : { data: [] as Hospital[], nextCursor: null };
    const next = new URLSearchParams({ ...filter, cursor: found.nextCursor ?? "" });
    if (Object.keys(errors).length) c.status(400);
    return c.html(
      <Layout c={c} title={t("nav.findCare")} styles={["care.css"]}>
        <h1>{t("app.tagline")}</h1>
        <p class="lead">{t("public.find.lead")}</p>
        <ErrorSummary c={c} errors={errors} />
        <form method="get" action="/" class="filter" role="search" aria-label={t("public.find.formLabel")}>
          <SelectField
            empty={t("public.find.any")}
            name="city"
            label={t("public.find.city")}
            value={filter.city}
            options={opts.cities.map((x) => [x, x])}
            error={errors.city}
          />
          <SelectField
            empty={t("public.find.any")}
            name="department"
            label={t("public.find.department")}
            value={filter.department}
            options={opts.departments.map((x) => [x, departmentLabel(t, x)])}
            error={errors.department}
          />
          <SelectField
            empty={t("public.find.any")}
            name="language"
            label={t("public.find.language")}
            value={filter.language}
            options={opts.languages.map((x) => [x, languageName(locale, x)])}
            error={errors.language}
          />
          <button type="submit">{t("public.find.submit")}</button>
        </form>
        <h2>{t("public.find.results", { count: found.data.length })}</h2>
        {found.data.length === 0 ? <p>{t("public.find.none")}</p> : null}
        <ul class="cards">
          {found.data.map((h) => (
            <HospitalCard c={c} h={h} />
          ))}
        </ul>
        {found.nextCursor ? (
          <p>
            <a href={`/?${next}`} rel="next">
              {t("public.find.more")}
            </a>
          </p>
        ) : null}
      </Layout>,
    );
  });
}
