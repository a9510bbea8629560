import * as catalog from "../../data/catalog-repo";
import { streamMedicalLines } from "../../data/quotes-repo";
import { loadTariffVersions } from "../../data/tariffs-repo";
import { parseAffirmation } from "../../domain/parity/affirmation";
import { csvLine, parseCsv } from "../../domain/parity/csv";
import { type ChargedLine, createParityIndex, type ParityResult } from "../../domain/pricing/medical";
import type { ServiceContext } from "../../http/context";
import { notFound, validationError, type FieldError } from "../errors";
import { requireActor, requireBillingOf } from "../scope";

export type ReportVerdict = ParityResult["verdict"];

export interface ReportLine {
  quoteId: string;
  lineNo: number;
  quoteStatus: string;
  serviceDate: string;
  code: string;
  department: string;
  serviceClass: string;
  quantity: number;
  chargedUnitPrice: number;
  domesticUnitPrice: number | null;
  deviation: number | null;
  chargedLineTotal: number;
  domesticLineTotal: number | null;
  verdict: ReportVerdict;
  tariffVersion: number | null;
}

export interface ReportSummary {
  lines: number;
  parity: number;
  overcharge: number;
  undercharge: number;
  unknownCode: number;
  noTariffInForce: number;
  totalCharged: number;
  totalDomestic: number;
  totalDeviation: number;
  verdict: "parity" | "violations";
}

function emptySummary(): ReportSummary {
  return { lines: 0, parity: 0, overcharge: 0, undercharge: 0, unknownCode: 0, noTariffInForce: 0, totalCharged: 0, totalDomestic: 0, totalDeviation: 0, verdict: "parity" };
}

function tally(s: ReportSummary, l: ReportLine) {
  s.lines++;
  s.totalCharged += l.chargedLineTotal;
  if (l.domesticLineTotal !== null) {
    s.totalDomestic += l.domesticLineTotal;
    s.totalDeviation += l.chargedLineTotal - l.domesticLineTotal;
  }
  if (l.verdict === "parity") s.parity++;
  else {
    s.verdict = "violations";
    if (l.verdict === "overcharge") s.overcharge++;
    else if (l.verdict === "undercharge") s.undercharge++;
    else if (l.verdict === "unknown_code") s.unknownCode++;
    else s.noTariffInForce++;
  }
}

/**
 * One charged line against the domestic tariff. The verdict looks at both the unit price and
 * the line total, so a total edited behind the engine's back is caught too.
 */
function judge(index: ReturnType<typeof createParityIndex>, line: ChargedLine & { lineTotal: number; quantity: number }) {
  const r = index.verdict(line);
  const domesticLineTotal = r.domesticUnitPrice === null ? null : r.domesticUnitPrice * line.quantity;
  let verdict = r.verdict;
  if (domesticLineTotal !== null && (verdict === "parity" || verdict === "overcharge" || verdict === "undercharge")) {
    const unitDev = line.unitPrice - r.domesticUnitPrice!;
    const totalDev = line.lineTotal - domesticLineTotal;
    verdict = unitDev === 0 && totalDev === 0 ? "parity" : unitDev > 0 || (unitDev === 0 && totalDev > 0) ? "overcharge" : "undercharge";
  }
  return { r, verdict, domesticLineTotal };
}

async function hospitalFor(ctx: ServiceContext, hospitalId: string) {
  const actor = requireActor(ctx);
  const hospital = await catalog.getHospital(ctx.db, hospitalId);
  if (!hospital) throw notFound("hospital", hospitalId);
  requireBillingOf(actor, hospital.id);
  return hospital;
}

/**
 * Billing's parity report: every medical line with a service date in [from, to], charged vs
 * domestic unit price, deviation and verdict. Streams: lines are produced as they are read.
 */
