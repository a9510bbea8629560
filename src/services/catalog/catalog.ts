import * as repo from "../../data/catalog-repo";
import { listLatestRates } from "../../data/fx-repo";
import { decodeCursor, paginate } from "../../data/pagination";
import type { HospitalRow, TariffItemRow } from "../../data/schema";
import { localDate, nightsBetween, toLocal, utcHourStart } from "../../domain/time/local-time";
import type { ServiceContext } from "../context";
import { notFound, validationError } from "../errors";

type Ctx = Pick<ServiceContext, "db" | "clock">;

const DAY_MS = 86_400_000;
/** Longest stay searched; the route's schema says the same, this guards other callers. */
const MAX_STAY_NIGHTS = 90;

const parseJsonList = (s: string): string[] => JSON.parse(s) as string[];
const money = (amount: number, currency: string) => ({ amount, currency });

function hospitalView(
  h: HospitalRow,
  deps: { code: string; name: string; languages: string; serves_foreign_patients: number }[],
) {
  return {
    id: h.id,
    name: h.name,
    nameLocal: h.name_local,
    city: h.city,
    country: h.country,
    zone: h.zone,
    currency: h.currency,
    languages: parseJsonList(h.languages),
    internationalBeds: h.international_beds,
    address: h.address,
    location: { latitude: h.latitude, longitude: h.longitude },
    departments: deps.map((d) => ({
      code: d.code,
      name: d.name,
      languages: parseJsonList(d.languages),
      servesForeignPatients: Number(d.serves_foreign_patients) === 1,
    })),
  };
}

export async function listHospitals({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { city?: string; country?: string; language?: string; department?: string; limit: number; cursor?: string };
}) {
  const rows = await repo.listHospitals(ctx.db, { ...input, after: decodeCursor(input.cursor, 1) });
  const pageRows = paginate(rows, input.limit, (h) => [h.id]);
  const deps = await repo.departmentsOf(
    ctx.db,
    pageRows.data.map((h) => h.id),
  );
  return {
    data: pageRows.data.map((h) =>
      hospitalView(
        h,
        deps.filter((d) => d.hospital_id === h.id),
      ),
    ),
    nextCursor: pageRows.nextCursor,
  };
}

export async function getHospital({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const h = await repo.getHospital(ctx.db, input.id);
  if (!h) throw notFound("hospital", input.id);
  return hospitalView(h, await repo.departmentsOf(ctx.db, [h.id]));
}

export function tariffItemView(i: TariffItemRow, currency: string) {
  return {
    code: i.code,
    name: JSON.parse(i.name) as Record<string, string>,
    department: i.department_code,
    serviceClass: i.service_class,
    kind: i.kind,
    unit: i.unit,
    unitPrice: money(i.unit_price, currency),
    description: i.description,
  };
}

export async function listTreatments({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    hospitalId: string;
    date?: string;
    department?: string;
    kind?: string;
    serviceClass?: string;
    limit: number;
    cursor?: string;
  };
}) {
  const h = await repo.getHospital(ctx.db, input.hospitalId);
  if (!h) throw notFound("hospital", input.hospitalId);
  const date = input.date ?? localDate(ctx.clock.now(), h.zone);
  const version = await repo.tariffVersionInForce(ctx.db, h.id, date);
  if (!version) {
    return { hospitalId: h.id, date, tariffVersion: null, data: [], nextCursor: null };
  }
  const rows = await repo.listTariffItems(ctx.db, version.id, {
    ...input,
    after: decodeCursor(input.cursor, 2),
  });
  const p = paginate(rows, input.limit, (i) => [i.code, i.service_class]);
  return {
    hospitalId: h.id,
    date,
    tariffVersion: {
      id: version.id,
      version: version.version,
      effectiveFrom: version.effective_from,
      currency: version.currency,
    },
    data: p.data.map((i) => tariffItemView(i, version.currency)),
    nextCursor: p.nextCursor,
  };
}

/** Every stored exchange rate, newest first per pair. */
export async function listFxRates({ ctx }: { ctx: Ctx }) {
  const rows = await listLatestRates(ctx.db);
  return { data: rows.map((r) => ({ base: r.base, quote: r.quote, rate: r.rate, source: r.source, asOf: r.as_of })) };
}

