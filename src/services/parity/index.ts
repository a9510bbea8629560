// The parity verbs (report, invoice checks, keys, verification), as the transports import them.
export type { ReportSummary } from "../../domain/parity/summary";
export * from "./checks";
export * from "./report";
export {
  REPORT_CSV_HEADER,
  REPORT_CSV_SUMMARY_HEADER,
  type ReportFormat,
  type ReportLine,
  type ReportMeta,
  type ReportVerdict,
  reportSummaryCsv,
} from "./report-formats";
export { type ReportPiece, reportBytes } from "./report-writer";
export * from "./verify";
export * from "./overview";
export * from "./schemas";
export * from "./price-file";
