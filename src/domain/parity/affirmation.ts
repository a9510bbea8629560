import { type ForeignDepartments, standardDomesticItem } from "../pricing/domestic";
import type { PricedMedicalLine } from "../pricing/medical";
import type { TariffVersion } from "../pricing/tariff";

/**
 * The document a parity affirmation signs: a quote's medical lines and the tariff
 * versions they come from. Serialised with a fixed key order so the signed bytes are
 * exactly the `payload` string handed out; verifiers check the signature over those
 * bytes and may then parse them.
 */
export const AFFIRMATION_TYPE = "caravan.parity-affirmation/v1";
export const PARITY_STATEMENT =
  "Each medical line is priced at exactly the domestic unit price of the same code, department and service class " +
  "in the hospital's domestic tariff version in force on the line's service date. " +
  "No surcharge; nationality does not select a price.";

export interface AffirmationDocument {
  type: typeof AFFIRMATION_TYPE;
  statement: string;
  quoteId: string;
  revision: number;
  hospitalId: string;
  currency: string;
  issuedAt: string;
  medicalTotal: number;
  lines: {
    lineNo: number;
    code: string;
    department: string;
    serviceClass: string;
    quantity: number;
    serviceDate: string;
    unitPrice: number;
    lineTotal: number;
    tariffVersionId: string;
    tariffVersion: number;
  }[];
}

export function affirmationDocument(q: {
  quoteId: string;
  revision: number;
  hospitalId: string;
  currency: string;
  issuedAt: string;
  lines: Pick<
    PricedMedicalLine,
    | "lineNo"
    | "code"
    | "department"
    | "serviceClass"
    | "quantity"
    | "serviceDate"
    | "unitPrice"
    | "lineTotal"
    | "tariffVersionId"
    | "tariffVersion"
  >[];
}): AffirmationDocument {
  const lines = q.lines.map((l) => ({
    lineNo: l.lineNo,
    code: l.code,
    department: l.department,
    serviceClass: l.serviceClass,
    quantity: l.quantity,
    serviceDate: l.serviceDate,
    unitPrice: l.unitPrice,
    lineTotal: l.lineTotal,
    tariffVersionId: l.tariffVersionId,
    tariffVersion: l.tariffVersion,
  }));
  return {
    type: AFFIRMATION_TYPE,
    statement: PARITY_STATEMENT,
    quoteId: q.quoteId,
    revision: q.revision,
    hospitalId: q.hospitalId,
    currency: q.currency,
    issuedAt: q.issuedAt,
    medicalTotal: lines.reduce((s, l) => s + l.lineTotal, 0),
    lines,
  };
}

/** Canonical bytes: JSON with the key order above, no whitespace. */
export function serializeAffirmation(doc: AffirmationDocument): string {
  return JSON.stringify(doc);
}

export function parseAffirmation(payload: string): AffirmationDocument | undefined {
  try {
    const d = JSON.parse(payload) as AffirmationDocument;
    if (d && d.type === AFFIRMATION_TYPE && Array.isArray(d.lines)) return d;
  } catch {
    // not JSON
  }
  return undefined;
}

/** One affirmed line checked against the tariff now: its domestic price (null: none) and whether it still holds. */
export interface AffirmedLineCheck {
  lineNo: number;
  code: string;
  unitPrice: number;
  domesticUnitPrice: number | null;
  holds: boolean;
}

/**
 * Whether an affirmed line still equals the domestic price of the tariff version it names. A
 * foreign-patient department's only domestic price is the standard class's, whatever its own item says.
 */
export function checkAffirmedLine(
  l: AffirmationDocument["lines"][number],
  versions: readonly TariffVersion[],
  foreign: ForeignDepartments,
): AffirmedLineCheck {
  const v = versions.find((x) => x.id === l.tariffVersionId && x.version === l.tariffVersion);
  const item = v?.items.find(
    (i) => i.code === l.code && i.department === l.department && i.serviceClass === l.serviceClass,
  );
  const domestic =
    item === undefined
      ? null
      : foreign.has(item.department)
        ? (standardDomesticItem(v!, item.code, foreign)?.unitPrice ?? null)
        : item.unitPrice;
  const holds =
    domestic !== null &&
    domestic === l.unitPrice &&
    l.lineTotal === domestic * l.quantity &&
    !!v &&
    v.effectiveFrom <= l.serviceDate;
  return { lineNo: l.lineNo, code: l.code, unitPrice: l.unitPrice, domesticUnitPrice: domestic, holds };
}

/** The document's medical total is the sum of its lines. */
export const affirmedTotalHolds = (doc: AffirmationDocument): boolean =>
  doc.medicalTotal === doc.lines.reduce((s, l) => s + l.lineTotal, 0);