export async function listAirports({ ctx }: { ctx: Ctx }) {
  const rows = await repo.listAirports(ctx.db);
  return { data: rows };
}

export async function searchFlights({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { origin: string; destination: string; date: string; passengers: number; limit: number; cursor?: string };
}) {
  const rows = await repo.searchFlights(ctx.db, { ...input, after: decodeCursor(input.cursor, 2) });
  if (rows.length === 0) {
    // Nothing found: say so, unless an airport code is unknown (checked only then, off the hot path).
    const [origin, destination] = await Promise.all([
      repo.getAirport(ctx.db, input.origin),
      repo.getAirport(ctx.db, input.destination),
    ]);
    const unknown = [
      ...(origin ? [] : [{ path: "query.origin", message: `unknown airport '${input.origin}'` }]),
      ...(destination ? [] : [{ path: "query.destination", message: `unknown airport '${input.destination}'` }]),
    ];
    if (unknown.length) throw validationError("Unknown airport code.", unknown);
  }
  const p = paginate(rows, input.limit, (f) => [f.departs_at, f.id]);
  return {
    data: p.data.map((f) => ({
      id: f.id,
      carrier: f.carrier,
      flightNumber: f.flight_number,
      origin: { code: f.origin, city: f.origin_city, zone: f.origin_zone },
      destination: { code: f.destination, city: f.destination_city, zone: f.destination_zone },
      departure: toLocal(f.departs_at, f.origin_zone),
      arrival: toLocal(f.arrives_at, f.destination_zone),
      durationMinutes: Math.round((Date.parse(f.arrives_at) - Date.parse(f.departs_at)) / 60000),
      cabin: f.cabin,
      seatsLeft: f.seats_left,
      farePerPassenger: money(f.fare_amount, f.fare_currency),
      totalFare: money(f.fare_amount * input.passengers, f.fare_currency),
    })),
    nextCursor: p.nextCursor,
  };
}

export async function searchTransfers({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    airport: string;
    hospitalId?: string;
    at?: string;
    passengers: number;
    wheelchair?: boolean;
    limit: number;
    cursor?: string;
  };
}) {
  const airport = await repo.getAirport(ctx.db, input.airport);
  if (!airport) {
    throw validationError("Unknown airport code.", [
      { path: "query.airport", message: `unknown airport '${input.airport}'` },
    ]);
  }
  const at = new Date(input.at ?? ctx.clock.now().toISOString()).toISOString();
  const hourStart = utcHourStart(at);
  const rows = await repo.searchTransfers(ctx.db, {
    airport: airport.code,
    hospitalId: input.hospitalId,
    passengers: input.passengers,
    wheelchair: input.wheelchair,
    hourStart,
    after: decodeCursor(input.cursor, 1),
    limit: input.limit,
  });
  const p = paginate(rows, input.limit, (r) => [r.id]);
  return {
    data: p.data.map((r) => ({
      id: r.id,
      airport: { code: airport.code, city: airport.city, zone: airport.zone },
      hospitalId: r.hospital_id,
      vehicleType: r.vehicle_type,
      wheelchairAccessible: r.wheelchair_accessible === 1,
      maxPassengers: r.max_passengers,
      durationMinutes: r.duration_minutes,
      price: money(r.price_amount, r.price_currency),
      availability: {
        hour: toLocal(hourStart, airport.zone),
        vehiclesPerHour: r.vehicles_per_hour,
        vehiclesLeft: Math.max(0, r.vehicles_per_hour - Number(r.reserved)),
      },
    })),
    nextCursor: p.nextCursor,
  };
}

