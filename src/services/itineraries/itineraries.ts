import type { Transaction } from "kysely";
import * as catalog from "../../data/catalog-repo";
import { newId } from "../../data/ids";
import * as inventory from "../../data/inventory-repo";
import * as repo from "../../data/itineraries-repo";
import type { LoadedItinerary } from "../../data/itineraries-repo";
import { enqueueNotification, type NotificationKind } from "../../data/notifications-repo";
import { decodeCursor, paginate } from "../../data/pagination";
import * as patients from "../../data/patients-repo";
import * as quotes from "../../data/quotes-repo";
import type { ComponentRow, Database, HospitalRow, ItineraryRow } from "../../data/schema";
import { foreignDepartmentCodes, loadTariffVersions } from "../../data/tariffs-repo";
import { type InUnitOfWork, withTransaction } from "../../data/unit-of-work";
import { refundAt } from "../../domain/cancellation/policy";
import { convert, roundHalfEven } from "../../domain/pricing/fx";
import { priceMedicalLines } from "../../domain/pricing/medical";
import type { PricedItinerary } from "../../domain/pricing/totals";
import { isSupportedCurrency } from "../../domain/pricing/money";
import type { TariffVersion } from "../../domain/pricing/tariff";
import { buildTimeline } from "../../domain/timeline/index";
import type { Actor, ServiceContext } from "../context";
import {
  businessRule,
  conflict,
  forbidden,
  notFound,
  preconditionFailed,
  preconditionRequired,
  ServiceError,
  validationError,
} from "../errors";
import { actsForPatient, isStaffOf, patientIdFor, requireActor } from "../scope";
import { type ComponentParams, type ResolvedComponent, resolveComponents, resolveOne, type Traveler } from "./resolve";
import { processRefunds } from "../payments/refunds";
import {
  feePolicyFrom,
  type ItineraryContext,
  itineraryView,
  moneyState,
  parseTravelers,
  priceOf,
  timelineInput,
} from "./view";

type Trx = Transaction<Database>;
/** A service context inside a unit of work: `uow.db` is its transaction, the only handle there. */
type Uow = ServiceContext & InUnitOfWork<ServiceContext>;

export interface TravelerInput {
  fullName: string;
  role: "patient" | "companion";
  languages?: string[];
  needsLodging?: boolean;
  wheelchair?: boolean;
  nationality?: string;
  passportNumber?: string;
  birthDate?: string;
}

export type ComponentInput =
  | { type: "flight"; flightId: string; travelerIds?: string[] }
  | {
      type: "transfer";
      productId: string;
      pickupAt: string;
      direction: "arrival" | "departure";
      travelerIds?: string[];
    }
  | { type: "lodging"; roomTypeId: string; checkIn: string; checkOut: string; rooms?: number; travelerIds?: string[] }
  | { type: "tour"; departureId: string; travelerIds?: string[] }
  | { type: "consultation"; consultationId: string }
  | {
      type: "treatment";
      quoteId?: string;
      admissionDate?: string;
      inpatientNights?: number;
      fitToFlyDays?: number;
      activityRestrictions?: {
        activity: "strenuous" | "walking_tours" | "altitude" | "flying" | "swimming" | "other";
        days: number;
      }[];
    };

export interface CreateItineraryInput {
  patientId?: string;
  hospitalId?: string;
  quoteId?: string;
  currency?: string;
  notes?: string;
  travelers: TravelerInput[];
  components?: ComponentInput[];
}

export const CANCELLATION_QUOTE_MINUTES = 10;

function checkVersion(itn: { version: number }, ifMatch: number | undefined) {
  if (ifMatch === undefined)
    throw preconditionRequired('Send `If-Match: "<version>"` with the version you read (the ETag).');
  if (ifMatch !== itn.version)
    throw preconditionFailed(`The itinerary is at version ${itn.version}, not ${ifMatch}: reload it and retry.`);
}

function isOwner(actor: Actor, itn: { patient_id: string }) {
  return actor.role === "patient" && actor.patientId === itn.patient_id;
}

function canRead(actor: Actor, itn: LoadedItinerary) {
  return actsForPatient(actor, { id: itn.patient_id, agencyId: itn.agency_id }) || isStaffOf(actor, itn.hospital_id);
}

/**
 * Patients managed by an agency change their own drafts; patients without one also their held
 * itineraries (a change re-holds in the same transaction). A confirmed itinerary involves payments
 * and refunds, so only agents (their agency's) and admins change it; nobody a completed or cancelled one.
 */
function assertCanWrite(actor: Actor, itn: LoadedItinerary) {
  if (actor.role === "patient") {
    if (itn.status === "draft") return;
    if (itn.agency_id !== null)
      throw forbidden("Your concierge agency manages this itinerary once held: ask your agent to change it.");
    if (itn.status === "held") return;
    if (itn.status === "confirmed")
      throw forbidden("A confirmed itinerary involves payments and refunds: ask Caravan support to change it.");
  }
  if (actor.role !== "patient" && actor.role !== "agent" && actor.role !== "admin")
    throw forbidden("Hospital staff read itineraries; they do not change them.");
  if (itn.status === "completed") throw conflict("A completed itinerary cannot change.", "invalid_state");
  if (itn.status === "cancelled") throw conflict("A cancelled itinerary cannot change.", "invalid_state");
}

async function hospitalOf(ctx: ServiceContext, id: string): Promise<HospitalRow> {
  return (await catalog.getHospital(ctx.db, id))!;
}

