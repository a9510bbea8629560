import { localToUtc, nightsBetween, toLocal, utcHourStart } from "../../domain/time/local-time";
import { validationError } from "../errors";
import { type CatalogRows, money, type ParamsOf, type ResolvedComponent } from "./types";

/** What every resolved component starts from. */
export type Base = Pick<ResolvedComponent, "id" | "type" | "position">;

export function resolveFlight(catalog: CatalogRows, base: Base, p: ParamsOf<"flight">): ResolvedComponent {
  const f = catalog.flights.get(p.flightId);
  if (!f)
    throw validationError("Unknown flight.", [{ path: "body.flightId", message: `unknown flight '${p.flightId}'` }]);
  const o = { code: f.o_code, city: f.o_city, country: f.o_country, zone: f.o_zone };
  const d = { code: f.d_code, city: f.d_city, country: f.d_country, zone: f.d_zone };
  const seats = p.travelerIds.length;
  const total = f.fare_amount * seats;
  return {
    ...base,
    params: p,
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
          componentId: base.id,
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

export function resolveTransfer(catalog: CatalogRows, base: Base, p: ParamsOf<"transfer">): ResolvedComponent {
  const t = catalog.transfers.get(p.productId);
  if (!t)
    throw validationError("Unknown transfer.", [
      { path: "body.productId", message: `unknown transfer product '${p.productId}'` },
    ]);
  const a = { code: t.a_code, city: t.a_city, country: t.a_country, zone: t.a_zone };
  const hour = utcHourStart(p.pickupAt);
  return {
    ...base,
    params: p,
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
          componentId: base.id,
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

export function resolveLodging(catalog: CatalogRows, base: Base, p: ParamsOf<"lodging">): ResolvedComponent {
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
    params: p,
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
          componentId: base.id,
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

export function resolveTour(catalog: CatalogRows, base: Base, p: ParamsOf<"tour">): ResolvedComponent {
  const d = catalog.departures.get(p.departureId);
  if (!d)
    throw validationError("Unknown tour departure.", [
      { path: "body.departureId", message: `unknown tour departure '${p.departureId}'` },
    ]);
  const endsAt = new Date(Date.parse(d.starts_at) + d.duration_minutes * 60_000).toISOString();
  const n = p.travelerIds.length;
  return {
    ...base,
    params: p,
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
          componentId: base.id,
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