export async function parityReport({ ctx, input }: { ctx: ServiceContext; input: { hospitalId: string; from: string; to: string } }) {
  if (input.to < input.from) throw validationError("`to` is before `from`.", [{ path: "query.to", message: "must be on or after from" }]);
  const hospital = await hospitalFor(ctx, input.hospitalId);
  const index = createParityIndex(await loadTariffVersions(ctx.db, hospital.id));
  const summary = emptySummary();
  async function* lines(): AsyncGenerator<ReportLine> {
    for await (const row of streamMedicalLines(ctx.db, hospital.id, input.from, input.to)) {
      const { r, verdict, domesticLineTotal } = judge(index, {
        code: row.code,
        department: row.department_code,
        serviceClass: row.service_class,
        serviceDate: row.service_date,
        unitPrice: row.unit_price,
        quantity: row.quantity,
        lineTotal: row.line_total,
      });
      const line: ReportLine = {
        quoteId: row.quote_id,
        lineNo: row.line_no,
        quoteStatus: row.status,
        serviceDate: row.service_date,
        code: row.code,
        department: row.department_code,
        serviceClass: row.service_class,
        quantity: row.quantity,
        chargedUnitPrice: row.unit_price,
        domesticUnitPrice: r.domesticUnitPrice,
        deviation: r.domesticUnitPrice === null ? null : row.unit_price - r.domesticUnitPrice,
        chargedLineTotal: row.line_total,
        domesticLineTotal,
        verdict,
        tariffVersion: r.tariffVersion,
      };
      tally(summary, line);
      yield line;
    }
  }
  return {
    meta: { hospitalId: hospital.id, currency: hospital.currency, from: input.from, to: input.to, generatedAt: ctx.clock.now().toISOString() },
    lines,
    summary: () => summary,
  };
}

export const REPORT_CSV_HEADER = [
  "quote_id",
  "line_no",
  "quote_status",
  "service_date",
  "code",
  "department",
  "service_class",
  "quantity",
  "charged_unit_price",
  "domestic_unit_price",
  "deviation",
  "charged_line_total",
  "domestic_line_total",
  "verdict",
  "tariff_version",
];

export function reportLineCsv(l: ReportLine): string {
  return csvLine([l.quoteId, l.lineNo, l.quoteStatus, l.serviceDate, l.code, l.department, l.serviceClass, l.quantity, l.chargedUnitPrice, l.domesticUnitPrice, l.deviation, l.chargedLineTotal, l.domesticLineTotal, l.verdict, l.tariffVersion]);
}

export interface CheckLineInput {
  ref?: string;
  code: string;
  department?: string;
  serviceClass?: string;
  serviceDate: string;
  unitPrice: number;
  quantity?: number;
}

const CHECK_COLUMNS = ["ref", "code", "department", "serviceClass", "serviceDate", "unitPrice", "quantity"] as const;
export const MAX_CHECK_LINES = 50_000;

/** Lines from a CSV upload (header row required; columns by name, in any order). */
export function checkLinesFromCsv(text: string): CheckLineInput[] {
  const rows = parseCsv(text);
  const header = rows.shift();
  if (!header) throw validationError("The CSV is empty.", [{ path: "body", message: "expected a header row and lines" }]);
  const norm = (h: string) => h.trim().replace(/[_\s-]+(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toLowerCase());
  const cols = header.map(norm);
  const missing = ["code", "serviceDate", "unitPrice"].filter((c) => !cols.includes(c));
  if (missing.length) throw validationError("The CSV header is missing columns.", missing.map((m) => ({ path: `body.header.${m}`, message: "required column" })));
  if (rows.length > MAX_CHECK_LINES) throw validationError(`At most ${MAX_CHECK_LINES} lines per check.`, [{ path: "body", message: "too many lines" }]);
  const errors: FieldError[] = [];
  const lines = rows.map((r, i) => {
    const get = (c: (typeof CHECK_COLUMNS)[number]) => {
      const at = cols.indexOf(c);
      return at === -1 ? undefined : (r[at] ?? "").trim() || undefined;
    };
    const unitPrice = Number(get("unitPrice"));
    const quantity = get("quantity") === undefined ? 1 : Number(get("quantity"));
    const date = get("serviceDate") ?? "";
    if (!get("code")) errors.push({ path: `body.lines.${i}.code`, message: "required" });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) errors.push({ path: `body.lines.${i}.serviceDate`, message: "expected YYYY-MM-DD" });
    if (!Number.isSafeInteger(unitPrice) || unitPrice < 0) errors.push({ path: `body.lines.${i}.unitPrice`, message: "expected integer minor units" });
    if (!Number.isSafeInteger(quantity) || quantity < 1) errors.push({ path: `body.lines.${i}.quantity`, message: "expected a positive integer" });
    return { ref: get("ref"), code: get("code") ?? "", department: get("department"), serviceClass: get("serviceClass"), serviceDate: date, unitPrice, quantity };
  });
  if (errors.length) throw validationError("Some CSV lines are invalid.", errors.slice(0, 100));
  return lines;
}