/** A held itinerary whose hold ran out goes back to draft and gives its inventory back, in one transaction. */
export async function expireHold(ctx: ServiceContext, id: string): Promise<boolean> {
  const now = ctx.clock.now();
  return withTransaction(ctx, async ({ db: trx }) => {
    const itn = await repo.findItinerary(trx, id);
    if (!itn || itn.status !== "held" || !itn.hold_expires_at || itn.hold_expires_at > now.toISOString()) return false;
    const held = (await inventory.activeReservations(trx, id)).filter((r) => r.status === "held");
    await inventory.releaseReservations(trx, held, now);
    if (
      !(await repo.bumpVersion(trx, id, itn.version, {
        status: "draft",
        hold_expires_at: null,
        updated_at: now.toISOString(),
      }))
    )
      return false;
    await repo.insertHistory(trx, {
      itineraryId: id,
      version: itn.version + 1,
      action: "hold_expired",
      actorUserId: null,
      actorRole: "system",
      at: now,
      summary: `Hold expired at ${itn.hold_expires_at}; inventory released.`,
      before: { status: "held" },
      after: { status: "draft" },
    });
    await enqueueNotification(trx, {
      userId: itn.patient_user_id,
      kind: "itinerary_hold_expired",
      language: itn.patient_language,
      subjectId: id,
      payload: { itineraryId: id, expiredAt: itn.hold_expires_at },
      now,
    });
    return true;
  });
}

/** Releases every expired hold; the Node entry runs it periodically, tests call it with an injected clock. */
export async function sweepExpiredHolds(ctx: ServiceContext): Promise<number> {
  let n = 0;
  for (;;) {
    const ids = await inventory.expiredHolds(ctx.db, ctx.clock.now().toISOString());
    if (ids.length === 0) return n;
    for (const id of ids) if (await expireHold(ctx, id)) n++;
    if (ids.length < 100) return n;
  }
}

/** Loads an itinerary the caller may see (404 otherwise), releasing its hold first if it ran out. */
export async function loadItinerary(ctx: ServiceContext, id: string): Promise<LoadedItinerary> {
  return (await loadWithHospital(ctx, id)).itn;
}

/** `loadItinerary` with the itinerary's hospital and its agency's fee policy, read in the same query. */
async function loadWithHospital(ctx: ServiceContext, id: string): Promise<{ itn: LoadedItinerary } & ItineraryContext> {
  const actor = requireActor(ctx);
  let found = await repo.findItineraryWithHospital(ctx.db, id);
  if (!found || !canRead(actor, found.itn)) throw notFound("itinerary", id);
  const { itn } = found;
  if (itn.status === "held" && itn.hold_expires_at && itn.hold_expires_at <= ctx.clock.now().toISOString()) {
    await expireHold(ctx, id);
    found = (await repo.findItineraryWithHospital(ctx.db, id))!;
  }
  return { itn: found.itn, hospital: found.hospital, feePolicy: feePolicyFrom(found.agency) };
}

async function view(ctx: ServiceContext, id: string) {
  const actor = requireActor(ctx);
  const itn = (await repo.findItinerary(ctx.db, id))!;
  return itineraryView(ctx, ctx.db, itn, { owner: isOwner(actor, itn) });
}

function travelerIdsOf(travelers: Traveler[], given: string[] | undefined, path: string): string[] {
  const ids = given ?? travelers.map((t) => t.id);
  if (ids.length === 0) throw validationError("A component needs at least one traveler.", [{ path, message: "empty" }]);
  const unknown = ids.filter((i) => !travelers.some((t) => t.id === i));
  if (unknown.length)
    throw validationError("Unknown traveler.", [{ path, message: `unknown traveler(s) ${unknown.join(", ")}` }]);
  if (new Set(ids).size !== ids.length)
    throw validationError("A traveler is listed twice.", [{ path, message: "duplicate traveler" }]);
  return ids;
}

