import { localToUtc } from "../../domain/time/local-time";
import {
  listAirports,
  searchFlights,
  searchLodging,
  searchTours,
  searchTransfers,
} from "../../services/catalog/catalog";
import { ValidationError } from "../../services/errors";
import { type WebContext, webServiceContext } from "../env";
import { type FieldMessages, fieldMessages } from "../ui/form";
import type { ComponentKind, Trip, TripComponent } from "./shared";

const LIMIT = 12;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;
const AIRPORT = /^[A-Za-z]{3}$/;

/** One thing a search found: what it is, how much is left, its price, and the fields that add it. */
export interface Offer {
  label: string;
  detail: string;
  left: string;
  price: { amount: number; currency: string };
  fields: Record<string, string>;
}

export interface SearchOutcome {
  kind: ComponentKind;
  values: Record<string, string>;
  offers: Offer[] | null;
  errors: FieldMessages;
}

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Sensible first values for each search form, from the treatment's dates and the hospital's city. */
export function defaultValues(trip: Trip, kind: ComponentKind): Record<string, string> {
  const treatment = trip.components.find((x) => x.type === "treatment")?.details as
    | { admission: { local: string }; discharge: { local: string }; fitToFlyDays: number }
    | undefined;
  const arrive = treatment ? addDays(treatment.admission.local.slice(0, 10), -2) : "";
  const guests = String(trip.travelers.filter((x) => x.needsLodging).length || 1);
  switch (kind) {
    case "flight":
      return { origin: "", destination: "", date: arrive };
    case "transfer":
      return { airport: "", at: arrive ? `${arrive}T15:00` : "", direction: "arrival" };
    case "lodging":
      return { checkIn: arrive, checkOut: treatment ? treatment.admission.local.slice(0, 10) : "", guests };
    case "tour":
      return { city: trip.hospital.city, date: "", language: "" };
  }
}

function check(values: Record<string, string>, rules: [string, RegExp][], required: string): FieldMessages {
  const errors: FieldMessages = {};
  for (const [name, re] of rules) if (!re.test(values[name] ?? "")) errors[name] = required;
  return errors;
}

/** Runs the same catalog search the API's component search uses. */
export async function runSearch(
  c: WebContext,
  trip: Trip,
  kind: ComponentKind,
  values: Record<string, string>,
): Promise<SearchOutcome> {
  const { t } = c.var.web;
  const required = t("form.required");
  const rules: Record<ComponentKind, [string, RegExp][]> = {
    flight: [
      ["origin", AIRPORT],
      ["destination", AIRPORT],
      ["date", DATE],
    ],
    transfer: [
      ["airport", AIRPORT],
      ["at", LOCAL_DATE_TIME],
    ],
    lodging: [
      ["checkIn", DATE],
      ["checkOut", DATE],
    ],
    tour: [["city", /\S/]],
  };
  const errors = check(values, rules[kind], required);
  if (kind === "tour" && values.date && !DATE.test(values.date)) errors.date = required;
  if (Object.keys(errors).length) return { kind, values, offers: null, errors };
  try {
    return { kind, values, offers: await offers(c, trip, kind, values), errors: {} };
  } catch (err) {
    if (err instanceof ValidationError)
      return { kind, values, offers: null, errors: fieldMessages(err.errors, c.var.web.t) };
    throw err;
  }
}

