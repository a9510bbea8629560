import type { Kysely, Transaction } from "kysely";
import * as catalog from "../../data/catalog-repo";
import { ratesUpTo } from "../../data/fx-repo";
import * as repo from "../../data/itineraries-repo";
import type { AgencyFeeTerms, HospitalInfo, LoadedItinerary } from "../../data/itineraries-repo";
import type { Database } from "../../data/schema";
import { cancellationTimeline } from "../../domain/cancellation/policy";
import { maskBirthDate, maskPassport } from "../../domain/masking";
import { type FeePolicy } from "../../domain/pricing/fees";
import { PricingError } from "../../domain/pricing/money";
import { type PricedItinerary, priceItinerary } from "../../domain/pricing/totals";
import { localDate, toLocal } from "../../domain/time/local-time";
import { buildTimeline, type Timeline, type TimelineInput } from "../../domain/timeline/index";
import type { ServiceContext } from "../context";
import { businessRule } from "../errors";
import { type ResolvedComponent, resolveComponents, type Traveler } from "./resolve";

type Db = Kysely<Database> | Transaction<Database>;

export function parseTravelers(itn: { travelers: string }): Traveler[] {
  return JSON.parse(itn.travelers) as Traveler[];
}

/** Merges each component's timeline pieces into the domain's input. */
export function timelineInput(
  hospital: HospitalInfo,
  travelers: Traveler[],
  resolved: ResolvedComponent[],
): TimelineInput {
  const input: TimelineInput = {
    hospital: {
      id: hospital.id,
      name: hospital.name,
      city: hospital.city,
      country: hospital.country,
      zone: hospital.zone,
    },
    travelers: travelers.map((t) => ({
      id: t.id,
      name: t.fullName,
      role: t.role,
      languages: t.languages,
      needsLodging: t.needsLodging,
    })),
    flights: [],
    transfers: [],
    lodging: [],
    tours: [],
  };
  for (const r of resolved) {
    input.flights.push(...(r.timeline.flights ?? []));
    input.transfers.push(...(r.timeline.transfers ?? []));
    input.lodging.push(...(r.timeline.lodging ?? []));
    input.tours.push(...(r.timeline.tours ?? []));
    if (r.timeline.treatment) input.treatment = r.timeline.treatment;
    if (r.timeline.consultation) input.consultation = r.timeline.consultation;
  }
  return input;
}

export function feePolicyFrom(a: AgencyFeeTerms | null | undefined): FeePolicy | null {
  return a ? { percentBp: a.fee_percent_bp, flat: { amount: a.fee_flat_amount, currency: a.fee_currency } } : null;
}

export async function feePolicyOf(db: Db, agencyId: string | null): Promise<FeePolicy | null> {
  if (!agencyId) return null;
  return feePolicyFrom(await repo.findAgency(db, agencyId));
}

/** Prices resolved components. `feePolicy`: the agency's terms when already read with the itinerary (else read here). */
export async function priceOf(
  ctx: Pick<ServiceContext, "clock">,
  db: Db,
  itn: { agency_id: string | null; patient_currency: string },
  hospital: HospitalInfo,
  resolved: ResolvedComponent[],
  feePolicy?: FeePolicy | null,
): Promise<PricedItinerary> {
  const today = localDate(ctx.clock.now(), hospital.zone);
  try {
    return priceItinerary({
      medical: resolved.flatMap((r) => r.medical),
      travel: resolved.flatMap((r) => (r.travel ? [r.travel] : [])),
      feePolicy: feePolicy !== undefined ? feePolicy : await feePolicyOf(db, itn.agency_id),
      hospitalCurrency: hospital.currency,
      patientCurrency: itn.patient_currency,
      rates: await ratesUpTo(db, today),
      onDate: today,
    });
  } catch (err) {
    if (err instanceof PricingError) {
      // The line to blame, as the itinerary's pricing block lists it (`pricing.travelLines.2`).
      const [kind, index] = err.path?.split(".") ?? [];
      const list =
        kind === "medical"
          ? "medicalLines"
          : kind === "travel"
            ? "travelLines"
            : kind === "fees"
              ? "feeLines"
              : undefined;
      throw businessRule(
        err.code,
        err.message,
        list === undefined ? undefined : [{ path: `pricing.${list}.${index}`, message: err.message }],
      );
    }
    throw err;
  }
}

