import type { Hono } from "hono";
import { signUpPatient } from "../../services/access/patients";
import { ConflictError, ServiceError } from "../../services/errors";
import { sessionForSignUpToken } from "../../services/sessions/index";
import { type WebContext, type WebEnv, webServiceContext } from "../env";
import { LOCALES } from "../i18n/index";
import { ErrorSummary, Field, type FieldMessages, Form, fieldMessages } from "../ui/form";
import { Layout } from "../ui/layout";
import { setSessionCookie, sessionToken } from "../session";
import { CURRENCY_CHOICES, checkSignUp, type FormFields, formFields, SIGN_UP_FIELDS } from "./forms";

const LANGUAGE_NAMES = { en: "English", ru: "Русский", zh: "中文", kk: "Қазақша" } as const;

export function languageOptions() {
  return LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }));
}

export function currencyOptions() {
  return CURRENCY_CHOICES.map((c) => ({ value: c, label: c }));
}

function SignUpPage({ c, values, errors }: { c: WebContext; values: FormFields; errors: FieldMessages }) {
  const { t } = c.var.web;
  const field = (name: (typeof SIGN_UP_FIELDS)[number]) => ({ name, value: values[name] ?? "", error: errors[name] });
  return (
    <Layout c={c} title={t("auth.signUp.title")}>
      <h1>{t("auth.signUp.title")}</h1>
      <p>{t("auth.signUp.intro")}</p>
      <ErrorSummary c={c} errors={errors} />
      <Form c={c} action="/sign-up">
        <Field {...field("fullName")} label={t("auth.field.fullName")} autocomplete="name" required />
        <Field
          {...field("email")}
          label={t("auth.field.email")}
          type="email"
          autocomplete="email"
          inputmode="email"
          required
        />
        <Field
          {...field("phone")}
          label={t("auth.field.phone")}
          hint={t("auth.hint.phone")}
          type="tel"
          autocomplete="tel"
        />
        <Field
          {...field("nationality")}
          label={t("auth.field.nationality")}
          hint={t("auth.hint.nationality")}
          autocomplete="country"
          required
        />
        <Field {...field("homeCity")} label={t("auth.field.homeCity")} autocomplete="address-level2" required />
        <Field {...field("language")} label={t("auth.field.language")} options={languageOptions()} />
        <Field
          {...field("currency")}
          label={t("auth.field.currency")}
          hint={t("auth.hint.currency")}
          options={currencyOptions()}
        />
        <Field
          {...field("passportNumber")}
          label={t("auth.field.passportNumber")}
          hint={t("auth.hint.passportNumber")}
        />
        <Field {...field("birthDate")} label={t("auth.field.birthDate")} hint={t("auth.hint.birthDate")} type="date" />
        <button type="submit">{t("auth.signUp.submit")}</button>
      </Form>
      <p>
        {t("auth.signUp.haveAccount")} <a href="/sign-in">{t("nav.signIn")}</a>
      </p>
    </Layout>
  );
}

/** GET/POST /sign-up: a patient signs up (the verb of POST /v1/patients) and is signed in at once → /me. */
export function registerSignUp(web: Hono<WebEnv>) {
  web.get("/sign-up", (c) => {
    if (c.var.actor) return c.redirect("/me", 303);
    const values: FormFields = { language: c.var.web.locale, currency: "KZT" };
    return c.html(<SignUpPage c={c} values={values} errors={{}} />);
  });

  web.post("/sign-up", async (c) => {
    if (c.var.actor) return c.redirect("/me", 303);
    const { t } = c.var.web;
    const values = formFields(await c.req.parseBody(), SIGN_UP_FIELDS);
    const refusals = checkSignUp(values);
    const reshow = (errors: FieldMessages) => {
      c.status(400);
      return c.html(<SignUpPage c={c} values={values} errors={errors} />);
    };
    if (Object.keys(refusals).length > 0) {
      return reshow(Object.fromEntries(Object.entries(refusals).map(([k, key]) => [k, t(key)])));
    }
    const ctx = { ...webServiceContext(c), actor: null };
    let signUpToken: string;
    try {
      const input = {
        fullName: values.fullName!,
        email: values.email!,
        nationality: values.nationality!,
        homeCity: values.homeCity!,
        language: values.language!,
        currency: values.currency!,
        ...(values.phone ? { phone: values.phone } : {}),
        ...(values.passportNumber ? { passportNumber: values.passportNumber } : {}),
        ...(values.birthDate ? { birthDate: values.birthDate } : {}),
      };
      signUpToken = (await signUpPatient({ ctx, input })).token;
    } catch (err) {
      if (err instanceof ConflictError && err.code === "email_taken")
        return reshow({ email: t("auth.err.emailTaken") });
      if (err instanceof ServiceError && err.errors?.length) return reshow(fieldMessages(err.errors, c.var.web.t));
      throw err;
    }
    const { token } = await sessionForSignUpToken({
      ctx,
      input: { token: signUpToken, userAgent: c.req.header("user-agent"), replacesToken: sessionToken(c) },
    });
    setSessionCookie(c, token);
    return c.redirect("/me", 303);
  });
}
