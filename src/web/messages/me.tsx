import { listItineraries } from "../../services/itineraries/index";
import { unreadCounts } from "../../services/messages";
import { type WebContext, webServiceContext } from "../env";

/** The trip page's link to its conversation, with how many messages the signed-in person has not read. */
export async function MessagesLink({ c, tripId }: { c: WebContext; tripId: string }) {
  const counts = await unreadCounts({ ctx: webServiceContext(c), input: { itineraryIds: [tripId] } });
  return <a href={`/trips/${tripId}/messages`}>{c.var.web.t("messages.link", { count: counts.get(tripId) ?? 0 })}</a>;
}

/** /me: the trips (of the 50 newest) with messages the signed-in person has not read. */
export async function UnreadSection({ c }: { c: WebContext }) {
  const { t } = c.var.web;
  const ctx = webServiceContext(c);
  const trips = await listItineraries({ ctx, input: { limit: 50 } });
  const counts = await unreadCounts({ ctx, input: { itineraryIds: trips.data.map((x) => x.id) } });
  const unread = trips.data.filter((x) => (counts.get(x.id) ?? 0) > 0);
  return (
    <section aria-labelledby="me-messages">
      <h2 id="me-messages">{t("messages.me.title")}</h2>
      {unread.length === 0 ? <p>{t("messages.me.none")}</p> : null}
      <ul>
        {unread.map((x) => (
          <li>
            <a href={`/trips/${x.id}/messages`}>{t("messages.me.trip", { id: x.id, count: counts.get(x.id) ?? 0 })}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