/** Paid and refunded so far, in the hospital currency (what Caravan charges in). */
export async function moneyState(db: Db, itineraryId: string) {
  const rows = await repo.paymentsOf(db, itineraryId);
  const paid = rows.filter((p) => p.kind === "payment" && p.status === "succeeded").reduce((s, p) => s + p.amount, 0);
  const refunded = rows.filter((p) => p.kind === "refund" && p.status !== "failed").reduce((s, p) => s + p.amount, 0);
  return { rows, paid, refunded };
}

/** What a view is built from besides the itinerary's own row, its reservations and its payments. */
export interface ViewParts {
  hospital: HospitalInfo;
  resolved: ResolvedComponent[];
  timeline: Timeline;
  priced: PricedItinerary;
}

/** What a view needs besides the itinerary row when that was read with `findItineraryWithHospital`. */
export interface ItineraryContext {
  hospital: HospitalInfo;
  feePolicy: FeePolicy | null;
}

async function viewParts(
  ctx: ServiceContext,
  db: Db,
  itn: LoadedItinerary,
  known?: ItineraryContext,
): Promise<ViewParts> {
  const hospital = known?.hospital ?? (await catalog.getHospital(db, itn.hospital_id))!;
  const rows = await repo.componentParamsOf(db, itn.id);
  const resolved = await resolveComponents(db, hospital, rows);
  const timeline = buildTimeline(timelineInput(hospital, parseTravelers(itn), resolved));
  const priced = await priceOf(ctx, db, itn, hospital, resolved, known?.feePolicy);
  return { hospital, resolved, timeline, priced };
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
  const travelers = parseTravelers(itn);
  const { events, issues } = timeline;
  const reservations = await repo.activeReservationsOf(db, itn.id);
  const { rows: payments, paid, refunded } = await moneyState(db, itn.id);
  const cur = hospital.currency;
  const zoneOf = (r: ResolvedComponent): string => {
    const d = r.details as Record<string, { zone?: string } | undefined>;
    return (
      d.departure?.zone ?? d.pickup?.zone ?? d.checkIn?.zone ?? d.startsAt?.zone ?? d.admission?.zone ?? hospital.zone
    );
  };
  const dueNow = priced.hospitalCurrency.dueNow.amount;
  const dec = async (v: string | null) => (v ? ctx.cipher.decrypt(v) : null);
  return {
    id: itn.id,
    version: itn.version,
    status: itn.status,
    patientId: itn.patient_id,
    agencyId: itn.agency_id,
    hospital: {
      id: hospital.id,
      name: hospital.name,
      city: hospital.city,
      zone: hospital.zone,
      currency: hospital.currency,
    },
    quoteId: itn.quote_id,
    patientCurrency: itn.patient_currency,
    travelers: await Promise.all(
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
          passportNumber: passport === null ? null : opts.owner ? passport : maskPassport(passport),
          birthDate: birth === null ? null : opts.owner ? birth : maskBirthDate(birth),
        };
      }),
    ),
    components: resolved.map((r) => {
      const mine = reservations.filter((x) => x.component_id === r.id);
      const zone = zoneOf(r);
      return {
        id: r.id,
        type: r.type,
        position: r.position,
        details: r.details,
        price: r.travel ? r.travel.total : { amount: r.medical.reduce((s, l) => s + l.lineTotal, 0), currency: cur },
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
    }),
    timeline: events,
    issues,
    pricing: {
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
      fx: {
        rate: priced.fx.hospitalToPatient.display,
        from: priced.fx.hospitalToPatient.from,
        to: priced.fx.hospitalToPatient.to,
        source: priced.fx.hospitalToPatient.source,
        asOf: priced.fx.hospitalToPatient.asOf,
      },
    },
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
