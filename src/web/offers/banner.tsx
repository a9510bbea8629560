import { listChangeOffers } from "../../services/offers/index";
import { type WebContext, webServiceContext } from "../env";
import { LocalTime } from "../ui/components";

/** On the trip page: a banner linking to the open change offer, if there is one. */
export async function OpenOfferBanner({ c, tripId, zone }: { c: WebContext; tripId: string; zone: string }) {
  const { t } = c.var.web;
  const open = (await listChangeOffers({ ctx: webServiceContext(c), input: { id: tripId } })).data.find(
    (o) => o.status === "open",
  );
  if (!open) return null;
  const [before, after] = t("offers.banner.text").split("{time}");
  return (
    <p class="notice" role="status">
      {before}
      <LocalTime c={c} instant={open.validUntil} zone={zone} />
      {after} <a href={`/trips/${tripId}/offers/${open.id}`}>{t("offers.banner.link")}</a>
    </p>
  );
}
