import {
  consultationsById,
  departuresById,
  flightsById,
  roomsById,
  transfersById,
} from "../../data/component-catalog-repo";
import type { ComponentParamsRow, HospitalInfo } from "../../data/itineraries-repo";
import type { ComponentRow } from "../../data/schema";
import type { TimelineInput } from "../../domain/timeline/index";
import { resolveConsultation, resolveTreatment } from "./resolve-medical";
import { resolveFlight, resolveLodging, resolveTour, resolveTransfer } from "./resolve-travel";
import type { CatalogRows, ComponentParams, Db, ResolvedComponent, Traveler } from "./types";

export type { ComponentParams, ResolvedComponent, Traveler } from "./types";

export function parseParams(row: Pick<ComponentRow, "type" | "params">): ComponentParams {
  return { type: row.type, ...(JSON.parse(row.params) as object) } as ComponentParams;
}

export function parseTravelers(itn: { travelers: string }): Traveler[] {
  return JSON.parse(itn.travelers) as Traveler[];
}

/** Resolves stored components against the catalog. A vanished catalog row is reported as a validation error. */
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

async function byId<R>(
  ids: string[],
  load: (ids: string[]) => Promise<R[]>,
  key: (r: R) => string,
): Promise<Map<string, R>> {
  if (ids.length === 0) return new Map();
  return new Map((await load([...new Set(ids)])).map((r) => [key(r), r]));
}

async function loadCatalog(db: Db, ps: ComponentParams[]): Promise<CatalogRows> {
  const ids = { flight: [] as string[], transfer: [] as string[], lodging: [] as string[], tour: [] as string[] };
  const consultation: string[] = [];
  for (const p of ps) {
    if (p.type === "flight") ids.flight.push(p.flightId);
    else if (p.type === "transfer") ids.transfer.push(p.productId);
    else if (p.type === "lodging") ids.lodging.push(p.roomTypeId);
    else if (p.type === "tour") ids.tour.push(p.departureId);
    else if (p.type === "consultation") consultation.push(p.consultationId);
  }
  const id = (r: { id: string }) => r.id;
  const [flights, transfers, rooms, departures, consultations] = await Promise.all([
    byId(ids.flight, (x) => flightsById(db, x), id),
    byId(ids.transfer, (x) => transfersById(db, x), id),
    byId(ids.lodging, (x) => roomsById(db, x), id),
    byId(
      ids.tour,
      (x) => departuresById(db, x),
      (r) => r.departure_id,
    ),
    byId(consultation, (x) => consultationsById(db, x), id),
  ]);
  return { flights, transfers, rooms, departures, consultations };
}

/** Resolves components in order, every catalog row they need fetched up front (a handful of queries in all). */
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
  const base = { id, type: p.type, position };
  switch (p.type) {
    case "flight":
      return resolveFlight(catalog, base, p);
    case "transfer":
      return resolveTransfer(catalog, base, p);
    case "lodging":
      return resolveLodging(catalog, base, p);
    case "tour":
      return resolveTour(catalog, base, p);
    case "consultation":
      return resolveConsultation(catalog, hospital, base, p);
    case "treatment":
      return resolveTreatment(hospital, base, p);
  }
}

/** Merges each component's timeline pieces into the domain's input. */
export function timelineInput(
  hospital: HospitalInfo,
  travelers: Traveler[],
  resolved: ResolvedComponent[],
): TimelineInput {
  const { id, name, city, country, zone } = hospital;
  const input: TimelineInput = {
    hospital: { id, name, city, country, zone },
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
