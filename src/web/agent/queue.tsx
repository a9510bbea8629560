import { agentQueue, type QueueEntry } from "../../services/agent/index";
import { QueueInputSchema } from "../../services/agent/schemas";
import { listHospitals } from "../../services/catalog/catalog";
import type { WebContext } from "../env";
import type { MessageKey } from "../i18n/index";
import { LocalTime, Money, StateTag, TableWrap } from "../ui/components";
import { ErrorSummary, Field, type FieldMessages, fieldMessages } from "../ui/form";
import { Layout } from "../ui/layout";
import { AgentNav, consoleContext, Pager, query } from "./shared";

const STATES = ["draft", "held", "confirmed"] as const;

/** The queue's filters as typed in the address; invalid ones are shown beside their field and ignored. */
function filtersOf(c: WebContext) {
  const raw = {
    q: query(c, "q"),
    status: query(c, "status"),
    hospitalId: query(c, "hospitalId"),
    from: query(c, "from"),
    to: query(c, "to"),
    page: query(c, "page"),
  };
  const parsed = QueueInputSchema.safeParse(raw);
  if (parsed.success) return { input: parsed.data, raw, errors: {} as FieldMessages };
  const errors = fieldMessages(
    parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    c.var.web.t,
  );
  const input = QueueInputSchema.parse(
    Object.fromEntries(Object.entries(raw).filter(([k]) => !(k in errors) && !(k === "from" && "to" in errors))),
  );
  return { input, raw, errors };
}

function Why({ c, e }: { c: WebContext; e: QueueEntry }) {
  const { t } = c.var.web;
  return (
    <ul class="reasons">
      {e.reasons.map((r) => (
        <li>
          {t(`agent.reason.${r}` as MessageKey)}
          {r === "timeline_errors" ? ` (${t("agent.queue.errors", { count: e.errors })})` : ""}
          {r === "hold_expiring" && e.holdExpiresAt ? (
            <>
              {" "}
              <span class="hint">
                {t("agent.queue.expires", { time: c.var.web.fmt.dateTime(e.holdExpiresAt, "UTC") })}
              </span>{" "}
              <span
                class="countdown"
                data-countdown={e.holdExpiresAt}
                data-now={c.var.deps.clock.now().toISOString()}
                data-label={t("agent.queue.left")}
              />
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function Row({ c, e }: { c: WebContext; e: QueueEntry }) {
  const { t, fmt } = c.var.web;
  return (
    <tr>
      <td>
        <a href={`/agent/patients/${e.patient.id}`}>{e.patient.name}</a>
      </td>
      <td>
        {e.kind === "trip" ? (
          <>
            <a href={`/agent/trips/${e.id}`}>{t("agent.queue.trip", { id: e.id })}</a>{" "}
            {e.status ? <StateTag c={c} state={e.status} /> : null}
          </>
        ) : (
          <a href={`/agent/patients/${e.patient.id}`}>
            {t("agent.queue.recommendation", { hospital: e.hospital.name })}
          </a>
        )}
      </td>
      <td>
        <Why c={c} e={e} />
      </td>
      <td>{e.dates ? `${fmt.date(e.dates.from)} – ${fmt.date(e.dates.to)}` : ""}</td>
      <td class="num">{e.outstanding ? <Money c={c} {...e.outstanding} /> : ""}</td>
    </tr>
  );
}

function Filters(p: {
  c: WebContext;
  raw: Record<string, string | undefined>;
  errors: FieldMessages;
  hospitals: { id: string; name: string }[];
}) {
  const { c, raw, errors } = p;
  const { t } = c.var.web;
  return (
    <form method="get" action="/agent" class="search-form" aria-label={t("agent.queue.filters")}>
      <ErrorSummary c={c} errors={errors} />
      <Field
        name="q"
        label={t("agent.queue.search")}
        hint={t("agent.queue.searchHint")}
        value={raw.q}
        inputmode="search"
      />
      <div class="field">
        <label for="f-status">{t("agent.queue.state")}</label>
        <select id="f-status" name="status">
          <option value="">{t("agent.queue.anyState")}</option>
          {STATES.map((s) => (
            <option value={s} selected={raw.status === s}>
              {t(`state.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-hospitalId">{t("agent.queue.hospital")}</label>
        <select id="f-hospitalId" name="hospitalId">
          <option value="">{t("agent.queue.anyHospital")}</option>
          {p.hospitals.map((h) => (
            <option value={h.id} selected={raw.hospitalId === h.id}>
              {h.name}
            </option>
          ))}
        </select>
      </div>
      <Field
        name="from"
        type="date"
        label={t("agent.queue.from")}
        hint={t("agent.queue.dateHint")}
        value={raw.from}
        error={errors.from}
      />
      <Field
        name="to"
        type="date"
        label={t("agent.queue.to")}
        hint={t("agent.queue.dateHint")}
        value={raw.to}
        error={errors.to}
      />
      <button type="submit">{t("agent.queue.apply")}</button>
    </form>
  );
}

/** The agent's queue: what needs them first, filtered and paged. */
export async function queuePage(c: WebContext) {
  const ctx = consoleContext(c);
  const { t } = c.var.web;
  const { input, raw, errors } = filtersOf(c);
  const [queue, hospitals] = await Promise.all([
    agentQueue({ ctx, input }),
    listHospitals({ ctx, input: { limit: 100 } }),
  ]);
  return c.html(
    <Layout c={c} title={t("agent.queue.title")} styles={["trips.css"]} scripts={["countdown.js"]}>
      <h1>{t("agent.queue.title")}</h1>
      <AgentNav c={c} />
      <p>{t("agent.queue.lead")}</p>
      <Filters c={c} raw={raw} errors={errors} hospitals={hospitals.data} />
      <p class="hint">{t("agent.queue.count", { total: queue.total, page: queue.page })}</p>
      {queue.truncated ? <p class="notice">{t("agent.queue.truncated", { count: 200 })}</p> : null}
      {queue.data.length === 0 ? (
        <p>{t("agent.queue.empty")}</p>
      ) : (
        <TableWrap label={t("agent.queue.caption")}>
          <table class="queue">
            <caption>{t("agent.queue.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("agent.queue.patient")}</th>
                <th scope="col">{t("agent.queue.what")}</th>
                <th scope="col">{t("agent.queue.why")}</th>
                <th scope="col">{t("agent.queue.dates")}</th>
                <th scope="col" class="num">
                  {t("agent.queue.due")}
                </th>
              </tr>
            </thead>
            <tbody>
              {queue.data.map((e) => (
                <Row c={c} e={e} />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <Pager c={c} path="/agent" page={queue.page} hasMore={queue.page * queue.limit < queue.total} />
    </Layout>,
  );
}