/** Input → stored params, checked against the itinerary (travelers, hospital, the patient's quote). */
async function buildParams(
  ctx: Pick<ServiceContext, "db">,
  itn: { patient_id: string; hospital_id: string; quote_id: string | null },
  travelers: Traveler[],
  input: ComponentInput,
  path: string,
): Promise<ComponentParams> {
  switch (input.type) {
    case "flight":
      return {
        type: "flight",
        flightId: input.flightId,
        travelerIds: travelerIdsOf(travelers, input.travelerIds, `${path}.travelerIds`),
      };
    case "tour":
      return {
        type: "tour",
        departureId: input.departureId,
        travelerIds: travelerIdsOf(travelers, input.travelerIds, `${path}.travelerIds`),
      };
    case "transfer": {
      const product = await repo.findTransferProduct(ctx.db, input.productId);
      if (!product)
        throw validationError("Unknown transfer.", [
          { path: `${path}.productId`, message: `unknown transfer product '${input.productId}'` },
        ]);
      if (product.hospital_id !== itn.hospital_id)
        throw validationError("That transfer serves another hospital.", [
          { path: `${path}.productId`, message: `serves ${product.hospital_id}` },
        ]);
      const ids = travelerIdsOf(travelers, input.travelerIds, `${path}.travelerIds`);
      if (ids.length > product.max_passengers)
        throw validationError("Too many passengers for the vehicle.", [
          { path: `${path}.travelerIds`, message: `at most ${product.max_passengers}` },
        ]);
      return {
        type: "transfer",
        productId: product.id,
        pickupAt: new Date(input.pickupAt).toISOString(),
        direction: input.direction,
        travelerIds: ids,
      };
    }
    case "lodging": {
      if (input.checkOut <= input.checkIn)
        throw validationError("checkOut must be after checkIn.", [
          { path: `${path}.checkOut`, message: "must be after checkIn" },
        ]);
      const room = await repo.findRoomType(ctx.db, input.roomTypeId);
      if (!room)
        throw validationError("Unknown room type.", [
          { path: `${path}.roomTypeId`, message: `unknown room type '${input.roomTypeId}'` },
        ]);
      const ids = travelerIdsOf(travelers, input.travelerIds, `${path}.travelerIds`);
      const rooms = input.rooms ?? Math.ceil(ids.length / room.max_guests);
      if (ids.length > rooms * room.max_guests)
        throw validationError("Not enough rooms for the travelers.", [
          { path: `${path}.rooms`, message: `${rooms} × ${room.max_guests} guests < ${ids.length}` },
        ]);
      return {
        type: "lodging",
        roomTypeId: room.id,
        checkIn: input.checkIn,
        checkOut: input.checkOut,
        rooms,
        travelerIds: ids,
      };
    }
    case "consultation": {
      const c = await repo.findConsultation(ctx.db, input.consultationId);
      if (!c || c.patient_id !== itn.patient_id)
        throw validationError("Unknown consultation.", [
          { path: `${path}.consultationId`, message: "no such consultation of this patient" },
        ]);
      if (c.hospital_id !== itn.hospital_id)
        throw validationError("That consultation is at another hospital.", [
          { path: `${path}.consultationId`, message: `at ${c.hospital_id}` },
        ]);
      return { type: "consultation", consultationId: c.id };
    }
    case "treatment": {
      const quoteId = input.quoteId ?? itn.quote_id;
      if (!quoteId)
        throw validationError("A treatment comes from a quote.", [
          { path: `${path}.quoteId`, message: "required (the itinerary has no quote)" },
        ]);
      const q = await quotes.findQuote(ctx.db, quoteId);
      if (!q || q.patient_id !== itn.patient_id)
        throw validationError("Unknown quote.", [
          { path: `${path}.quoteId`, message: "no such quote of this patient" },
        ]);
      if (q.hospital_id !== itn.hospital_id)
        throw validationError("That quote is for another hospital.", [
          { path: `${path}.quoteId`, message: `for ${q.hospital_id}` },
        ]);
      if (q.status === "withdrawn")
        throw conflict(`Quote ${q.id} was withdrawn: ${q.withdrawn_reason ?? ""}`.trim(), "quote_withdrawn");
      let rec: {
        inpatientNights?: number;
        fitToFlyDays?: number;
        activityRestrictions?: { activity: "strenuous"; days: number }[];
      } = {};
      if (q.consultation_id) {
        const c = await repo.consultationRecommendation(ctx.db, q.consultation_id);
        if (c?.recommendation) rec = JSON.parse(c.recommendation);
      }
      const admissionDate = input.admissionDate ?? q.service_date;
      // The same foreign-department rules as a quote: a marked department's line is judged at the standard price.
      const [versions, foreignDepartments] = await Promise.all([
        loadTariffVersions(ctx.db, itn.hospital_id),
        foreignDepartmentCodes(ctx.db, itn.hospital_id),
      ]);
      const { lines, violations } = priceMedicalLines(
        q.lines.map((l) => ({
          code: l.code,
          quantity: l.quantity,
          department: l.department_code,
          serviceClass: l.service_class,
          serviceDate: admissionDate,
        })),
        versions,
        { foreignDepartments },
      );
      if (violations.length) {
        throw businessRule(
          "parity_violation",
          "The quote's items cannot be priced on that admission date.",
          violations.map((v) => ({ path: `${path}.admissionDate`, message: v.message })),
        );
      }
      return {
        type: "treatment",
        quoteId: q.id,
        admissionDate,
        inpatientNights: input.inpatientNights ?? rec.inpatientNights ?? 0,
        fitToFlyDays: input.fitToFlyDays ?? rec.fitToFlyDays ?? 0,
        activityRestrictions: input.activityRestrictions ?? rec.activityRestrictions ?? [],
        medicalLines: lines,
      };
    }
  }
}

function paramsJson(p: ComponentParams): string {
  const { type: _t, ...rest } = p;
  return JSON.stringify(rest);
}

const soldOut = (componentId: string, need: inventory.Need) =>
  conflict(
    `Not enough ${need.resource.replace("_", " ")} left for component ${componentId} (${need.key}).`,
    "sold_out",
    [{ path: `components.${componentId}`, message: `${need.resource} ${need.key} sold out` }],
  );

/**
 * Takes every need, all or nothing with the caller's transaction, in one fixed order (resource,
 * then key) so that concurrent holds lock counters alike. The nights of one stay go in one
 * `takeSeries`; the reservations in one INSERT.
 */
async function takeAll(
  uow: Uow,
  itineraryId: string,
  items: { componentId: string; need: inventory.Need }[],
  status: "held" | "booked",
  expiresAt: string | null,
  now: Date,
) {
  const sorted = [...items].sort((a, b) => (a.need.resource + a.need.key).localeCompare(b.need.resource + b.need.key));
  for (let i = 0; i < sorted.length; ) {
    const head = sorted[i]!;
    let j = i + 1;
    while (
      j < sorted.length &&
      sorted[j]!.componentId === head.componentId &&
      inventory.sameSeries(head.need, sorted[j]!.need) &&
      sorted[j]!.need.key !== sorted[j - 1]!.need.key
    )
      j++;
    const short = await inventory.takeSeries(
      uow.db,
      sorted.slice(i, j).map((x) => x.need),
      { lockInOrder: uow.dialect === "postgres" },
    );
    if (short) throw soldOut(head.componentId, short);
    i = j;
  }
  await inventory.insertReservations(
    uow.db,
    sorted.map(({ componentId, need }) => ({ itineraryId, componentId, need, status, expiresAt, now })),
  );
}

/** A compact picture of an itinerary for history: status, components and totals. */
async function snapshot(
  uow: Uow,
  itn: { id: string; status: string; agency_id: string | null; patient_currency: string; hospital_id: string },
) {
  const hospital = (await catalog.getHospital(uow.db, itn.hospital_id))!;
  const resolved = await resolveComponents(uow.db, hospital, await repo.componentsOf(uow.db, itn.id));
  const priced = await priceOf(uow, uow.db, itn, hospital, resolved);
  return snapshotOf(itn.status, resolved, priced);
}

/** `snapshot` of components already resolved and priced. */
function snapshotOf(status: string, resolved: ResolvedComponent[], priced: PricedItinerary) {
  return {
    status,
    components: resolved.map((r) => ({ id: r.id, type: r.type, ...(r.params as object) })),
    totals: {
      dueNow: priced.hospitalCurrency.dueNow,
      grandTotal: priced.hospitalCurrency.grandTotal,
      medical: priced.hospitalCurrency.medical,
    },
  };
}
type Snapshot = ReturnType<typeof snapshotOf>;

/**
 * History entry and notification for a change just made in the unit of work. The version and "after" are
 * read back, unless the caller knows them (`known`: a change that moves neither components nor prices).
 */