async function offers(c: WebContext, trip: Trip, kind: ComponentKind, v: Record<string, string>): Promise<Offer[]> {
  const ctx = webServiceContext(c);
  const { t, fmt } = c.var.web;
  const people = trip.travelers.length;
  if (kind === "flight") {
    const input = { origin: v.origin!.toUpperCase(), destination: v.destination!.toUpperCase(), date: v.date! };
    const r = await searchFlights({ ctx, input: { ...input, passengers: people, limit: LIMIT } });
    return r.data.map((f) => ({
      label: `${f.carrier} ${f.flightNumber}, ${f.origin.city} → ${f.destination.city}`,
      detail: t("trips.result.flight", {
        number: f.flightNumber,
        departs: fmt.dateTime(f.departure.utc, f.departure.zone),
        arrives: fmt.dateTime(f.arrival.utc, f.arrival.zone),
      }),
      left: t("trips.result.seatsLeft", { n: f.seatsLeft }),
      price: f.totalFare,
      fields: { type: "flight", flightId: f.id },
    }));
  }
  if (kind === "transfer") {
    const code = v.airport!.toUpperCase();
    const airport = (await listAirports({ ctx })).data.find((a) => a.code === code);
    if (!airport) return [];
    const [, date, time] = LOCAL_DATE_TIME.exec(v.at!)!;
    const at = localToUtc(date!, time!, airport.zone);
    const input = { airport: code, hospitalId: trip.hospital.id, at, passengers: people, limit: LIMIT };
    const r = await searchTransfers({ ctx, input });
    const direction = v.direction === "departure" ? "departure" : "arrival";
    return r.data.map((x) => ({
      label: `${x.vehicleType} · ${airport.city} (${code})`,
      detail: t("trips.result.transfer", { vehicle: x.vehicleType, max: x.maxPassengers, minutes: x.durationMinutes }),
      left: t("trips.result.vehiclesLeft", { n: x.availability.vehiclesLeft }),
      price: x.price,
      fields: { type: "transfer", productId: x.id, pickupAt: at, direction },
    }));
  }
  if (kind === "lodging") {
    const guests = Math.min(10, Math.max(1, Number(v.guests) || 1));
    const input = { hospitalId: trip.hospital.id, checkIn: v.checkIn!, checkOut: v.checkOut!, guests, limit: LIMIT };
    const r = await searchLodging({ ctx, input: { ...input, ...(v.accessible ? { accessible: true } : {}) } });
    return r.data.flatMap((h) =>
      h.roomTypes.map((room) => ({
        label: `${h.name} · ${room.name}`,
        detail: `${t("trips.result.hotel", { hotel: h.name, distance: fmt.number(h.distanceToHospitalMeters) })}; ${t(
          "trips.result.room",
          { room: room.name, guests: room.maxGuests },
        )}`,
        left: t("trips.result.roomsLeft", { n: room.roomsLeft }),
        price: room.stayTotal,
        fields: { type: "lodging", roomTypeId: room.id, checkIn: v.checkIn!, checkOut: v.checkOut! },
      })),
    );
  }
  const input = { city: v.city, participants: people, limit: LIMIT };
  const r = await searchTours({
    ctx,
    input: { ...input, ...(v.date ? { date: v.date } : {}), ...(v.language ? { language: v.language } : {}) },
  });
  return r.data.map((x) => ({
    label: `${x.title} · ${fmt.dateTime(x.startsAt.utc, x.startsAt.zone)}`,
    detail: t("trips.result.tour", { title: x.title, language: x.language, intensity: x.intensity }),
    left: t("trips.result.placesLeft", { n: x.placesLeft }),
    price: { amount: x.pricePerPerson.amount * people, currency: x.pricePerPerson.currency },
    fields: { type: "tour", departureId: x.departureId },
  }));
}

/** Search values that find alternatives to a component (a sold-out one): same route, dates or city. */
export function alternativeValues(trip: Trip, comp: TripComponent): Record<string, string> | null {
  const x = comp.details as Record<string, any>;
  switch (comp.type) {
    case "flight":
      return { origin: x.origin.code, destination: x.destination.code, date: x.departure.local.slice(0, 10) };
    case "transfer":
      return { airport: x.airport.code, at: x.pickup.local.slice(0, 16), direction: x.direction };
    case "lodging":
      return {
        checkIn: x.checkIn.local.slice(0, 10),
        checkOut: x.checkOut.local.slice(0, 10),
        guests: String(x.travelerIds?.length ?? 1),
      };
    case "tour":
      return { city: trip.hospital.city, date: x.startsAt.local.slice(0, 10), language: x.language };
    default:
      return null;
  }
}
