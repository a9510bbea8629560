import type { PricedMedicalLine } from "../pricing/medical";

/**
 * The document a parity affirmation signs: a quote's medical lines and the tariff
 * versions they come from. Serialised with a fixed key order so the signed bytes are
 * exactly the `payload` string handed out; verifiers check the signature over those
 * bytes and may then parse them.
 */
export const AFFIRMATION_TYPE = "caravan.parity-affirmation/v1";
export const PARITY_STATEMENT =
  "Each medical line is priced at exactly the domestic unit price of the same code, department and service class in the hospital's domestic tariff version in force on the line's service date. No surcharge; nationality does not select a price.";

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