async function record(
  uow: Uow,
  itn: LoadedItinerary,
  action: string,
  summary: string,
  before: unknown,
  notify: NotificationKind | null,
  extra: Record<string, unknown> = {},
  known?: { version: number; after: Snapshot },
) {
  // Changes made by the system itself (a payment webhook, the sweeper) have no signed-in actor.
  const actor = uow.actor ?? { userId: null, role: "system" };
  const now = uow.clock.now();
  const trx = uow.db;
  let version: number;
  let after: Snapshot;
  if (known) ({ version, after } = known);
  else {
    const fresh = (await repo.findItinerary(trx, itn.id))!;
    version = fresh.version;
    after = await snapshot(uow, fresh);
  }
  await repo.insertHistory(trx, {
    itineraryId: itn.id,
    version,
    action,
    actorUserId: actor.userId,
    actorRole: actor.role,
    at: now,
    summary,
    before,
    after,
  });
  if (notify) {
    await enqueueNotification(trx, {
      userId: itn.patient_user_id,
      kind: notify,
      language: itn.patient_language,
      subjectId: itn.id,
      payload: {
        itineraryId: itn.id,
        version,
        summary,
        dueNow: after.totals.dueNow,
        grandTotal: after.totals.grandTotal,
        ...extra,
      },
      now,
    });
  }
}

export async function createItinerary({ ctx, input }: { ctx: ServiceContext; input: CreateItineraryInput }) {
  const actor = requireActor(ctx);
  const patientId = patientIdFor(actor, input.patientId, "Itineraries are made by patients and their agents.");
  const patient = await patients.findPatient(ctx.db, patientId);
  if (!patient || !actsForPatient(actor, { id: patient.id, agencyId: patient.agency_id }))
    throw notFound("patient", patientId);

  let hospitalId = input.hospitalId;
  if (input.quoteId) {
    const q = await quotes.findQuote(ctx.db, input.quoteId);
    if (!q || q.patient_id !== patient.id)
      throw validationError("Unknown quote.", [{ path: "body.quoteId", message: "no such quote of this patient" }]);
    if (hospitalId && hospitalId !== q.hospital_id)
      throw validationError("The quote is for another hospital.", [
        { path: "body.hospitalId", message: `the quote is for ${q.hospital_id}` },
      ]);
    hospitalId = q.hospital_id;
  }
  if (!hospitalId)
    throw validationError("Say which hospital.", [{ path: "body.hospitalId", message: "required without quoteId" }]);
  const hospital = await catalog.getHospital(ctx.db, hospitalId);
  if (!hospital)
    throw validationError("Unknown hospital.", [
      { path: "body.hospitalId", message: `unknown hospital '${hospitalId}'` },
    ]);
  const currency = input.currency ?? patient.currency;
  if (!isSupportedCurrency(currency))
    throw validationError("Unsupported currency.", [{ path: "body.currency", message: `unsupported '${currency}'` }]);
  if (input.travelers.filter((t) => t.role === "patient").length !== 1) {
    throw validationError("Exactly one traveler is the patient.", [
      { path: "body.travelers", message: "exactly one traveler with role patient" },
    ]);
  }
  const patientLanguages = JSON.parse(patient.languages) as string[];
  const travelers: Traveler[] = await Promise.all(
    input.travelers.map(async (t, i) => ({
      id: `t${i + 1}`,
      fullName: t.fullName,
      role: t.role,
      languages: t.languages ?? (t.role === "patient" ? patientLanguages : [patient.language]),
      needsLodging: t.needsLodging ?? true,
      wheelchair: t.wheelchair ?? false,
      nationality: t.nationality ?? (t.role === "patient" ? patient.nationality : null),
      passportNumberEnc: t.passportNumber
        ? await ctx.cipher.encrypt(t.passportNumber)
        : t.role === "patient"
          ? patient.passport_number_enc
          : null,
      birthDateEnc: t.birthDate
        ? await ctx.cipher.encrypt(t.birthDate)
        : t.role === "patient"
          ? patient.birth_date_enc
          : null,
    })),
  );
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const row: ItineraryRow = {
    id: newId("itn", now),
    patient_id: patient.id,
    agency_id: patient.agency_id,
    hospital_id: hospital.id,
    quote_id: input.quoteId ?? null,
    status: "draft",
    version: 1,
    patient_currency: currency,
    travelers: JSON.stringify(travelers),
    hold_expires_at: null,
    notes: input.notes ?? null,
    created_by: actor.userId,
    created_at: nowIso,
    updated_at: nowIso,
  };
  const params: ComponentParams[] = [];
  for (const [i, c] of (input.components ?? []).entries())
    params.push(await buildParams(ctx, row, travelers, c, `body.components.${i}`));
  for (const [i, p] of params.entries()) {
    try {
      await resolveOne(ctx.db, hospital, "new", i, p);
    } catch (err) {
      if (err instanceof ServiceError && err.errors)
        throw validationError(
          err.message,
          err.errors.map((e) => ({ ...e, path: e.path.replace("body.", `body.components.${i}.`) })),
        );
      throw err;
    }
  }
  await withTransaction(ctx, async (uow) => {
    const trx = uow.db;
    await repo.insertItinerary(trx, row);
    for (const [i, p] of params.entries()) {
      await repo.insertComponent(trx, {
        id: newId("cmp", now),
        itinerary_id: row.id,
        type: p.type,
        ref: refOf(p),
        params: paramsJson(p),
        position: i + 1,
        created_at: nowIso,
        updated_at: nowIso,
      });
    }
    await repo.insertHistory(trx, {
      itineraryId: row.id,
      version: 1,
      action: "created",
      actorUserId: actor.userId,
      actorRole: actor.role,
      at: now,
      summary: `Created with ${params.length} component(s).`,
      before: null,
      after: await snapshot(uow, row),
    });
  });
  return view(ctx, row.id);
}

function refOf(p: ComponentParams): string {
  switch (p.type) {
    case "flight":
      return p.flightId;
    case "transfer":
      return p.productId;
    case "lodging":
      return p.roomTypeId;
    case "tour":
      return p.departureId;
    case "consultation":
      return p.consultationId;
    case "treatment":
      return p.quoteId;
  }
}

