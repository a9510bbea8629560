import { findConsultation, findRoomType, findTransferProduct } from "../../data/component-catalog-repo";
import { consultationRecommendation } from "../../data/component-catalog-repo";
import * as quotes from "../../data/quotes-repo";
import { foreignDepartmentCodes, loadTariffVersions } from "../../data/tariffs-repo";
import { priceMedicalLines } from "../../domain/pricing/medical";
import type { ServiceContext } from "../context";
import { businessRule, conflict, validationError } from "../errors";
import type { ComponentInput } from "./schemas";
import type { ActivityRestriction, ComponentParams, ParamsOf, Traveler } from "./types";

type Ctx = Pick<ServiceContext, "db">;
/** The itinerary a component is checked against. */
type Owner = { patient_id: string; hospital_id: string; quote_id: string | null };
type InputOf<K extends ComponentInput["type"]> = Extract<ComponentInput, { type: K }>;

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
export async function buildParams(
  ctx: Ctx,
  itn: Owner,
  travelers: Traveler[],
  input: ComponentInput,
  path: string,
): Promise<ComponentParams> {
  switch (input.type) {
    case "flight": {
      const travelerIds = travelerIdsOf(travelers, input.travelerIds, `${path}.travelerIds`);
      return { type: "flight", flightId: input.flightId, travelerIds };
    }
    case "tour": {
      const travelerIds = travelerIdsOf(travelers, input.travelerIds, `${path}.travelerIds`);
      return { type: "tour", departureId: input.departureId, travelerIds };
    }
    case "transfer":
      return transferParams(ctx, itn, travelers, input, path);
    case "lodging":
      return lodgingParams(ctx, travelers, input, path);
    case "consultation":
      return consultationParams(ctx, itn, input, path);
    case "treatment":
      return treatmentParams(ctx, itn, input, path);
  }
}

async function transferParams(
  ctx: Ctx,
  itn: Owner,
  travelers: Traveler[],
  input: InputOf<"transfer">,
  path: string,
): Promise<ParamsOf<"transfer">> {
  const product = await findTransferProduct(ctx.db, input.productId);
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

async function lodgingParams(
  ctx: Ctx,
  travelers: Traveler[],
  input: InputOf<"lodging">,
  path: string,
): Promise<ParamsOf<"lodging">> {
  if (input.checkOut <= input.checkIn)
    throw validationError("checkOut must be after checkIn.", [
      { path: `${path}.checkOut`, message: "must be after checkIn" },
    ]);
  const room = await findRoomType(ctx.db, input.roomTypeId);
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
  const { checkIn, checkOut } = input;
  return { type: "lodging", roomTypeId: room.id, checkIn, checkOut, rooms, travelerIds: ids };
}

async function consultationParams(
  ctx: Ctx,
  itn: Owner,
  input: InputOf<"consultation">,
  path: string,
): Promise<ParamsOf<"consultation">> {
  const c = await findConsultation(ctx.db, input.consultationId);
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

/** The patient's own quote for this hospital, still open to booking. */
async function treatmentQuote(ctx: Ctx, itn: Owner, input: InputOf<"treatment">, path: string) {
  const quoteId = input.quoteId ?? itn.quote_id;
  if (!quoteId)
    throw validationError("A treatment comes from a quote.", [
      { path: `${path}.quoteId`, message: "required (the itinerary has no quote)" },
    ]);
  const q = await quotes.findQuote(ctx.db, quoteId);
  if (!q || q.patient_id !== itn.patient_id)
    throw validationError("Unknown quote.", [{ path: `${path}.quoteId`, message: "no such quote of this patient" }]);
  if (q.hospital_id !== itn.hospital_id)
    throw validationError("That quote is for another hospital.", [
      { path: `${path}.quoteId`, message: `for ${q.hospital_id}` },
    ]);
  if (q.status === "withdrawn")
    throw conflict(`Quote ${q.id} was withdrawn: ${q.withdrawn_reason ?? ""}`.trim(), "quote_withdrawn");
  return q;
}

async function treatmentParams(
  ctx: Ctx,
  itn: Owner,
  input: InputOf<"treatment">,
  path: string,
): Promise<ParamsOf<"treatment">> {
  const q = await treatmentQuote(ctx, itn, input, path);
  let rec: { inpatientNights?: number; fitToFlyDays?: number; activityRestrictions?: ActivityRestriction[] } = {};
  if (q.consultation_id) {
    const c = await consultationRecommendation(ctx.db, q.consultation_id);
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

/** The `params` column: everything but the type, which has a column of its own. */
export function paramsJson(p: ComponentParams): string {
  const { type: _t, ...rest } = p;
  return JSON.stringify(rest);
}

/** The catalog row (or quote) a component refers to. */
export function refOf(p: ComponentParams): string {
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
