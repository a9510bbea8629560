import * as repo from "../../data/itineraries-repo";
import type { HospitalInfo, LoadedItinerary } from "../../data/itineraries-repo";
import { cancellationTimeline } from "../../domain/cancellation/policy";
import { maskBirthDate, maskPassport } from "../../domain/masking";
import type { PricedItinerary } from "../../domain/pricing/totals";
import { toLocal } from "../../domain/time/local-time";
import { buildTimeline, type Timeline } from "../../domain/timeline/index";
import type { ServiceContext } from "../context";
import { requireActor } from "../scope";
import { type ItineraryContext, loadPriced } from "./load";
import { isOwner } from "./policy";
import { moneyState } from "./pricing";
import { parseTravelers, timelineInput } from "./resolve";
import type { Db, ResolvedComponent, Traveler } from "./types";

/** What a view is built from besides the itinerary's own row, its reservations and its payments. */
export interface ViewParts {
  hospital: HospitalInfo;
  resolved: ResolvedComponent[];
  timeline: Timeline;
  priced: PricedItinerary;
}

async function viewParts(ctx: ServiceContext, db: Db, itn: LoadedItinerary, known?: ItineraryContext) {
  const { hospital, resolved, priced } = await loadPriced(ctx, db, itn, known);
  const timeline = buildTimeline(timelineInput(hospital, parseTravelers(itn), resolved));
  return { hospital, resolved, timeline, priced };
}

/** The travelers, their documents decrypted and, for anyone but the patient, masked. */
async function travelersView(ctx: ServiceContext, travelers: Traveler[], owner: boolean) {
  const dec = async (v: string | null) => (v ? ctx.cipher.decrypt(v) : null);
  return Promise.all(
    travelers.map(async (t) => {
      const passport = await dec(t.passportNumberEnc);
      const birth = await dec(t.birthDateEnc);
      return {
        id: t.id,
        fullName: t.fullName,
        role: t.role,
        languages: t.languages,
        needsLodging: t.needsLodging,
        wheelchair: t.wheelchair,
        nationality: t.nationality,
        passportNumber: passport === null ? null : owner ? passport : maskPassport(passport),
        birthDate: birth === null ? null : owner ? birth : maskBirthDate(birth),
      };
    }),
  );
}

/** Each component with its price, who is paid, its inventory state and its cancellation steps in local time. */
function componentsView(
  hospital: HospitalInfo,
  resolved: ResolvedComponent[],
  reservations: { component_id: string; status: string }[],
) {
  const zoneOf = (r: ResolvedComponent): string => {
    const d = r.details as Record<string, { zone?: string } | undefined>;
    return (
      d.departure?.zone ?? d.pickup?.zone ?? d.checkIn?.zone ?? d.startsAt?.zone ?? d.admission?.zone ?? hospital.zone
    );
  };
  return resolved.map((r) => {
    const mine = reservations.filter((x) => x.component_id === r.id);
    const zone = zoneOf(r);
    const medical = { amount: r.medical.reduce((s, l) => s + l.lineTotal, 0), currency: hospital.currency };
    return {
      id: r.id,
      type: r.type,
      position: r.position,
      details: r.details,
      price: r.travel ? r.travel.total : medical,
      payableAt: r.type === "treatment" || r.type === "consultation" ? ("hospital" as const) : ("caravan" as const),
      inventory:
        mine.length === 0
          ? ("none" as const)
          : mine.every((x) => x.status === "booked")
            ? ("booked" as const)
            : ("held" as const),
      cancellation: cancellationTimeline(r.policy)
        .filter((e) => !e.before.startsWith("9999"))
        .map((e) => ({ before: toLocal(e.before, zone), refund: e.refund })),
    };
  });
}

/** The pricing block: medical lines (with their component), travel and fee lines, totals and the FX used. */
function pricingView(resolved: ResolvedComponent[], priced: PricedItinerary) {
  const fx = priced.fx.hospitalToPatient;
  return {
    medicalLines: priced.medical.map((l) => ({
      componentId: resolved.find((r) => r.medical.includes(l))?.id ?? null,
      lineNo: l.lineNo,
      code: l.code,
      name: l.name,
      department: l.department,
      serviceClass: l.serviceClass,
      quantity: l.quantity,
      serviceDate: l.serviceDate,
      unitPrice: { amount: l.unitPrice, currency: l.currency },
      // A premium-class line shows the standard class's domestic price beside its own.
      standardUnitPrice:
        l.standardUnitPrice === undefined || l.standardUnitPrice === null
          ? null
          : { amount: l.standardUnitPrice, currency: l.currency },
      lineTotal: { amount: l.lineTotal, currency: l.currency },
      tariffVersion: l.tariffVersion,
    })),
    travelLines: priced.travel,
    feeLines: priced.fees,
    totals: { hospitalCurrency: priced.hospitalCurrency, patientCurrency: priced.patientCurrency },
    fx: { rate: fx.display, from: fx.from, to: fx.to, source: fx.source, asOf: fx.asOf },
  };
}

/**
 * The itinerary as the API shows it. `parts`: already resolved and priced for this very state of
 * the itinerary (a hold); or `parts.hospital` and `parts.feePolicy` only, read with the itinerary.
 */
export async function itineraryView(
  ctx: ServiceContext,
  db: Db,
  itn: LoadedItinerary,
  opts: { owner: boolean },
  parts?: ViewParts | ItineraryContext,
) {
  const { hospital, resolved, timeline, priced } =
    parts && "priced" in parts ? parts : await viewParts(ctx, db, itn, parts);
  const reservations = await repo.activeReservationsOf(db, itn.id);
  const { rows: payments, paid, refunded } = await moneyState(db, itn.id);
  const cur = hospital.currency;
  const dueNow = priced.hospitalCurrency.dueNow.amount;
  const { id, name, city, zone, currency } = hospital;
  return {
    id: itn.id,
    version: itn.version,
    status: itn.status,
    patientId: itn.patient_id,
    agencyId: itn.agency_id,
    hospital: { id, name, city, zone, currency },
    quoteId: itn.quote_id,
    patientCurrency: itn.patient_currency,
    travelers: await travelersView(ctx, parseTravelers(itn), opts.owner),
    components: componentsView(hospital, resolved, reservations),
    timeline: timeline.events,
    issues: timeline.issues,
    pricing: pricingView(resolved, priced),
    balance: {
      dueNow: { amount: dueNow, currency: cur },
      paid: { amount: paid, currency: cur },
      refunded: { amount: refunded, currency: cur },
      outstanding: { amount: dueNow - (paid - refunded), currency: cur },
    },
    payments: payments.map((p) => ({
      id: p.id,
      kind: p.kind,
      method: p.method,
      status: p.status,
      amount: { amount: p.amount, currency: p.currency },
      reference: p.reference,
      createdAt: p.created_at,
    })),
    hold: itn.status === "held" && itn.hold_expires_at ? { expiresAt: itn.hold_expires_at } : null,
    notes: itn.notes,
    createdAt: itn.created_at,
    updatedAt: itn.updated_at,
  };
}
export type ItineraryView = Awaited<ReturnType<typeof itineraryView>>;

/** The itinerary as it is now, for the caller who just changed it. */
export async function viewAfterWrite(ctx: ServiceContext, id: string) {
  const itn = (await repo.findItinerary(ctx.db, id))!;
  return itineraryView(ctx, ctx.db, itn, { owner: isOwner(requireActor(ctx), itn) });
}