export async function getItinerary({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  const { itn, hospital, feePolicy } = await loadWithHospital(ctx, input.id);
  return itineraryView(ctx, ctx.db, itn, { owner: isOwner(requireActor(ctx), itn) }, { hospital, feePolicy });
}

export async function listItineraries({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { status?: string; patientId?: string; hospitalId?: string; limit: number; cursor?: string };
}) {
  const actor = requireActor(ctx);
  const f: Parameters<typeof repo.listItineraries>[1] = {
    status: input.status,
    patientId: input.patientId,
    hospitalId: input.hospitalId,
    after: decodeCursor(input.cursor, 1),
    limit: input.limit,
  };
  if (actor.role === "patient") {
    if (input.patientId && input.patientId !== actor.patientId) return { data: [], nextCursor: null };
    f.patientId = actor.patientId!;
  } else if (actor.role === "agent") f.agencyId = actor.agencyId!;
  else if (actor.role === "clinician" || actor.role === "billing") {
    if (input.hospitalId && input.hospitalId !== actor.hospitalId) return { data: [], nextCursor: null };
    f.hospitalId = actor.hospitalId!;
  }
  const rows = await repo.listItineraries(ctx.db, f);
  const p = paginate(rows, input.limit, (r) => [r.id]);
  const nowIso = ctx.clock.now().toISOString();
  return {
    data: p.data.map((r) => ({
      id: r.id,
      version: r.version,
      status: r.status === "held" && r.hold_expires_at && r.hold_expires_at <= nowIso ? ("draft" as const) : r.status,
      patientId: r.patient_id,
      agencyId: r.agency_id,
      hospitalId: r.hospital_id,
      quoteId: r.quote_id,
      holdExpiresAt: r.status === "held" ? r.hold_expires_at : null,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    })),
    nextCursor: p.nextCursor,
  };
}

/** Runs a change: version check, the change itself, inventory for held/confirmed itineraries, history, notification — one transaction. */
async function change(
  ctx: ServiceContext,
  id: string,
  ifMatch: number | undefined,
  action: string,
  fn: (uow: Uow, itn: LoadedItinerary, hospital: HospitalRow, now: Date) => Promise<string>,
) {
  const actor = requireActor(ctx);
  const itn = await loadItinerary(ctx, id);
  assertCanWrite(actor, itn);
  checkVersion(itn, ifMatch);
  const hospital = await hospitalOf(ctx, itn.hospital_id);
  const now = ctx.clock.now();
  await withTransaction(ctx, async (uow) => {
    const before = await snapshot(uow, itn);
    if (!(await repo.bumpVersion(uow.db, itn.id, itn.version, { updated_at: now.toISOString() })))
      throw preconditionFailed("The itinerary changed meanwhile: reload it and retry.");
    const summary = await fn(uow, itn, hospital, now);
    await record(uow, itn, action, summary, before, itn.status === "draft" ? null : "itinerary_changed");
    if (itn.status === "confirmed") await refundOverpayment(uow, itn.id, now);
  });
  await processRefunds(ctx, id);
  return view(ctx, id);
}

/** A change that lowers what is due on a paid itinerary refunds the difference, through the way it was paid. */
async function refundOverpayment(uow: Uow, itineraryId: string, now: Date) {
  const trx = uow.db;
  const itn = (await repo.findItinerary(trx, itineraryId))!;
  const hospital = (await catalog.getHospital(trx, itn.hospital_id))!;
  const resolved = await resolveComponents(trx, hospital, await repo.componentsOf(trx, itn.id));
  const priced = await priceOf(uow, trx, itn, hospital, resolved);
  const { rows, paid, refunded } = await moneyState(trx, itn.id);
  const over = paid - refunded - priced.hospitalCurrency.dueNow.amount;
  if (over <= 0) return;
  const method = rows.find((p) => p.kind === "payment" && p.status === "succeeded")?.method ?? "bank_transfer";
  await repo.insertPayment(trx, {
    itineraryId: itn.id,
    kind: "refund",
    method,
    status: method === "card" ? "pending" : "pending_manual",
    amount: over,
    currency: hospital.currency,
    reference: "adjustment",
    createdBy: uow.actor?.userId ?? null,
    now,
  });
}

async function inventoryFor(
  uow: Uow,
  itn: LoadedItinerary,
  hospital: HospitalRow,
  componentId: string,
  p: ComponentParams,
  now: Date,
) {
  if (itn.status !== "held" && itn.status !== "confirmed") return;
  const resolved = await resolveOne(uow.db, hospital, componentId, 0, p);
  if (itn.status === "held" && resolved.holdLimit && resolved.holdLimit <= now.toISOString()) {
    throw conflict(`Component ${componentId} starts before the hold could end.`, "hold_window_passed");
  }
  await takeAll(
    uow,
    itn.id,
    resolved.needs.map((need) => ({ componentId, need })),
    itn.status === "held" ? "held" : "booked",
    itn.status === "held" ? itn.hold_expires_at : null,
    now,
  );
}

export async function addComponent({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; ifMatch?: number; component: ComponentInput };
}) {
  return change(ctx, input.id, input.ifMatch, "component_added", async (uow, itn, hospital, now) => {
    const trx = uow.db;
    const p = await buildParams(uow, itn, parseTravelers(itn), input.component, "body");
    await resolveOne(trx, hospital, "new", 0, p);
    const rows = await repo.componentsOf(trx, itn.id);
    const id = newId("cmp", now);
    await repo.insertComponent(trx, {
      id,
      itinerary_id: itn.id,
      type: p.type,
      ref: refOf(p),
      params: paramsJson(p),
      position: Math.max(0, ...rows.map((r) => r.position)) + 1,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    await inventoryFor(uow, itn, hospital, id, p, now);
    return `Added ${p.type} ${refOf(p)}.`;
  });
}

async function componentOf(trx: Trx, itn: LoadedItinerary, componentId: string): Promise<ComponentRow> {
  const row = (await repo.componentsOf(trx, itn.id)).find((c) => c.id === componentId);
  if (!row) throw notFound("component", componentId);
  return row;
}

export async function replaceComponent({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; componentId: string; ifMatch?: number; component: ComponentInput };
}) {
  return change(ctx, input.id, input.ifMatch, "component_changed", async (uow, itn, hospital, now) => {
    const trx = uow.db;
    const old = await componentOf(trx, itn, input.componentId);
    if (old.type !== input.component.type)
      throw validationError("A component keeps its type; remove it and add another.", [
        { path: "body.type", message: `must be ${old.type}` },
      ]);
    const p = await buildParams(uow, itn, parseTravelers(itn), input.component, "body");
    await resolveOne(trx, hospital, old.id, old.position, p);
    const mine = (await inventory.activeReservations(trx, itn.id)).filter((r) => r.component_id === old.id);
    await inventory.releaseReservations(trx, mine, now);
    await repo.updateComponent(trx, old.id, { ref: refOf(p), params: paramsJson(p), updated_at: now.toISOString() });
    await inventoryFor(uow, itn, hospital, old.id, p, now);
    return `Changed ${old.type} ${old.ref} → ${refOf(p)}.`;
  });
}

export async function removeComponent({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; componentId: string; ifMatch?: number };
}) {
  return change(ctx, input.id, input.ifMatch, "component_removed", async ({ db: trx }, itn, _hospital, now) => {
    const old = await componentOf(trx, itn, input.componentId);
    const mine = (await inventory.activeReservations(trx, itn.id)).filter((r) => r.component_id === old.id);
    await inventory.releaseReservations(trx, mine, now);
    await repo.deleteReleasedReservationsOf(trx, old.id);
    await repo.deleteComponent(trx, old.id);
    return `Removed ${old.type} ${old.ref}.`;
  });
}

