import { type ReportFormat, reportBytes, type parityReport } from "../services/parity/index";

type Report = Awaited<ReturnType<typeof parityReport>>;

/**
 * A parity report as a response body and its headers, for the API route and the web's download
 * links alike. One pull = one chunk: the head at once, then one batch of lines (one await) at a
 * time; a client gone away cancels the stream and ends the source's read.
 */
export function reportResponse(report: Report, format: ReportFormat) {
  const body = reportBytes(report, format);
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await body.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await body.return(undefined);
    },
  });
  const { hospitalId, from, to } = report.meta;
  const name = `parity-report-${hospitalId}-${from}-${to}`;
  const headers: Record<string, string> =
    format === "csv"
      ? {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": `attachment; filename="${name}.csv"`,
        }
      : { "Content-Type": "application/json" };
  return { stream, headers, name };
}
