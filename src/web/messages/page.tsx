import { ValidationError } from "../../services/errors";
import { listMessages, markRead, type MessageView, postMessage } from "../../services/messages";
import { TextAreaField } from "../care/fields";
import { type WebContext, webServiceContext } from "../env";
import type { MessageKey } from "../i18n/index";
import { loadTrip } from "../trips/shared";
import { LocalTime } from "../ui/components";
import { ErrorSummary, Field, type FieldMessages, Form } from "../ui/form";
import { Layout } from "../ui/layout";
import { type MessageForm, formErrors, messageInput, readMessageForm } from "./form";

const PAGE_SIZE = 50;
const ROLES = new Set(["patient", "agent", "clinician", "billing", "admin"]);
const EMPTY_FORM: MessageForm = { body: "", name: "", mediaType: "", sizeBytes: "" };

type Zones = { zone: string; homeZone: string | null };

/** The text as typed: escaped by JSX, its line breaks kept. */
function Body({ text }: { text: string }) {
  const lines = text.split(/\r?\n/);
  return (
    <p class="message-body">
      {lines.map((line, i) => (
        <>
          {i > 0 ? <br /> : null}
          {line}
        </>
      ))}
    </p>
  );
}

function Message({ c, m, zones }: { c: WebContext; m: MessageView; zones: Zones }) {
  const { t } = c.var.web;
  const role = ROLES.has(m.author.role) ? t(`messages.role.${m.author.role}` as MessageKey) : m.author.role;
  const mine = m.author.userId === c.var.actor?.userId;
  return (
    <li class="card message" id={`m-${m.id}`}>
      <p class="message-head">
        <strong>{m.author.name}</strong> ({role}
        {mine ? `, ${t("messages.you")}` : ""}) · <LocalTime c={c} instant={m.createdAt} {...zones} />
      </p>
      <Body text={m.body} />
      {m.attachments.length ? (
        <>
          <p class="hint">{t("messages.attachments")}</p>
          <ul>
            {m.attachments.map((a) => (
              <li>{t("messages.attachment", { name: a.name, type: a.mediaType, size: a.sizeBytes })}</li>
            ))}
          </ul>
        </>
      ) : null}
    </li>
  );
}

function MessageFormSection({
  c,
  id,
  form,
  errors,
}: {
  c: WebContext;
  id: string;
  form: MessageForm;
  errors: FieldMessages;
}) {
  const { t } = c.var.web;
  return (
    <section aria-labelledby="message-form-title">
      <h2 id="message-form-title">{t("messages.form.title")}</h2>
      <ErrorSummary c={c} errors={errors} />
      <Form c={c} action={`/trips/${id}/messages`}>
        <TextAreaField
          name="body"
          label={t("messages.form.body")}
          hint={t("messages.form.bodyHint")}
          value={form.body}
          maxlength={4000}
          error={errors.body}
        />
        <fieldset class="field">
          <legend>{t("messages.form.attachment")}</legend>
          <p class="hint">{t("messages.form.attachmentHint")}</p>
          <Field
            name="attachments.0.name"
            label={t("messages.form.name")}
            value={form.name}
            error={errors["attachments.0.name"]}
          />
          <Field
            name="attachments.0.mediaType"
            label={t("messages.form.mediaType")}
            hint={t("messages.form.mediaTypeHint")}
            value={form.mediaType}
            error={errors["attachments.0.mediaType"]}
          />
          <Field
            name="attachments.0.sizeBytes"
            label={t("messages.form.sizeBytes")}
            inputmode="numeric"
            value={form.sizeBytes}
            error={errors["attachments.0.sizeBytes"]}
          />
        </fieldset>
        <button type="submit">{t("messages.form.submit")}</button>
      </Form>
    </section>
  );
}

/**
 * /trips/{id}/messages: the conversation (the newest page, or older ones by `?cursor=`) and the form to
 * write. Showing the newest page marks the conversation read for the signed-in person.
 */
export async function messagesPage(c: WebContext, form = EMPTY_FORM, errors: FieldMessages = {}) {
  const { t } = c.var.web;
  const id = c.req.param("id")!;
  const ctx = webServiceContext(c);
  const cursor = c.req.query("cursor");
  let page: Awaited<ReturnType<typeof listMessages>>;
  try {
    page = await listMessages({ ctx, input: { itineraryId: id, limit: PAGE_SIZE, cursor } });
  } catch (err) {
    // A cursor this page did not give (the data layer's InvalidCursorError, known by its code): the newest page.
    if (cursor !== undefined && (err as { code?: string }).code === "invalid_cursor")
      return c.redirect(`/trips/${id}/messages`, 303);
    throw err;
  }
  const { trip, homeZone } = await loadTrip(c, id);
  if (!cursor && page.data.length && page.unread > 0) await markRead({ ctx, input: { itineraryId: id } });
  const zones = { zone: trip.hospital.zone, homeZone };
  const posted = c.req.query("posted") !== undefined && Object.keys(errors).length === 0;
  return c.html(
    <Layout c={c} title={t("messages.title", { city: trip.hospital.city })} styles={["trips.css"]}>
      <p>
        <a href={`/trips/${id}`}>{t("messages.back")}</a>
      </p>
      <h1>{t("messages.title", { city: trip.hospital.city })}</h1>
      <p class="lead">{t("messages.lead")}</p>
      {posted ? (
        <p class="notice ok" role="status">
          {t("messages.posted")}
        </p>
      ) : null}
      <section aria-labelledby="conversation-title">
        <h2 id="conversation-title">{t("messages.conversation")}</h2>
        {page.nextCursor ? (
          <p>
            <a href={`/trips/${id}/messages?cursor=${encodeURIComponent(page.nextCursor)}`}>{t("messages.older")}</a>
          </p>
        ) : null}
        {page.data.length === 0 ? <p>{t("messages.empty")}</p> : null}
        <ol class="messages">
          {page.data.map((m) => (
            <Message c={c} m={m} zones={zones} />
          ))}
        </ol>
        {cursor ? (
          <p>
            <a href={`/trips/${id}/messages`}>{t("messages.newest")}</a>
          </p>
        ) : null}
      </section>
      <MessageFormSection c={c} id={id} form={form} errors={errors} />
    </Layout>,
  );
}

/** Posts a message (POST → 303 → the conversation); a refusal re-shows the form with each field's message. */
export async function postMessageAction(c: WebContext) {
  const id = c.req.param("id")!;
  const form = readMessageForm(await c.req.parseBody());
  const input = messageInput(id, form);
  if ("problems" in input) {
    const { t } = c.var.web;
    c.status(400);
    return messagesPage(
      c,
      form,
      Object.fromEntries(Object.entries(input.problems).map(([k, v]) => [k, t(v as MessageKey)])),
    );
  }
  try {
    await postMessage({ ctx: webServiceContext(c), input });
  } catch (err) {
    if (!(err instanceof ValidationError) || !err.errors?.length) throw err;
    c.status(400);
    return messagesPage(c, form, formErrors(c.var.web.t, err.errors, form));
  }
  return c.redirect(`/trips/${id}/messages?posted=1`, 303);
}
