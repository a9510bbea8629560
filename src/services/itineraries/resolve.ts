import type { Kysely, Transaction } from "kysely";
import type { Need } from "../../data/inventory-repo";
import { consultationsById, departuresById, flightsById, roomsById, transfersById } from "../../data/itineraries-repo";
import type { ComponentParamsRow, HospitalInfo } from "../../data/itineraries-repo";
import type { ComponentRow, Database } from "../../data/schema";
import type { PolicyInput } from "../../domain/cancellation/policy";
import type { PricedMedicalLine } from "../../domain/pricing/medical";
import type { TravelLine } from "../../domain/pricing/totals";
import { addDays, localToUtc, nightsBetween, toLocal, utcHourStart } from "../../domain/time/local-time";
import type { TimelineInput } from "../../domain/timeline/index";
import { validationError } from "../errors";

type Db = Kysely<Database> | Transaction<Database>;

export interface Traveler {
  id: string;
  fullName: string;
  role: "patient" | "companion";
  languages: string[];
  needsLodging: boolean;
  wheelchair: boolean;
  nationality: string | null;
  passportNumberEnc: string | null;
  birthDateEnc: string | null;
}

export type ComponentParams =
  | { type: "flight"; flightId: string; travelerIds: string[] }
  | { type: "transfer"; productId: string; pickupAt: string; direction: "arrival" | "departure"; travelerIds: string[] }
  | { type: "lodging"; roomTypeId: string; checkIn: string; checkOut: string; rooms: number; travelerIds: string[] }
  | { type: "tour"; departureId: string; travelerIds: string[] }
  | { type: "consultation"; consultationId: string }
  | {
      type: "treatment";
      quoteId: string;
      admissionDate: string;
      inpatientNights: number;
      fitToFlyDays: number;
      activityRestrictions: {
        activity: "strenuous" | "walking_tours" | "altitude" | "flying" | "swimming" | "other";
        days: number;
      }[];
      medicalLines: PricedMedicalLine[];
    };

/** A component with everything the itinerary needs from the catalog: price, inventory, timeline, policy, display. */
export interface ResolvedComponent {
  id: string;
  type: ComponentRow["type"];
  position: number;
  params: ComponentParams;
  details: Record<string, unknown>;
  travel: TravelLine | null;
  medical: PricedMedicalLine[];
  needs: Need[];
  /** The latest instant a hold on this component can last (it starts then). */
  holdLimit: string | null;
  policy: PolicyInput;
  timeline: Partial<Omit<TimelineInput, "hospital" | "travelers">>;
}

const money = (amount: number, currency: string) => ({ amount, currency });

export function parseParams(row: Pick<ComponentRow, "type" | "params">): ComponentParams {
  return { type: row.type, ...(JSON.parse(row.params) as object) } as ComponentParams;
}

/** Resolves stored components against the catalog. A component whose catalog row vanished is a 409-worthy state, reported by the caller. */
export async function resolveComponents(
  db: Db,
  hospital: HospitalInfo,
  rows: ComponentParamsRow[],
): Promise<ResolvedComponent[]> {
  return resolveMany(
    db,
    hospital,
    rows.map((row) => ({ id: row.id, position: row.position, params: parseParams(row) })),
  );
}

export async function resolveOne(
  db: Db,
  hospital: HospitalInfo,
  id: string,
  position: number,
  p: ComponentParams,
): Promise<ResolvedComponent> {
  return (await resolveMany(db, hospital, [{ id, position, params: p }]))[0]!;
}

type FlightRow = Awaited<ReturnType<typeof flightsById>>[number];
type TransferRow = Awaited<ReturnType<typeof transfersById>>[number];
type RoomRow = Awaited<ReturnType<typeof roomsById>>[number];
type DepartureRow = Awaited<ReturnType<typeof departuresById>>[number];
type ConsultationRow = Awaited<ReturnType<typeof consultationsById>>[number];

/** The catalog rows a set of components needs: one query per table kind, each with its airports or hotel joined in. */
interface CatalogRows {
  flights: Map<string, FlightRow>;
  transfers: Map<string, TransferRow>;
  rooms: Map<string, RoomRow>;
  departures: Map<string, DepartureRow>;
  consultations: Map<string, ConsultationRow>;
}

