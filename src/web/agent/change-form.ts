import { type ComponentChange, ComponentChangeSchema } from "../../services/itineraries/schemas";

type Body = Record<string, unknown>;
const str = (body: Body, name: string) => (typeof body[name] === "string" ? (body[name] as string).trim() : "");

/** The component a form names by its fields (an offer's hidden fields, the treatment dates form). */
function componentFrom(body: Body): unknown {
  const type = str(body, "type");
  switch (type) {
    case "flight":
      return { type, flightId: str(body, "flightId") };
    case "transfer":
      return {
        type,
        productId: str(body, "productId"),
        pickupAt: str(body, "pickupAt"),
        direction: str(body, "direction") === "departure" ? "departure" : "arrival",
      };
    case "lodging":
      return {
        type,
        roomTypeId: str(body, "roomTypeId"),
        checkIn: str(body, "checkIn"),
        checkOut: str(body, "checkOut"),
      };
    case "tour":
      return { type, departureId: str(body, "departureId") };
    case "treatment": {
      const nights = str(body, "inpatientNights");
      return {
        type,
        ...(str(body, "admissionDate") ? { admissionDate: str(body, "admissionDate") } : {}),
        ...(nights ? { inpatientNights: /^\d+$/.test(nights) ? Number(nights) : -1 } : {}),
      };
    }
    default:
      return null;
  }
}

/**
 * The change a form carries: its `change` field (the JSON the preview's forms carry, as the shared
 * contract fixes it) or, from the editor, a component's fields with `replace` naming the one it
 * takes the place of. Null when it is not a change the verb takes.
 */
export function changeFrom(body: Body): ComponentChange | null {
  const json = str(body, "change");
  let candidate: unknown;
  if (json) {
    if (json.length > 10_000) return null;
    try {
      candidate = JSON.parse(json);
    } catch {
      return null;
    }
  } else {
    const component = componentFrom(body);
    const replace = str(body, "replace");
    candidate = replace ? { componentId: replace, component } : { component };
  }
  const parsed = ComponentChangeSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

/** The version the form was rendered at (the API's If-Match). */
export function versionFrom(body: Body): number | undefined {
  const v = Number(str(body, "version"));
  return Number.isSafeInteger(v) && v > 0 ? v : undefined;
}

/** A reason of at most 500 characters, or undefined when empty. */
export function reasonFrom(body: Body): string | undefined {
  const r = str(body, "reason");
  return r ? r : undefined;
}

/** "1250.50" in a currency → minor units (125050), or null when it is not an amount in that currency. */
export function minorUnits(text: string, currency: string): number | null {
  const digits =
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const m = /^(\d{1,12})(?:[.,](\d+))?$/.exec(text.replace(/\s/g, ""));
  if (!m || (m[2] ?? "").length > digits) return null;
  return Number(m[1]) * 10 ** digits + Number((m[2] ?? "").padEnd(digits, "0") || "0");
}

/** Minor units → the plain decimal a form field shows ("1250.50"). */
export function majorText(amount: number, currency: string): string {
  const digits =
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return digits === 0 ? String(amount) : (amount / 10 ** digits).toFixed(digits);
}