/**
 * Holds every component's inventory at once, or none. The hold lasts HOLD_MINUTES, or less when
 * a component starts sooner or the quote expires sooner. An itinerary with timeline errors is not held.
 */
export async function holdItinerary({ ctx, input }: { ctx: ServiceContext; input: { id: string; ifMatch?: number } }) {
  const actor = requireActor(ctx);
  const { itn, hospital, feePolicy } = await loadWithHospital(ctx, input.id);
  if (actor.role !== "patient" && actor.role !== "agent" && actor.role !== "admin") throw forbidden();
  if (actor.role === "patient" && itn.status !== "draft")
    throw conflict(`A ${itn.status} itinerary cannot be held again.`, "invalid_state");
  assertCanWrite(actor, itn);
  checkVersion(itn, input.ifMatch);
  if (itn.status !== "draft") throw conflict(`A ${itn.status} itinerary cannot be held.`, "invalid_state");
  const rows = await repo.componentParamsOf(ctx.db, itn.id);
  if (rows.length === 0) throw businessRule("empty_itinerary", "Add components before holding.");
  const resolved = await resolveComponents(ctx.db, hospital, rows);
  const timeline = buildTimeline(timelineInput(hospital, parseTravelers(itn), resolved));
  const errors = timeline.issues.filter((i) => i.severity === "error");
  if (errors.length) {
    throw businessRule(
      "timeline_invalid",
      `The timeline has ${errors.length} error(s): fix them before holding.`,
      errors.map((e) => ({ path: `components.${e.componentIds.join(",")}`, message: `${e.code}: ${e.message}` })),
    );
  }
  const now = ctx.clock.now();
  const limits = [
    now.getTime() + ctx.config.holdMinutes * 60_000,
    ...resolved.flatMap((r) => (r.holdLimit ? [Date.parse(r.holdLimit)] : [])),
  ];
  for (const r of resolved) {
    if (r.type !== "treatment") continue;
    const q = await quotes.findQuote(ctx.db, (r.params as { quoteId: string }).quoteId);
    if (!q || q.status !== "open" || q.valid_until <= now.toISOString()) {
      throw conflict(
        `Quote ${q?.id ?? "?"} has expired or was withdrawn: ask for a fresh quote; prices are never silently honoured or changed.`,
        "quote_expired",
      );
    }
    limits.push(Date.parse(q.valid_until));
  }
  const expiresAt = new Date(Math.min(...limits)).toISOString();
  if (expiresAt <= now.toISOString()) throw conflict("A component starts too soon to be held.", "hold_window_passed");
  // A hold moves neither components nor prices: one resolution and one pricing serve the history's
  // "before" and "after" and the response. The version bump below fails if anything changed since
  // they were read (every change to components bumps the version).
  const priced = await priceOf(ctx, ctx.db, itn, hospital, resolved, feePolicy);
  const held: LoadedItinerary = {
    ...itn,
    status: "held",
    version: itn.version + 1,
    hold_expires_at: expiresAt,
    updated_at: now.toISOString(),
  };
  await withTransaction(ctx, async (uow) => {
    if (
      !(await repo.bumpVersion(uow.db, itn.id, itn.version, {
        status: held.status,
        hold_expires_at: held.hold_expires_at,
        updated_at: held.updated_at,
      }))
    ) {
      throw preconditionFailed("The itinerary changed meanwhile: reload it and retry.");
    }
    await takeAll(
      uow,
      itn.id,
      resolved.flatMap((r) => r.needs.map((need) => ({ componentId: r.id, need }))),
      "held",
      expiresAt,
      now,
    );
    await record(
      uow,
      held,
      "held",
      `Held until ${expiresAt}.`,
      snapshotOf(itn.status, resolved, priced),
      "itinerary_held",
      { expiresAt },
      { version: held.version, after: snapshotOf(held.status, resolved, priced) },
    );
  });
  return itineraryView(ctx, ctx.db, held, { owner: isOwner(actor, held) }, { hospital, resolved, timeline, priced });
}

/**
 * Turns a hold into bookings, inside the caller's unit of work: the payment code's when a
 * payment succeeds, or `recordBankTransfer`'s.
 */
