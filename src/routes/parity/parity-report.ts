import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity, requireRole } from "../../http/auth";
import { authErrorResponses, errorResponses } from "../../http/responses";
import { serviceContext } from "../../http/route-helpers";
import { csvLine } from "../../domain/parity/csv";
import { parityReport, REPORT_CSV_HEADER, reportSummaryCsv } from "../../services/pricing/parity";
import { dateRange, IdParam, IsoDate } from "../common-schemas";
import { ParityReportSchema } from "./schemas";

/** Longest report range: three calendar years, whichever they are. */
const MAX_REPORT_DAYS = 1096;

export const parityReportRoute = createRoute({
  method: "get",
  path: "/v1/hospitals/{id}/parity-report",
  operationId: "getParityReport",
  tags: ["Parity"],
  summary: "Parity report: every medical line in range, charged vs domestic (billing)",
  description:
    "JSON, or CSV with `Accept: text/csv`. Lines are judged against the domestic tariff in force on their service date, read fresh from the database, so a line changed behind the engine's back shows as a violation. `quoteStatus` is `open`, `expired` (open past its `validUntil`, as the Quote API shows it) or `withdrawn`. Streamed in batches.\n\n" +
    "The CSV has two sections separated by one empty line: the lines (header `quote_id,line_no,…,tariff_version`, one row per line), then the summary (header `summary,lines,parity,overcharge,undercharge,unknown_code,no_tariff_in_force,premium_class_lines,total_charged,total_domestic,total_deviation,verdict` and one row whose `summary` cell is `total`). A reader that wants only the table stops at the empty line. Fields are RFC 4180; money is integer minor units of the hospital currency.",
  security: bearerSecurity,
  middleware: [requireRole("billing", "admin")] as const,
  request: {
    params: IdParam("hsp"),
    query: z
      .object({
        from: IsoDate.openapi({ description: "First service date in the report, hospital-local." }),
        to: IsoDate.openapi({
          description: `Last service date, on or after \`from\` and at most ${MAX_REPORT_DAYS} days after it (400 naming \`query.to\` otherwise).`,
        }),
      })
      .superRefine(dateRange({ from: "from", to: "to", maxDays: MAX_REPORT_DAYS, sameDay: true })),
  },
  responses: {
    200: {
      description: "The report.",
      content: { "application/json": { schema: ParityReportSchema }, "text/csv": { schema: z.string() } },
    },
    ...errorResponses,
    ...authErrorResponses,
  },
});

const te = new TextEncoder();
/**
 * Text known to be all ASCII is its own UTF-8 as Latin-1 bytes: on Node, Buffer copies those
 * bytes without UTF-8 encoding (about twice as fast for a report's megabytes). Elsewhere: UTF-8.
 */
const NodeBuffer = (globalThis as { Buffer?: { from(text: string, encoding: "latin1"): Uint8Array } }).Buffer;
const bytes = (text: string, ascii: boolean): Uint8Array =>
  ascii && NodeBuffer !== undefined ? NodeBuffer.from(text, "latin1") : te.encode(text);

const handler: AppRouteHandler<typeof parityReportRoute> = async (c) => {
  const report = await parityReport({
    ctx: serviceContext(c),
    input: { hospitalId: c.req.valid("param").id, ...c.req.valid("query") },
  });
  const csv = (c.req.header("accept") ?? "").includes("text/csv");
  const text = report.pieces(csv ? "csv" : "json", { bytes: true });
  let first = true;
  // The head goes out at once; then one pull = one batch of lines = one await and one chunk.
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(
        te.encode(csv ? csvLine(REPORT_CSV_HEADER) : `${JSON.stringify(report.meta).slice(0, -1)},"lines":[`),
      );
    },
    async pull(controller) {
      const next = await text.next();
      if (next.done) {
        controller.enqueue(
          te.encode(csv ? reportSummaryCsv(report.summary()) : `],"summary":${JSON.stringify(report.summary())}}`),
        );
        controller.close();
        return;
      }
      const piece = next.value;
      if (piece.bytes !== undefined) {
        // Already UTF-8: sent as is (JSON: the comma between two batches on its own).
        if (!csv && !first) controller.enqueue(new Uint8Array([44]));
        controller.enqueue(piece.bytes);
      } else controller.enqueue(bytes(csv || first ? piece.text : `,${piece.text}`, piece.ascii));
      first = false;
    },
    async cancel() {
      await text.return(undefined);
    },
  });
  const headers: Record<string, string> = csv
    ? {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="parity-report-${report.meta.hospitalId}-${report.meta.from}-${report.meta.to}.csv"`,
      }
    : { "Content-Type": "application/json" };
  return c.body(stream, 200, headers);
};

export const registerParityReport = (app: OpenAPIHono<AppEnv>) => app.openapi(parityReportRoute, handler);
