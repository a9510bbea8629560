import type { Hono } from "hono";
import { ServiceError, ValidationError } from "../../services/errors";
import {
  completeSignIn,
  demoSignInUsers,
  endSession,
  requestSignIn,
  type SignInProof,
  startDemoSession,
} from "../../services/sessions/index";
import { type WebContext, type WebEnv, webServiceContext } from "../env";
import type { MessageKey } from "../i18n/index";
import { ErrorSummary, Field, type FieldMessages, Form } from "../ui/form";
import { Layout } from "../ui/layout";
import { clearSessionCookie, sessionToken, setSessionCookie } from "../session";
import { safeNext } from "./forms";

const visitorCtx = (c: WebContext) => ({ ...webServiceContext(c), actor: null });
const nextOf = (c: WebContext, body?: Record<string, unknown>) =>
  safeNext(typeof body?.next === "string" ? body.next : c.req.query("next"));

async function DemoAccounts({ c, next }: { c: WebContext; next: string }) {
  const users = await demoSignInUsers({ ctx: visitorCtx(c) });
  if (users.length === 0) return null;
  const { t } = c.var.web;
  return (
    <section aria-labelledby="demo-title">
      <h2 id="demo-title">{t("auth.demo.title")}</h2>
      <p>{t("auth.demo.intro")}</p>
      <ul class="cards">
        {users.map((u) => (
          <li class="card">
            <Form c={c} action="/sign-in/demo">
              <input type="hidden" name="userId" value={u.userId} />
              <input type="hidden" name="next" value={next} />
              <button type="submit" class="secondary">
                {t("auth.demo.as", { name: u.displayName })}
              </button>
              <p class="hint">{t(`auth.role.${u.role}` as MessageKey)}</p>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}

function SignInPage({ c, email, errors, next }: { c: WebContext; email: string; errors: FieldMessages; next: string }) {
  const { t } = c.var.web;
  return (
    <Layout c={c} title={t("auth.signIn.title")}>
      <h1>{t("auth.signIn.title")}</h1>
      <p>{t("auth.signIn.intro")}</p>
      <ErrorSummary c={c} errors={errors} />
      <Form c={c} action="/sign-in">
        <input type="hidden" name="next" value={next} />
        <Field
          name="email"
          label={t("auth.field.email")}
          type="email"
          autocomplete="email"
          inputmode="email"
          value={email}
          error={errors.email}
          required
        />
        <button type="submit">{t("auth.signIn.submit")}</button>
      </Form>
      <p>
        {t("auth.signIn.noAccount")} <a href="/sign-up">{t("nav.signUp")}</a>
      </p>
      <DemoAccounts c={c} next={next} />
    </Layout>
  );
}

function CodePage({ c, email, errors, next }: { c: WebContext; email: string; errors: FieldMessages; next: string }) {
  const { t } = c.var.web;
  return (
    <Layout c={c} title={t("auth.code.title")}>
      <h1>{t("auth.code.title")}</h1>
      <p>{t("auth.code.intro", { email })}</p>
      <ErrorSummary c={c} errors={errors} />
      <Form c={c} action="/sign-in/code">
        <input type="hidden" name="email" value={email} />
        <input type="hidden" name="next" value={next} />
        <Field
          name="code"
          label={t("auth.field.code")}
          inputmode="numeric"
          autocomplete="one-time-code"
          error={errors.code}
          required
        />
        <button type="submit">{t("auth.code.submit")}</button>
      </Form>
      <p>
        <a href={`/sign-in?next=${encodeURIComponent(next)}`}>{t("auth.code.again")}</a>
      </p>
    </Layout>
  );
}

/** A refusal of the sign-in verbs as messages beside the page's fields, in the page's language. */
function signInErrors(c: WebContext, err: unknown): FieldMessages | null {
  const { t } = c.var.web;
  if (!(err instanceof ServiceError)) return null;
  if (err.code === "too_many_sign_in_requests") return { email: t("auth.err.tooMany") };
  if (!(err instanceof ValidationError)) return null;
  const path = err.errors?.[0]?.path;
  if (path === "body.email") return { email: t("auth.err.email") };
  if (path === "param.token") return { code: t("auth.err.link") };
  if (err.message === "Invalid code.") return { code: t("auth.err.codeFormat") };
  return { code: t("auth.err.code") };
}

/** Completes a sign-in: a new session in the cookie and on to `next`, or the form re-shown. */
async function finish(
  c: WebContext,
  proof: SignInProof,
  next: string,
  reshow: (e: FieldMessages) => Response | Promise<Response>,
): Promise<Response> {
  try {
    const { token } = await completeSignIn({
      ctx: visitorCtx(c),
      input: { proof, userAgent: c.req.header("user-agent"), replacesToken: sessionToken(c) },
    });
    setSessionCookie(c, token);
    return c.redirect(next, 303);
  } catch (err) {
    const errors = signInErrors(c, err);
    if (!errors) throw err;
    c.status(400);
    return reshow(errors);
  }
}

/** Sign-in by emailed link or code, the demo's one-click sign-in, and sign-out. */
export function registerSignIn(web: Hono<WebEnv>) {
  web.get("/sign-in", (c) => {
    if (c.var.actor) return c.redirect(nextOf(c), 303);
    return c.html(<SignInPage c={c} email="" errors={{}} next={nextOf(c)} />);
  });

  web.post("/sign-in", async (c) => {
    const body = await c.req.parseBody();
    const email = typeof body.email === "string" ? body.email.trim() : "";
    const next = nextOf(c, body);
    const linkBase = `${new URL(c.req.url).origin}/sign-in/link/`;
    try {
      await requestSignIn({ ctx: visitorCtx(c), input: { email, language: c.var.web.locale, linkBase } });
    } catch (err) {
      const errors = signInErrors(c, err);
      if (!errors) throw err;
      c.status(400);
      return c.html(<SignInPage c={c} email={email} errors={errors} next={next} />);
    }
    return c.redirect(`/sign-in/code?email=${encodeURIComponent(email)}&next=${encodeURIComponent(next)}`, 303);
  });

  web.post("/sign-in/code", async (c) => {
    const body = await c.req.parseBody();
    const email = typeof body.email === "string" ? body.email.trim() : "";
    const code = typeof body.code === "string" ? body.code.replace(/\s+/g, "") : "";
    const next = nextOf(c, body);
    return finish(c, { email, code }, next, (errors) =>
      c.html(<CodePage c={c} email={email} errors={errors} next={next} />),
    );
  });

  registerSignInFinish(web);
}

/** The emailed link, the demo's one-click sign-in, and sign-out. */
function registerSignInFinish(web: Hono<WebEnv>) {
  // The emailed link opens a page with a button: mail scanners that fetch links must not use it up.
  web.get("/sign-in/link/:token", (c) => {
    const { t } = c.var.web;
    return c.html(
      <Layout c={c} title={t("auth.link.title")}>
        <h1>{t("auth.link.title")}</h1>
        <p>{t("auth.link.intro")}</p>
        <Form c={c} action={`/sign-in/link/${encodeURIComponent(c.req.param("token"))}`}>
          <button type="submit">{t("auth.code.submit")}</button>
        </Form>
      </Layout>,
    );
  });

  web.post("/sign-in/link/:token", async (c) => {
    return finish(c, { linkToken: c.req.param("token") }, "/me", (errors) =>
      c.html(<SignInPage c={c} email="" errors={{ email: errors.code ?? "" }} next="/me" />),
    );
  });

  web.post("/sign-in/demo", async (c) => {
    const body = await c.req.parseBody();
    const userId = typeof body.userId === "string" ? body.userId : "";
    const { token } = await startDemoSession({
      ctx: visitorCtx(c),
      input: { userId, userAgent: c.req.header("user-agent"), replacesToken: sessionToken(c) },
    });
    setSessionCookie(c, token);
    return c.redirect(nextOf(c, body), 303);
  });

  web.post("/sign-out", async (c) => {
    const session = c.var.web.session;
    if (session && c.var.actor) await endSession({ ctx: webServiceContext(c), input: { sessionId: session.id } });
    clearSessionCookie(c);
    return c.redirect("/", 303);
  });
}