/** Billing sends lines from its own invoices; each gets its verdict against the domestic tariff. */
export async function parityChecks({ ctx, input }: { ctx: ServiceContext; input: { hospitalId: string; lines: CheckLineInput[] } }) {
  const hospital = await hospitalFor(ctx, input.hospitalId);
  const index = createParityIndex(await loadTariffVersions(ctx.db, hospital.id));
  const summary = emptySummary();
  const results = input.lines.map((l, i) => {
    const quantity = l.quantity ?? 1;
    const { r, verdict, domesticLineTotal } = judge(index, { ...l, quantity, lineTotal: l.unitPrice * quantity });
    const res = {
      lineNo: i + 1,
      ref: l.ref ?? null,
      code: l.code,
      department: r.department ?? l.department ?? null,
      serviceClass: r.serviceClass,
      serviceDate: l.serviceDate,
      quantity,
      chargedUnitPrice: l.unitPrice,
      domesticUnitPrice: r.domesticUnitPrice,
      deviation: r.domesticUnitPrice === null ? null : l.unitPrice - r.domesticUnitPrice,
      verdict,
      tariffVersion: r.tariffVersion,
    };
    tally(summary, {
      quoteId: "",
      lineNo: i + 1,
      quoteStatus: "",
      serviceDate: l.serviceDate,
      code: l.code,
      department: res.department ?? "",
      serviceClass: r.serviceClass,
      quantity,
      chargedUnitPrice: l.unitPrice,
      domesticUnitPrice: r.domesticUnitPrice,
      deviation: res.deviation,
      chargedLineTotal: l.unitPrice * quantity,
      domesticLineTotal,
      verdict,
      tariffVersion: r.tariffVersion,
    });
    return res;
  });
  return { hospitalId: hospital.id, currency: hospital.currency, checkedAt: ctx.clock.now().toISOString(), results, summary };
}

export function parityKeys({ ctx }: { ctx: ServiceContext }) {
  return { keys: [ctx.signer.publicJwk] };
}

/**
 * Verifies a parity affirmation: the Ed25519 signature over the exact payload bytes, and —
 * independently — that every line still equals the domestic price of the tariff version it names.
 */
export async function verifyAffirmation({ ctx, input }: { ctx: ServiceContext; input: { payload: string; signature: string; keyId?: string } }) {
  const keyKnown = input.keyId === undefined || input.keyId === ctx.signer.keyId;
  const signatureValid = keyKnown && (await ctx.signer.verify(input.payload, input.signature));
  const doc = parseAffirmation(input.payload);
  if (!doc) {
    return { signatureValid, keyId: ctx.signer.keyId, document: null, parity: null, valid: false, reasons: ["payload is not a Caravan parity affirmation"] };
  }
  const reasons: string[] = [];
  if (!keyKnown) reasons.push(`unknown key ${input.keyId}`);
  else if (!signatureValid) reasons.push("signature does not match the payload");
  const versions = await loadTariffVersions(ctx.db, doc.hospitalId);
  const lines = doc.lines.map((l) => {
    const v = versions.find((x) => x.id === l.tariffVersionId && x.version === l.tariffVersion);
    const item = v?.items.find((i) => i.code === l.code && i.department === l.department && i.serviceClass === l.serviceClass);
    const domestic = item?.unitPrice ?? null;
    const holds = domestic !== null && domestic === l.unitPrice && l.lineTotal === domestic * l.quantity && !!v && v.effectiveFrom <= l.serviceDate;
    if (!holds) reasons.push(`line ${l.lineNo} (${l.code}) does not match the domestic tariff version ${l.tariffVersion}`);
    return { lineNo: l.lineNo, code: l.code, unitPrice: l.unitPrice, domesticUnitPrice: domestic, holds };
  });
  const totalOk = doc.medicalTotal === doc.lines.reduce((s, l) => s + l.lineTotal, 0);
  if (!totalOk) reasons.push("medicalTotal is not the sum of the lines");
  const parityHolds = lines.every((l) => l.holds) && totalOk;
  return {
    valid: signatureValid && parityHolds,
    signatureValid,
    keyId: ctx.signer.keyId,
    document: doc,
    parity: { holds: parityHolds, lines },
    reasons,
  };
}