const unique = (xs: string[]) => [...new Set(xs)];

async function byId<R>(
  ids: string[],
  load: (ids: string[]) => Promise<R[]>,
  key: (r: R) => string,
): Promise<Map<string, R>> {
  if (ids.length === 0) return new Map();
  return new Map((await load(unique(ids))).map((r) => [key(r), r]));
}

async function loadCatalog(db: Db, ps: ComponentParams[]): Promise<CatalogRows> {
  const ids = {
    flight: [] as string[],
    transfer: [] as string[],
    lodging: [] as string[],
    tour: [] as string[],
    consultation: [] as string[],
  };
  for (const p of ps) {
    if (p.type === "flight") ids.flight.push(p.flightId);
    else if (p.type === "transfer") ids.transfer.push(p.productId);
    else if (p.type === "lodging") ids.lodging.push(p.roomTypeId);
    else if (p.type === "tour") ids.tour.push(p.departureId);
    else if (p.type === "consultation") ids.consultation.push(p.consultationId);
  }
  const [flights, transfers, rooms, departures, consultations] = await Promise.all([
    byId(
      ids.flight,
      (x) => flightsById(db, x),
      (r) => r.id,
    ),
    byId(
      ids.transfer,
      (x) => transfersById(db, x),
      (r) => r.id,
    ),
    byId(
      ids.lodging,
      (x) => roomsById(db, x),
      (r) => r.id,
    ),
    byId(
      ids.tour,
      (x) => departuresById(db, x),
      (r) => r.departure_id,
    ),
    byId(
      ids.consultation,
      (x) => consultationsById(db, x),
      (r) => r.id,
    ),
  ]);
  return { flights, transfers, rooms, departures, consultations };
}

/** Resolves components in order, with every catalog row they need fetched up front (a handful of queries whatever their number). */
export async function resolveMany(
  db: Db,
  hospital: HospitalInfo,
  items: { id: string; position: number; params: ComponentParams }[],
): Promise<ResolvedComponent[]> {
  const catalog = await loadCatalog(
    db,
    items.map((i) => i.params),
  );
  return items.map((i) => build(catalog, hospital, i.id, i.position, i.params));
}