export async function searchLodging({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    hospitalId: string;
    checkIn: string;
    checkOut: string;
    guests: number;
    accessible?: boolean;
    limit: number;
    cursor?: string;
  };
}) {
  if (input.checkOut <= input.checkIn) {
    throw validationError("checkOut must be after checkIn.", [
      { path: "query.checkOut", message: "must be after checkIn" },
    ]);
  }
  // Bounded before the nights are listed: a centuries-long range must cost nothing.
  if (Date.parse(input.checkOut) - Date.parse(input.checkIn) > MAX_STAY_NIGHTS * DAY_MS) {
    throw validationError(`A stay is at most ${MAX_STAY_NIGHTS} nights.`, [
      { path: "query.checkOut", message: `must be at most ${MAX_STAY_NIGHTS} nights after checkIn` },
    ]);
  }
  const nights = nightsBetween(input.checkIn, input.checkOut);
  const hospital = await repo.getHospital(ctx.db, input.hospitalId);
  if (!hospital) {
    throw validationError("Unknown hospital.", [
      { path: "query.hospitalId", message: `unknown hospital '${input.hospitalId}'` },
    ]);
  }
  const hotels = await repo.searchHotels(ctx.db, {
    hospitalId: hospital.id,
    nights,
    guests: input.guests,
    accessible: input.accessible,
    after: decodeCursor(input.cursor, 2),
    limit: input.limit,
  });
  const p = paginate(hotels, input.limit, (h) => [h.distance_m, h.id]);
  const { roomTypes, reserved } = await repo.roomTypesWithReserved(
    ctx.db,
    p.data.map((h) => h.id),
    nights,
    input.guests,
    input.accessible,
  );
  const reservedBy = new Map<string, number>();
  for (const r of reserved) reservedBy.set(`${r.room_type_id}|${r.night}`, r.reserved);
  return {
    checkIn: input.checkIn,
    checkOut: input.checkOut,
    nights: nights.length,
    data: p.data.map((h) => ({
      id: h.id,
      name: h.name,
      city: h.city,
      zone: h.zone,
      address: h.address,
      stars: h.stars,
      languages: parseJsonList(h.languages),
      distanceToHospitalMeters: h.distance_m,
      checkInTime: h.check_in_time,
      checkOutTime: h.check_out_time,
      roomTypes: roomTypes
        .filter((r) => r.hotel_id === h.id)
        .map((r) => {
          const roomsLeft = Math.min(...nights.map((n) => r.rooms_total - (reservedBy.get(`${r.id}|${n}`) ?? 0)));
          return {
            id: r.id,
            name: r.name,
            maxGuests: r.max_guests,
            accessible: r.accessible === 1,
            nightlyRate: money(r.nightly_amount, r.nightly_currency),
            stayTotal: money(r.nightly_amount * nights.length, r.nightly_currency),
            roomsLeft: Math.max(0, roomsLeft),
          };
        }),
    })),
    nextCursor: p.nextCursor,
  };
}

export async function searchTours({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    city?: string;
    date?: string;
    language?: string;
    intensity?: string;
    participants: number;
    limit: number;
    cursor?: string;
  };
}) {
  const rows = await repo.searchTourDepartures(ctx.db, {
    ...input,
    startsAfter: ctx.clock.now().toISOString(),
    after: decodeCursor(input.cursor, 2),
  });
  const p = paginate(rows, input.limit, (r) => [r.starts_at, r.departure_id]);
  return {
    data: p.data.map((r) => ({
      departureId: r.departure_id,
      tourId: r.id,
      title: r.title,
      description: r.description,
      city: r.city,
      language: r.language,
      intensity: r.intensity,
      durationMinutes: r.duration_minutes,
      wheelchairAccessible: r.wheelchair_accessible === 1,
      startsAt: toLocal(r.starts_at, r.zone),
      endsAt: toLocal(new Date(Date.parse(r.starts_at) + r.duration_minutes * 60000).toISOString(), r.zone),
      pricePerPerson: money(r.price_amount, r.price_currency),
      placesLeft: r.capacity - r.reserved,
    })),
    nextCursor: p.nextCursor,
  };
}

export async function listAgencies({ ctx }: { ctx: Ctx }) {
  const rows = await repo.listAgencies(ctx.db);
  return {
    data: rows.map((a) => ({
      id: a.id,
      name: a.name,
      country: a.country,
      feePolicy: {
        percentOfTravelBasisPoints: a.fee_percent_bp,
        flat: money(a.fee_flat_amount, a.fee_currency),
      },
    })),
  };
}
