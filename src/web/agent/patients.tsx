import { signUpPatient } from "../../services/access/patients";
import { SignUpInputSchema } from "../../services/access/schemas";
import { agencyPatients, patientFile } from "../../services/agent/index";
import { ConflictError, ServiceError, ValidationError } from "../../services/errors";
import type { WebContext } from "../env";
import { localizeFieldMessage } from "../i18n/field-messages";
import { StateTag, TableWrap } from "../ui/components";
import { ErrorSummary, Field, type FieldMessages, fieldMessages, Form } from "../ui/form";
import { Layout } from "../ui/layout";
import { AgentNav, consoleContext, Pager, query } from "./shared";

/** The agency's patients by name, searchable, paged. */
export async function patientsPage(c: WebContext) {
  const ctx = consoleContext(c);
  const { t } = c.var.web;
  const q = query(c, "q");
  const page = Math.min(10, Math.max(1, Number(query(c, "page") ?? 1) || 1));
  const list = await agencyPatients({ ctx, input: { q, page } });
  return c.html(
    <Layout c={c} title={t("agent.patients.title")} styles={["trips.css"]}>
      <h1>{t("agent.patients.title")}</h1>
      <AgentNav c={c} />
      <form method="get" action="/agent/patients" class="search-form">
        <Field name="q" label={t("agent.patients.search")} value={q} inputmode="search" />
        <button type="submit">{t("agent.queue.apply")}</button>
      </form>
      {list.data.length === 0 ? (
        <p>{t("agent.patients.empty")}</p>
      ) : (
        <TableWrap label={t("agent.patients.caption")}>
          <table>
            <caption>{t("agent.patients.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("agent.patients.name")}</th>
                <th scope="col">{t("agent.patients.email")}</th>
                <th scope="col">{t("agent.patients.city")}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((p) => (
                <tr>
                  <td>
                    <a href={`/agent/patients/${p.id}`}>{p.fullName}</a>
                  </td>
                  <td>{p.email}</td>
                  <td>{p.homeCity}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <Pager c={c} path="/agent/patients" page={list.page} hasMore={list.hasMore} />
    </Layout>,
  );
}

const FIELDS = [
  ["fullName", "agent.new.fullName", undefined, "text"],
  ["email", "agent.new.email", undefined, "email"],
  ["phone", "agent.new.phone", "agent.new.phoneHint", "tel"],
  ["nationality", "agent.new.nationality", "agent.new.nationalityHint", "text"],
  ["homeCity", "agent.new.homeCity", undefined, "text"],
  ["language", "agent.new.language", "agent.new.languageHint", "text"],
  ["currency", "agent.new.currency", "agent.new.currencyHint", "text"],
  ["passportNumber", "agent.new.passport", "agent.new.passportHint", "text"],
  ["birthDate", "agent.new.birthDate", "agent.queue.dateHint", "date"],
] as const;

function newPatientForm(c: WebContext, values: Record<string, string>, errors: FieldMessages, status: 200 | 400 | 409) {
  const { t } = c.var.web;
  c.status(status);
  return c.html(
    <Layout c={c} title={t("agent.new.title")}>
      <h1>{t("agent.new.title")}</h1>
      <AgentNav c={c} />
      <p>{t("agent.new.lead")}</p>
      <ErrorSummary c={c} errors={errors} />
      <Form c={c} action="/agent/patients/new">
        {FIELDS.map(([name, label, hint, type]) => (
          <Field
            name={name}
            label={t(label)}
            hint={hint ? t(hint) : undefined}
            type={type}
            value={values[name] ?? ""}
            error={errors[name]}
          />
        ))}
        <button type="submit">{t("agent.new.submit")}</button>
      </Form>
    </Layout>,
  );
}

export async function newPatientPage(c: WebContext) {
  consoleContext(c);
  return newPatientForm(c, { language: c.var.web.locale, currency: "KZT", nationality: "KZ" }, {}, 200);
}

/** Creates the walk-in patient through the same verb as POST /v1/patients: the patient joins the agent's agency. */
export async function createPatientAction(c: WebContext) {
  const ctx = consoleContext(c);
  const { t } = c.var.web;
  const body = await c.req.parseBody();
  const values: Record<string, string> = {};
  for (const [name] of FIELDS) values[name] = typeof body[name] === "string" ? (body[name] as string).trim() : "";
  const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ""));
  const parsed = SignUpInputSchema.safeParse({
    ...given,
    nationality: given.nationality?.toUpperCase(),
    currency: given.currency?.toUpperCase(),
  });
  if (!parsed.success) {
    const errors: FieldMessages = {};
    for (const i of parsed.error.issues) errors[String(i.path[0] ?? "fullName")] ??= localizeFieldMessage(t, i.message);
    return newPatientForm(c, values, errors, 400);
  }
  try {
    const { patient } = await signUpPatient({ ctx, input: parsed.data });
    return c.redirect(`/agent/patients/${patient.id}?done=created`, 303);
  } catch (err) {
    if (err instanceof ConflictError) return newPatientForm(c, values, { email: t("agent.new.emailTaken") }, 409);
    if (err instanceof ValidationError) return newPatientForm(c, values, fieldMessages(err.errors, t), 400);
    throw err;
  }
}

/** A patient's file: details (masked), consultations, quotes and trips. */
export async function patientFilePage(c: WebContext) {
  const ctx = consoleContext(c);
  const { t, fmt } = c.var.web;
  const file = await patientFile({ ctx, input: { id: c.req.param("id")! } });
  const p = file.patient;
  return c.html(
    <Layout c={c} title={t("agent.file.title", { name: p.fullName })} styles={["trips.css"]}>
      <h1>{t("agent.file.title", { name: p.fullName })}</h1>
      <AgentNav c={c} />
      {c.req.query("done") === "created" ? (
        <p class="notice" role="status">
          {t("agent.file.created")}
        </p>
      ) : null}
      <h2>{t("agent.file.details")}</h2>
      <dl class="facts">
        <dt>{t("agent.new.email")}</dt>
        <dd>{p.email}</dd>
        <dt>{t("agent.new.homeCity")}</dt>
        <dd>{p.homeCity}</dd>
        <dt>{t("agent.file.passport")}</dt>
        <dd>{p.passportNumber ?? "—"}</dd>
        <dt>{t("agent.file.birthDate")}</dt>
        <dd>{p.birthDate ?? "—"}</dd>
      </dl>
      {p.personalDataMasked ? <p class="hint">{t("agent.file.masked")}</p> : null}
      <h2>{t("agent.file.consultations")}</h2>
      {file.consultations.length === 0 ? <p>{t("agent.file.none")}</p> : null}
      <ul>
        {file.consultations.map((x) => (
          <li>
            <a href={`/consultations/${x.id}`}>
              {t("agent.file.consultation", { department: x.department, status: x.status })}
            </a>
            {x.recommendation ? ` · ${t("agent.file.recommended")}` : ""}
          </li>
        ))}
      </ul>
      <h2>{t("agent.file.quotes")}</h2>
      {file.quotes.length === 0 ? <p>{t("agent.file.none")}</p> : null}
      <ul>
        {file.quotes.map((q) => (
          <li>
            <a href={`/quotes/${q.id}`}>
              {t("agent.file.quote", {
                id: q.id,
                amount: fmt.money(q.totals.medical.amount, q.totals.medical.currency),
                date: fmt.date(q.validUntil.slice(0, 10)),
              })}
            </a>
          </li>
        ))}
      </ul>
      <h2>{t("agent.file.trips")}</h2>
      {file.trips.length === 0 ? <p>{t("agent.file.none")}</p> : null}
      <ul>
        {file.trips.map((x) => (
          <li>
            <a href={`/agent/trips/${x.id}`}>{t("agent.file.openTrip", { id: x.id })}</a>{" "}
            <StateTag c={c} state={x.status} />
          </li>
        ))}
      </ul>
    </Layout>,
  );
}