function build(
  catalog: CatalogRows,
  hospital: HospitalInfo,
  id: string,
  position: number,
  p: ComponentParams,
): ResolvedComponent {
  const base = { id, type: p.type, position, params: p };
  switch (p.type) {
    case "flight": {
      const f = catalog.flights.get(p.flightId);
      if (!f)
        throw validationError("Unknown flight.", [
          { path: "body.flightId", message: `unknown flight '${p.flightId}'` },
        ]);
      const o = { code: f.o_code, city: f.o_city, country: f.o_country, zone: f.o_zone };
      const d = { code: f.d_code, city: f.d_city, country: f.d_country, zone: f.d_zone };
      const seats = p.travelerIds.length;
      const total = f.fare_amount * seats;
      return {
        ...base,
        details: {
          flightId: f.id,
          flightNumber: f.flight_number,
          carrier: f.carrier,
          origin: { code: o.code, city: o.city, zone: o.zone },
          destination: { code: d.code, city: d.city, zone: d.zone },
          departure: toLocal(f.departs_at, o.zone),
          arrival: toLocal(f.arrives_at, d.zone),
          seats,
          travelerIds: p.travelerIds,
        },
        travel: {
          kind: "flight",
          ref: f.id,
          description: `${f.flight_number} ${o.code}→${d.code}`,
          quantity: seats,
          unitPrice: money(f.fare_amount, f.fare_currency),
          total: money(total, f.fare_currency),
        },
        medical: [],
        needs: [{ resource: "flight", key: f.id, quantity: seats }],
        holdLimit: f.departs_at,
        policy: { kind: "flight", startsAt: f.departs_at, price: money(total, f.fare_currency) },
        timeline: {
          flights: [
            {
              componentId: id,
              flightNumber: f.flight_number,
              departsAt: f.departs_at,
              arrivesAt: f.arrives_at,
              origin: { code: o.code, city: o.city, country: o.country, zone: o.zone },
              destination: { code: d.code, city: d.city, country: d.country, zone: d.zone },
              travelerIds: p.travelerIds,
            },
          ],
        },
      };
    }
    case "transfer": {
      const t = catalog.transfers.get(p.productId);
      if (!t)
        throw validationError("Unknown transfer.", [
          { path: "body.productId", message: `unknown transfer product '${p.productId}'` },
        ]);
      const a = { code: t.a_code, city: t.a_city, country: t.a_country, zone: t.a_zone };
      const hour = utcHourStart(p.pickupAt);
      return {
        ...base,
        details: {
          productId: t.id,
          vehicleType: t.vehicle_type,
          wheelchairAccessible: t.wheelchair_accessible === 1,
          airport: { code: a.code, city: a.city, zone: a.zone },
          direction: p.direction,
          pickup: toLocal(p.pickupAt, a.zone),
          durationMinutes: t.duration_minutes,
          travelerIds: p.travelerIds,
        },
        travel: {
          kind: "transfer",
          ref: t.id,
          description: `${t.vehicle_type} ${p.direction === "arrival" ? `${a.code}→hospital` : `hotel→${a.code}`}`,
          quantity: 1,
          unitPrice: money(t.price_amount, t.price_currency),
          total: money(t.price_amount, t.price_currency),
        },
        medical: [],
        needs: [{ resource: "transfer_hour", key: `${t.id}|${hour}`, quantity: 1, capacity: t.vehicles_per_hour }],
        holdLimit: p.pickupAt,
        policy: { kind: "transfer", startsAt: p.pickupAt, price: money(t.price_amount, t.price_currency) },
        timeline: {
          transfers: [
            {
              componentId: id,
              airport: { code: a.code, city: a.city, country: a.country, zone: a.zone },
              pickupAt: p.pickupAt,
              durationMinutes: t.duration_minutes,
              direction: p.direction,
              travelerIds: p.travelerIds,
            },
          ],
        },
      };
    }
    case "lodging": {
      const r = catalog.rooms.get(p.roomTypeId);
      if (!r)
        throw validationError("Unknown room type.", [
          { path: "body.roomTypeId", message: `unknown room type '${p.roomTypeId}'` },
        ]);
      const h = {
        id: r.hotel_id,
        name: r.hotel_name,
        city: r.hotel_city,
        zone: r.hotel_zone,
        check_in_time: r.check_in_time,
        check_out_time: r.check_out_time,
      };
      const nights = nightsBetween(p.checkIn, p.checkOut);
      const total = r.nightly_amount * nights.length * p.rooms;
      const checkInAt = localToUtc(p.checkIn, h.check_in_time, h.zone);
      return {
        ...base,
        details: {
          hotelId: h.id,
          hotelName: h.name,
          roomTypeId: r.id,
          roomType: r.name,
          accessible: r.accessible === 1,
          rooms: p.rooms,
          nights: nights.length,
          checkIn: toLocal(checkInAt, h.zone),
          checkOut: toLocal(localToUtc(p.checkOut, h.check_out_time, h.zone), h.zone),
          travelerIds: p.travelerIds,
        },
        travel: {
          kind: "lodging",
          ref: r.id,
          description: `${h.name}, ${r.name} × ${p.rooms}, ${nights.length} nights`,
          quantity: nights.length * p.rooms,
          unitPrice: money(r.nightly_amount, r.nightly_currency),
          total: money(total, r.nightly_currency),
        },
        medical: [],
        needs: nights.map((n) => ({
          resource: "room_night" as const,
          key: `${r.id}|${n}`,
          quantity: p.rooms,
          capacity: r.rooms_total,
        })),
        holdLimit: checkInAt,
        policy: {
          kind: "lodging",
          startsAt: checkInAt,
          price: money(total, r.nightly_currency),
          firstNight: money(r.nightly_amount * p.rooms, r.nightly_currency),
        },
        timeline: {
          lodging: [
            {
              componentId: id,
              hotelName: h.name,
              zone: h.zone,
              city: h.city,
              checkIn: p.checkIn,
              checkOut: p.checkOut,
              checkInTime: h.check_in_time,
              checkOutTime: h.check_out_time,
              travelerIds: p.travelerIds,
            },
          ],
        },
      };
    }
    case "tour": {
      const d = catalog.departures.get(p.departureId);
      if (!d)
        throw validationError("Unknown tour departure.", [
          { path: "body.departureId", message: `unknown tour departure '${p.departureId}'` },
        ]);
      const endsAt = new Date(Date.parse(d.starts_at) + d.duration_minutes * 60_000).toISOString();
      const n = p.travelerIds.length;
      return {
        ...base,
        details: {
          departureId: d.departure_id,
          tourId: d.id,
          title: d.title,
          language: d.language,
          intensity: d.intensity,
          startsAt: toLocal(d.starts_at, d.zone),
          endsAt: toLocal(endsAt, d.zone),
          participants: n,
          travelerIds: p.travelerIds,
        },
        travel: {
          kind: "tour",
          ref: d.departure_id,
          description: `${d.title} (${d.language})`,
          quantity: n,
          unitPrice: money(d.price_amount, d.price_currency),
          total: money(d.price_amount * n, d.price_currency),
        },
        medical: [],
        needs: [{ resource: "tour_departure", key: d.departure_id, quantity: n }],
        holdLimit: d.starts_at,
        policy: { kind: "tour", startsAt: d.starts_at, price: money(d.price_amount * n, d.price_currency) },
        timeline: {
          tours: [
            {
              componentId: id,
              title: d.title,
              startsAt: d.starts_at,
              endsAt,
              zone: d.zone,
              city: d.city,
              language: d.language,
              intensity: d.intensity,
              travelerIds: p.travelerIds,
            },
          ],
        },
      };
    }
    case "consultation": {
      const c = catalog.consultations.get(p.consultationId);
      if (!c)
        throw validationError("Unknown consultation.", [
          { path: "body.consultationId", message: `unknown consultation '${p.consultationId}'` },
        ]);
      return {
        ...base,
        details: {
          consultationId: c.id,
          mode: c.mode,
          status: c.status,
          department: c.department_code,
          startsAt: c.starts_at ? toLocal(c.starts_at, hospital.zone) : null,
          price: money(0, hospital.currency),
        },
        travel: null,
        medical: [],
        needs: [], // the consultation's slot is reserved by the consultation itself
        holdLimit: null,
        policy: {
          kind: "consultation",
          startsAt: c.starts_at ?? "9999-12-31T00:00:00.000Z",
          price: money(0, hospital.currency),
        },
        timeline: c.starts_at
          ? {
              consultation: {
                componentId: id,
                startsAt: c.starts_at,
                durationMinutes: c.duration_minutes ?? 30,
                mode: c.mode,
                zone: hospital.zone,
              },
            }
          : {},
      };
    }
    case "treatment": {
      const admissionAt = localToUtc(p.admissionDate, "08:00", hospital.zone);
      const nights = nightsBetween(p.admissionDate, addDays(p.admissionDate, p.inpatientNights));
      const medicalTotal = p.medicalLines.reduce((s, l) => s + l.lineTotal, 0);
      return {
        ...base,
        details: {
          quoteId: p.quoteId,
          admission: toLocal(admissionAt, hospital.zone),
          discharge: toLocal(
            localToUtc(addDays(p.admissionDate, p.inpatientNights), "10:00", hospital.zone),
            hospital.zone,
          ),
          inpatientNights: p.inpatientNights,
          fitToFlyDays: p.fitToFlyDays,
          activityRestrictions: p.activityRestrictions,
          medicalTotal: money(medicalTotal, hospital.currency),
          payableAt: "hospital",
        },
        travel: null,
        medical: p.medicalLines,
        needs: nights.map((n) => ({
          resource: "bed_night" as const,
          key: `${hospital.id}|${n}`,
          quantity: 1,
          capacity: hospital.international_beds,
        })),
        holdLimit: admissionAt,
        policy: { kind: "treatment", startsAt: admissionAt, price: money(0, hospital.currency) },
        timeline: {
          treatment: {
            componentId: id,
            admissionDate: p.admissionDate,
            inpatientNights: p.inpatientNights,
            fitToFlyDays: p.fitToFlyDays,
            activityRestrictions: p.activityRestrictions,
          },
        },
      };
    }
  }
}
