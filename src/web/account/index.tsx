import type { Hono } from "hono";
import { maskBirthDate, maskPassport } from "../../domain/masking";
import { getPatient } from "../../services/access/patients";
import { ServiceError } from "../../services/errors";
import {
  accountOverview,
  endAllSessions,
  listSessions,
  setAccountCurrency,
  setAccountLanguage,
} from "../../services/sessions/index";
import { currencyOptions, languageOptions } from "../auth/sign-up";
import { type WebContext, type WebEnv, webServiceContext } from "../env";
import { unauthorized } from "../../services/errors";
import type { MessageKey } from "../i18n/index";
import { ErrorSummary, Field, type FieldMessages, Form, fieldMessages } from "../ui/form";
import { Layout } from "../ui/layout";
import { clearSessionCookie, LOCALE_COOKIE } from "../session";
import { deleteCookie } from "hono/cookie";
import { meSections } from "./me";
import { TableWrap } from "../ui/components";

function requireSignIn(c: WebContext) {
  if (!c.var.actor) throw unauthorized("Sign in first.");
}

/** The table of this account's signed-in sessions, marking the current one. */
function SessionsTable({ c, sessions }: { c: WebContext; sessions: Awaited<ReturnType<typeof listSessions>> }) {
  const { t, fmt } = c.var.web;
  const here = c.var.web.session?.id;
  return (
    <div class="table-wrap">
      <TableWrap label={t("account.sessions")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("account.sessions.browser")}</th>
              <th scope="col">{t("account.sessions.signedIn")}</th>
              <th scope="col">{t("account.sessions.lastSeen")}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr>
                <td>
                  {s.userAgent ?? t("account.sessions.unknown")}
                  {s.id === here ? <strong> ({t("account.sessions.current")})</strong> : null}
                </td>
                <td>{fmt.dateTime(s.createdAt, "UTC")}</td>
                <td>{fmt.dateTime(s.lastSeenAt, "UTC")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </div>
  );
}

async function AccountPage({ c, errors, saved }: { c: WebContext; errors: FieldMessages; saved: boolean }) {
  const { t } = c.var.web;
  const ctx = webServiceContext(c);
  const account = await accountOverview({ ctx });
  const patient = account.patientId ? await getPatient({ ctx, input: { id: account.patientId } }) : null;
  const sessions = await listSessions({ ctx });
  const notGiven = t("account.notGiven");
  return (
    <Layout c={c} title={t("account.title")}>
      <h1>{t("account.title")}</h1>
      {saved ? (
        <p class="notice ok" role="status">
          {t("account.saved")}
        </p>
      ) : null}
      <h2>{t("account.details")}</h2>
      <dl class="facts">
        <dt>{t("account.name")}</dt>
        <dd>{account.displayName}</dd>
        <dt>{t("account.email")}</dt>
        <dd>{account.email}</dd>
        <dt>{t("account.role")}</dt>
        <dd>{t(`auth.role.${account.role}` as MessageKey)}</dd>
        {patient ? (
          <>
            <dt>{t("account.passport")}</dt>
            <dd>{patient.passportNumber ? maskPassport(patient.passportNumber) : notGiven}</dd>
            <dt>{t("account.birthDate")}</dt>
            <dd>{patient.birthDate ? maskBirthDate(patient.birthDate) : notGiven}</dd>
          </>
        ) : null}
      </dl>
      {patient ? <p class="hint">{t("account.masked")}</p> : null}
      <h2>{t("account.preferences")}</h2>
      <ErrorSummary c={c} errors={errors} />
      <Form c={c} action="/me/account">
        <Field
          name="language"
          label={t("account.language")}
          value={account.language}
          error={errors.language}
          options={languageOptions()}
        />
        {account.currency ? (
          <Field
            name="currency"
            label={t("account.currency")}
            value={account.currency}
            error={errors.currency}
            options={currencyOptions()}
          />
        ) : null}
        <button type="submit">{t("account.save")}</button>
      </Form>
      <h2>{t("account.sessions")}</h2>
      <SessionsTable c={c} sessions={sessions} />
      <Form c={c} action="/me/account/sign-out-everywhere">
        <p class="hint" id="everywhere-hint">
          {t("account.signOutEverywhere.hint")}
        </p>
        <button type="submit" class="danger" aria-describedby="everywhere-hint">
          {t("account.signOutEverywhere")}
        </button>
      </Form>
    </Layout>
  );
}

/** /me (the signed-in home) and /me/account (details, preferences, sessions). */
export function registerAccountPages(web: Hono<WebEnv>) {
  web.get("/me", async (c) => {
    requireSignIn(c);
    const { t } = c.var.web;
    const rendered = await Promise.all(meSections().map((render) => render(c)));
    return c.html(
      <Layout c={c} title={t("account.home.title")}>
        <h1>{t("account.home.welcome", { name: c.var.actor!.displayName })}</h1>
        {rendered}
        <section aria-labelledby="me-account">
          <h2 id="me-account">{t("account.home.account")}</h2>
          <p>
            <a href="/me/account">{t("account.home.accountLink")}</a>
          </p>
        </section>
      </Layout>,
    );
  });

  web.get("/me/account", async (c) => {
    requireSignIn(c);
    return c.html(<AccountPage c={c} errors={{}} saved={c.req.query("saved") === "1"} />);
  });

  web.post("/me/account", async (c) => {
    requireSignIn(c);
    const body = await c.req.parseBody();
    const ctx = webServiceContext(c);
    try {
      if (typeof body.language === "string") await setAccountLanguage({ ctx, input: { language: body.language } });
      if (typeof body.currency === "string") await setAccountCurrency({ ctx, input: { currency: body.currency } });
    } catch (err) {
      if (!(err instanceof ServiceError) || !err.errors?.length) throw err;
      c.status(400);
      return c.html(<AccountPage c={c} errors={fieldMessages(err.errors, c.var.web.t)} saved={false} />);
    }
    // The account's language now rules: the visitor cookie would override it.
    deleteCookie(c, LOCALE_COOKIE, { path: "/" });
    return c.redirect("/me/account?saved=1", 303);
  });

  web.post("/me/account/sign-out-everywhere", async (c) => {
    requireSignIn(c);
    await endAllSessions({ ctx: webServiceContext(c) });
    clearSessionCookie(c);
    return c.redirect("/sign-in", 303);
  });
}
