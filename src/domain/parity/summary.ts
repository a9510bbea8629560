/** The totals of a parity report or check: counts by verdict, amounts, and the overall verdict. */
import { DEFAULT_SERVICE_CLASS } from "../pricing/domestic";
import type { ParityVerdict } from "./verdict";

export interface ReportSummary {
  lines: number;
  parity: number;
  overcharge: number;
  undercharge: number;
  unknownCode: number;
  noTariffInForce: number;
  /** Lines in a premium (non-standard) class, whatever their verdict: counted apart from the standard class. */
  premiumClassLines: number;
  totalCharged: number;
  totalDomestic: number;
  totalDeviation: number;
  verdict: "parity" | "violations";
}

export function emptySummary(): ReportSummary {
  return {
    lines: 0,
    parity: 0,
    overcharge: 0,
    undercharge: 0,
    unknownCode: 0,
    noTariffInForce: 0,
    premiumClassLines: 0,
    totalCharged: 0,
    totalDomestic: 0,
    totalDeviation: 0,
    verdict: "parity",
  };
}

/** Counts one judged line; any verdict but parity makes the whole a violation. */
export function tally(
  s: ReportSummary,
  verdict: ParityVerdict,
  chargedLineTotal: number,
  domesticLineTotal: number | null,
  serviceClass: string,
) {
  s.lines++;
  if (serviceClass !== DEFAULT_SERVICE_CLASS) s.premiumClassLines++;
  s.totalCharged += chargedLineTotal;
  if (domesticLineTotal !== null) {
    s.totalDomestic += domesticLineTotal;
    s.totalDeviation += chargedLineTotal - domesticLineTotal;
  }
  if (verdict === "parity") s.parity++;
  else {
    s.verdict = "violations";
    if (verdict === "overcharge") s.overcharge++;
    else if (verdict === "undercharge") s.undercharge++;
    else if (verdict === "unknown_code") s.unknownCode++;
    else s.noTariffInForce++;
  }
}