export async function confirmHeld(uow: Uow, itineraryId: string, via: string): Promise<void> {
  const trx = uow.db;
  const now = uow.clock.now();
  const itn = await repo.findItinerary(trx, itineraryId);
  if (!itn || itn.status !== "held")
    throw conflict(`Only a held itinerary can be confirmed (it is ${itn?.status ?? "unknown"}).`, "invalid_state");
  if (!itn.hold_expires_at || itn.hold_expires_at <= now.toISOString())
    throw conflict("The hold has expired.", "hold_expired");
  const before = await snapshot(uow, itn);
  await inventory.bookReservations(trx, itn.id);
  if (
    !(await repo.bumpVersion(trx, itn.id, itn.version, {
      status: "confirmed",
      hold_expires_at: null,
      updated_at: now.toISOString(),
    }))
  ) {
    throw conflict("The itinerary changed meanwhile.", "concurrent_change");
  }
  await record(uow, { ...itn, status: "confirmed" }, "confirmed", `Confirmed (${via}).`, before, "itinerary_confirmed");
}

/** An agent records a bank transfer for what is due now and confirms the held itinerary. */
export async function recordBankTransfer({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; ifMatch?: number; reference: string; amount: { amount: number; currency: string } };
}) {
  const actor = requireActor(ctx);
  if (actor.role !== "agent" && actor.role !== "admin")
    throw forbidden("Bank transfers are recorded by the concierge agent.");
  const itn = await loadItinerary(ctx, input.id);
  assertCanWrite(actor, itn);
  checkVersion(itn, input.ifMatch);
  if (itn.status !== "held")
    throw conflict(`Only a held itinerary can be paid (it is ${itn.status}).`, "invalid_state");
  const hospital = await hospitalOf(ctx, itn.hospital_id);
  const resolved = await resolveComponents(ctx.db, hospital, await repo.componentsOf(ctx.db, itn.id));
  const priced = await priceOf(ctx, ctx.db, itn, hospital, resolved);
  const { paid, refunded } = await moneyState(ctx.db, itn.id);
  const outstanding = priced.hospitalCurrency.dueNow.amount - (paid - refunded);
  if (input.amount.currency !== hospital.currency || input.amount.amount !== outstanding) {
    throw businessRule("amount_mismatch", `What is due now is ${outstanding} ${hospital.currency} (minor units).`, [
      { path: "body.amount", message: `must be {amount: ${outstanding}, currency: ${hospital.currency}}` },
    ]);
  }
  const now = ctx.clock.now();
  await withTransaction(ctx, async (uow) => {
    const trx = uow.db;
    await repo.insertPayment(trx, {
      itineraryId: itn.id,
      kind: "payment",
      method: "bank_transfer",
      status: "succeeded",
      amount: outstanding,
      currency: hospital.currency,
      reference: input.reference,
      createdBy: actor.userId,
      now,
    });
    await enqueueNotification(trx, {
      userId: itn.patient_user_id,
      kind: "payment_received",
      language: itn.patient_language,
      subjectId: itn.id,
      payload: {
        itineraryId: itn.id,
        amount: { amount: outstanding, currency: hospital.currency },
        method: "bank_transfer",
      },
      now,
    });
    await confirmHeld(uow, itn.id, `bank transfer ${input.reference}`);
  });
  return view(ctx, itn.id);
}

/** The refund per component if cancelled now, valid a few minutes. Nothing changes yet. */
export async function quoteCancellation({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  const actor = requireActor(ctx);
  const itn = await loadItinerary(ctx, input.id);
  if (actor.role === "clinician" || actor.role === "billing") throw forbidden();
  if (itn.status === "cancelled" || itn.status === "completed")
    throw conflict(`A ${itn.status} itinerary cannot be cancelled.`, "invalid_state");
  const hospital = await hospitalOf(ctx, itn.hospital_id);
  const resolved = await resolveComponents(ctx.db, hospital, await repo.componentsOf(ctx.db, itn.id));
  const priced = await priceOf(ctx, ctx.db, itn, hospital, resolved);
  const { paid, refunded } = await moneyState(ctx.db, itn.id);
  const net = paid - refunded;
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const cur = hospital.currency;
  const rates = priced.fx.conversions;
  const toHospital = (m: { amount: number; currency: string }) => {
    if (m.currency === cur) return m.amount;
    const r = rates.find((x) => x.from === m.currency && x.to === cur);
    if (!r) throw businessRule("fx_unavailable", `No exchange rate ${m.currency}→${cur}.`);
    return convert(m, r).amount;
  };
  // Refunds only give back what was paid: nothing is refunded on an unpaid hold.
  const travelTotal = priced.hospitalCurrency.travel.amount;
  const lines = resolved.map((r) => {
    const price = r.travel ? r.travel.total : { amount: 0, currency: cur };
    const refund = net > 0 ? refundAt(r.policy, nowIso) : { amount: 0, currency: price.currency };
    return { componentId: r.id, type: r.type, price, refund: { amount: toHospital(refund), currency: cur } };
  });
  const travelRefund = lines.reduce((s, l) => s + l.refund.amount, 0);
  const fees = priced.hospitalCurrency.fees.amount;
  const feeRefund =
    net > 0 && travelTotal > 0 ? Number(roundHalfEven(BigInt(fees) * BigInt(travelRefund), BigInt(travelTotal))) : 0;
  const total = Math.min(net, travelRefund + feeRefund);
  const id = newId("cxq", now);
  const expiresAt = new Date(now.getTime() + CANCELLATION_QUOTE_MINUTES * 60_000).toISOString();
  await repo.insertCancellationQuote(ctx.db, {
    id,
    itinerary_id: itn.id,
    itinerary_version: itn.version,
    status: "open",
    refunds: JSON.stringify({ lines, feeRefund }),
    total_refund: total,
    currency: cur,
    created_at: nowIso,
    expires_at: expiresAt,
  });
  return {
    id,
    itineraryId: itn.id,
    itineraryVersion: itn.version,
    expiresAt,
    paid: { amount: net, currency: cur },
    components: lines,
    fees: { amount: feeRefund, currency: cur },
    totalRefund: { amount: total, currency: cur },
  };
}

/** Confirms a cancellation quote: releases all inventory and records exactly the quoted refund. */
export async function confirmCancellation({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; ifMatch?: number; cancellationQuoteId: string };
}) {
  const actor = requireActor(ctx);
  const itn = await loadItinerary(ctx, input.id);
  if (actor.role === "clinician" || actor.role === "billing") throw forbidden();
  if (actor.role === "patient" && itn.status !== "draft" && itn.status !== "held") {
    throw forbidden("A confirmed itinerary is cancelled by your concierge agent.");
  }
  if (itn.status === "cancelled" || itn.status === "completed")
    throw conflict(`A ${itn.status} itinerary cannot be cancelled.`, "invalid_state");
  checkVersion(itn, input.ifMatch);
  const cq = await repo.findCancellationQuote(ctx.db, input.cancellationQuoteId);
  if (!cq || cq.itinerary_id !== itn.id)
    throw validationError("Unknown cancellation quote.", [
      { path: "body.cancellationQuoteId", message: "no such quote for this itinerary" },
    ]);
  const now = ctx.clock.now();
  if (cq.status !== "open") throw conflict("That cancellation quote was already used.", "cancellation_quote_used");
  if (cq.expires_at <= now.toISOString())
    throw conflict("That cancellation quote has expired: ask for a new one.", "cancellation_quote_expired");
  if (cq.itinerary_version !== itn.version)
    throw conflict("The itinerary changed since the quote: ask for a new one.", "cancellation_quote_stale");
  await withTransaction(ctx, async (uow) => {
    const trx = uow.db;
    const before = await snapshot(uow, itn);
    if (!(await repo.useCancellationQuote(trx, cq.id)))
      throw conflict("That cancellation quote was already used.", "cancellation_quote_used");
    await inventory.releaseReservations(trx, await inventory.activeReservations(trx, itn.id), now);
    if (
      !(await repo.bumpVersion(trx, itn.id, itn.version, {
        status: "cancelled",
        hold_expires_at: null,
        updated_at: now.toISOString(),
      }))
    )
      throw preconditionFailed("The itinerary changed meanwhile.");
    if (cq.total_refund > 0) {
      const method =
        (await moneyState(trx, itn.id)).rows.find((p) => p.kind === "payment" && p.status === "succeeded")?.method ??
        "bank_transfer";
      await repo.insertPayment(trx, {
        itineraryId: itn.id,
        kind: "refund",
        method,
        status: method === "card" ? "pending" : "pending_manual",
        amount: cq.total_refund,
        currency: cq.currency,
        reference: null,
        cancellationQuoteId: cq.id,
        createdBy: actor.userId,
        now,
      });
    }
    await record(
      uow,
      { ...itn, status: "cancelled" },
      "cancelled",
      `Cancelled; refund ${cq.total_refund} ${cq.currency} (minor units).`,
      before,
      "itinerary_cancelled",
      { refund: { amount: cq.total_refund, currency: cq.currency } },
    );
  });
  await processRefunds(ctx, itn.id);
  return view(ctx, itn.id);
}

