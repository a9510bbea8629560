import type { Hono } from "hono";
import { HospitalConsultationsInputSchema, hospitalConsultations } from "../../../services/consultations";
import { type WebContext, type WebEnv, webServiceContext } from "../../env";
import type { MessageKey } from "../../i18n/index";
import { departmentLabel, languageName } from "../../public/labels";
import { LocalTime, TableWrap } from "../../ui/components";
import { ConsolePage } from "../nav";

export const QUEUE_STATES = ["requested", "scheduled", "completed", "cancelled"] as const;
type State = (typeof QUEUE_STATES)[number];
const PAGE_SIZE = 20;

type Queue = Awaited<ReturnType<typeof hospitalConsultations>>;

/** The states as tabs (links; the current one marked), requested first: what needs the clinician. */
function Tabs({ c, base, state }: { c: WebContext; base: string; state: State }) {
  const { t } = c.var.web;
  return (
    <nav aria-label={t("clinic.queue.states")} class="pager">
      {QUEUE_STATES.map((s) => (
        <a href={`${base}?status=${s}`} aria-current={s === state ? "page" : undefined}>
          {s === state ? <strong>{t(`care.status.${s}` as MessageKey)}</strong> : t(`care.status.${s}` as MessageKey)}
        </a>
      ))}
    </nav>
  );
}

function QueueTable({ c, q }: { c: WebContext; q: Queue }) {
  const { t, locale } = c.var.web;
  const zone = q.hospital.zone;
  return (
    <TableWrap label={t("clinic.queue.title", { hospital: q.hospital.name })}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("clinic.queue.consultation")}</th>
            <th scope="col">{t("care.consultation.status")}</th>
            <th scope="col">{t("care.consultation.department")}</th>
            <th scope="col">{t("care.consultation.mode")}</th>
            <th scope="col">{t("care.consultation.language")}</th>
            <th scope="col">{t("clinic.queue.when")}</th>
          </tr>
        </thead>
        <tbody>
          {q.data.map((con) => (
            <tr>
              <th scope="row">
                <a href={`/hospital/${q.hospital.id}/consultations/${con.id}`}>{con.id}</a>
              </th>
              <td>
                <strong class={`status-word tag tag-${con.status}`}>
                  {t(`care.status.${con.status}` as MessageKey)}
                </strong>
              </td>
              <td>{departmentLabel(t, con.department)}</td>
              <td>{t(`care.mode.${con.mode}` as MessageKey)}</td>
              <td>{languageName(locale, con.language)}</td>
              <td>
                {con.slot ? (
                  <LocalTime c={c} instant={con.slot.startsAt.utc} zone={zone} homeZone={con.patientZone} />
                ) : con.preferredTimes[0] ? (
                  <>
                    {`${t("clinic.queue.preferred")} `}
                    <LocalTime c={c} instant={con.preferredTimes[0].from} zone={zone} homeZone={con.patientZone} />
                  </>
                ) : (
                  t("clinic.notScheduled")
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** /hospital/{id}/consultations?status=…&cursor=…: the hospital's queue in one state, newest first, paged. */
async function queuePage(c: WebContext) {
  const { t } = c.var.web;
  const hospitalId = c.req.param("hospitalId") ?? "";
  const asked = c.req.query("status");
  const state: State = QUEUE_STATES.includes(asked as State) ? (asked as State) : "requested";
  const parsed = HospitalConsultationsInputSchema.safeParse({
    hospitalId,
    status: state,
    limit: PAGE_SIZE,
    cursor: c.req.query("cursor") || undefined,
  });
  const input = parsed.success ? parsed.data : { hospitalId, status: state, limit: PAGE_SIZE };
  let q: Queue;
  try {
    q = await hospitalConsultations({ ctx: webServiceContext(c), input });
  } catch (err) {
    // A cursor from elsewhere: the first page rather than a 500.
    if ((err as { code?: string }).code !== "invalid_cursor") throw err;
    q = await hospitalConsultations({ ctx: webServiceContext(c), input: { ...input, cursor: undefined } });
  }
  const base = `/hospital/${q.hospital.id}/consultations`;
  const title = t("clinic.queue.title", { hospital: q.hospital.name });
  return c.html(
    <ConsolePage c={c} title={title} hospital={q.hospital} current="consultations" styles={["care.css"]}>
      <h1>{title}</h1>
      <p class="lead">{t("clinic.queue.lead", { zone: q.hospital.zone })}</p>
      <Tabs c={c} base={base} state={state} />
      <h2>{t(`care.status.${state}` as MessageKey)}</h2>
      {q.data.length ? <QueueTable c={c} q={q} /> : <p>{t("clinic.queue.empty")}</p>}
      <nav aria-label={t("clinic.queue.pages")} class="pager">
        {input.cursor ? <a href={`${base}?status=${state}`}>{t("clinic.queue.first")}</a> : null}
        {q.nextCursor ? (
          <a href={`${base}?${new URLSearchParams({ status: state, cursor: q.nextCursor })}`} rel="next">
            {t("clinic.queue.next")}
          </a>
        ) : null}
      </nav>
    </ConsolePage>,
  );
}

export function registerConsultationQueue(web: Hono<WebEnv>) {
  web.get("/hospital/:hospitalId/consultations", queuePage);
}
