import { getHospital } from "../../services/catalog/catalog";
import { listConsultations } from "../../services/consultations";
import { listQuotes } from "../../services/quotes";
import { type WebContext, webServiceContext } from "../env";
import type { MessageKey } from "../i18n/index";
import { departmentLabel } from "../public/labels";
import { LocalTime } from "../ui/components";

const SHOWN = 10;

/**
 * The signed-in person's consultations and quotes, newest first, each linking to its page: the
 * care part of /me (the page that shows what needs them first renders it).
 */
export async function MyCare({ c }: { c: WebContext }) {
  const { t, fmt } = c.var.web;
  // The patient's journey: hospital staff follow consultations and quotes in their own console.
  if (c.var.actor?.role !== "patient" && c.var.actor?.role !== "agent") return null;
  const ctx = webServiceContext(c);
  const [cons, quotes] = await Promise.all([
    listConsultations({ ctx, input: { limit: SHOWN } }),
    listQuotes({ ctx, input: { limit: SHOWN } }),
  ]);
  const ids = new Set([...cons.data.map((x) => x.hospitalId), ...quotes.data.map((x) => x.hospitalId)]);
  const hospitals = new Map(
    await Promise.all([...ids].map(async (id) => [id, await getHospital({ ctx, input: { id } })] as const)),
  );
  const nameOf = (id: string) => hospitals.get(id)?.name ?? id;
  return (
    <section class="my-care" aria-labelledby="my-care-consultations">
      <h2 id="my-care-consultations">{t("care.me.consultations")}</h2>
      {cons.data.length === 0 ? <p>{t("care.me.noConsultations")}</p> : null}
      <ul>
        {cons.data.map((x) => (
          <li>
            <a href={`/consultations/${x.id}`}>
              {t("care.me.consultation", {
                department: departmentLabel(t, x.department),
                hospital: nameOf(x.hospitalId),
              })}
            </a>{" "}
            <strong class={`tag tag-${x.status}`}>{t(`care.status.${x.status}` as MessageKey)}</strong>
            {x.slot ? (
              <>
                {" · "}
                <LocalTime
                  c={c}
                  instant={x.slot.startsAt.utc}
                  zone={x.slot.startsAt.hospital.zone}
                  homeZone={x.slot.startsAt.patient.zone}
                />
              </>
            ) : null}
          </li>
        ))}
      </ul>
      <h2>{t("care.me.quotes")}</h2>
      {quotes.data.length === 0 ? <p>{t("care.me.noQuotes")}</p> : null}
      <ul>
        {quotes.data.map((q) => (
          <li>
            <a href={`/quotes/${q.id}`}>{t("care.me.quote", { id: q.id, hospital: nameOf(q.hospitalId) })}</a>{" "}
            <strong class={`tag tag-${q.status}`}>{t(`care.quote.status.${q.status}` as MessageKey)}</strong>
            {` · ${fmt.money(q.totals.medical.amount, q.totals.medical.currency)}`}
          </li>
        ))}
      </ul>
    </section>
  );
}