export async function itineraryHistory({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  const itn = await loadItinerary(ctx, input.id);
  const rows = await repo.historyOf(ctx.db, itn.id);
  return {
    itineraryId: itn.id,
    data: rows.map((h) => ({
      version: h.version,
      action: h.action,
      at: h.at,
      actor: { userId: h.actor_user_id, role: h.actor_role },
      summary: h.summary,
      before: h.before ? (JSON.parse(h.before) as unknown) : null,
      after: h.after ? (JSON.parse(h.after) as unknown) : null,
    })),
  };
}

/** After a new tariff version, inside the publication's unit of work: re-prices the medical lines of open itineraries whose treatment dates it covers. */
export async function repriceItineraries(
  uow: Uow,
  args: { hospitalId: string; fromDate: string; versions: TariffVersion[]; reason: string },
) {
  const trx = uow.db;
  const rows = await repo.liveTreatmentComponentsOf(trx, args.hospitalId);
  const changed: { itineraryId: string; before: number; after: number }[] = [];
  const now = uow.clock.now();
  const foreignDepartments = rows.length === 0 ? undefined : await foreignDepartmentCodes(trx, args.hospitalId);
  for (const r of rows) {
    const p = JSON.parse(r.params) as Extract<ComponentParams, { type: "treatment" }>;
    if (!p.medicalLines.some((l) => l.serviceDate >= args.fromDate)) continue;
    const { lines, violations } = priceMedicalLines(
      p.medicalLines.map((l) => ({
        code: l.code,
        quantity: l.quantity,
        department: l.department,
        serviceClass: l.serviceClass,
        serviceDate: l.serviceDate,
      })),
      args.versions,
      { foreignDepartments },
    );
    if (violations.length) continue; // kept as is; the timeline/quote flow flags a withdrawn code on hold
    const before = p.medicalLines.reduce((s, l) => s + l.lineTotal, 0);
    const after = lines.reduce((s, l) => s + l.lineTotal, 0);
    if (
      lines.every(
        (l, i) =>
          l.unitPrice === p.medicalLines[i]!.unitPrice && l.tariffVersionId === p.medicalLines[i]!.tariffVersionId,
      )
    )
      continue;
    const itn = (await repo.findItinerary(trx, r.itinerary_id))!;
    await repo.updateComponent(trx, r.id, {
      params: JSON.stringify({ ...p, type: undefined, medicalLines: lines }),
      updated_at: now.toISOString(),
    });
    await repo.bumpVersion(trx, itn.id, itn.version, { updated_at: now.toISOString() });
    await repo.insertHistory(trx, {
      itineraryId: itn.id,
      version: itn.version + 1,
      action: "repriced",
      actorUserId: null,
      actorRole: "system",
      at: now,
      summary: `Medical lines re-priced after ${args.reason}: ${before} → ${after}.`,
      before: { medical: before },
      after: { medical: after },
    });
    await enqueueNotification(trx, {
      userId: itn.patient_user_id,
      kind: "itinerary_repriced",
      language: itn.patient_language,
      subjectId: itn.id,
      payload: {
        itineraryId: itn.id,
        reason: args.reason,
        before: { amount: before, currency: lines[0]?.currency },
        after: { amount: after, currency: lines[0]?.currency },
      },
      now,
    });
    changed.push({ itineraryId: itn.id, before, after });
  }
  return changed;
}
