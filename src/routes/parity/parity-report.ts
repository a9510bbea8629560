import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity, requireRole } from "../../http/auth";
import { authErrorResponses, errorResponses } from "../../http/responses";
import { serviceContext } from "../../http/route-helpers";
import { csvLine } from "../../domain/parity/csv";
import { parityReport, REPORT_CSV_HEADER, reportLineCsv } from "../../services/pricing/parity";
import { IdParam, IsoDate } from "../common-schemas";
import { ParityReportSchema } from "./schemas";

export const parityReportRoute = createRoute({
  method: "get",
  path: "/v1/hospitals/{id}/parity-report",
  operationId: "getParityReport",
  tags: ["Parity"],
  summary: "Parity report: every medical line in range, charged vs domestic (billing)",
  description:
    "JSON, or CSV with `Accept: text/csv`. Lines are judged against the domestic tariff in force on their service date, read fresh from the database, so a line changed behind the engine's back shows as a violation. Streamed.",
  security: bearerSecurity,
  middleware: [requireRole("billing", "admin")] as const,
  request: { params: IdParam("hsp"), query: z.object({ from: IsoDate, to: IsoDate }) },
  responses: {
    200: { description: "The report.", content: { "application/json": { schema: ParityReportSchema }, "text/csv": { schema: z.string() } } },
    ...errorResponses,
    ...authErrorResponses,
  },
});

const te = new TextEncoder();

const handler: AppRouteHandler<typeof parityReportRoute> = async (c) => {
  const report = await parityReport({ ctx: serviceContext(c), input: { hospitalId: c.req.valid("param").id, ...c.req.valid("query") } });
  const csv = (c.req.header("accept") ?? "").includes("text/csv");
  const iterator = report.lines();
  let started = false;
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        const head = csv
          ? csvLine(REPORT_CSV_HEADER)
          : `${JSON.stringify(report.meta).slice(0, -1)},"lines":[`;
        controller.enqueue(te.encode(head));
        return;
      }
      // Batch lines per chunk: fewer, larger writes.
      let out = "";
      for (let i = 0; i < 1000; i++) {
        const next = await iterator.next();
        if (next.done) {
          if (!csv) out += `],"summary":${JSON.stringify(report.summary())}}`;
          if (out) controller.enqueue(te.encode(out));
          controller.close();
          return;
        }
        if (csv) out += reportLineCsv(next.value);
        else {
          out += (first ? "" : ",") + JSON.stringify(next.value);
          first = false;
        }
      }
      controller.enqueue(te.encode(out));
    },
    async cancel() {
      await iterator.return(undefined);
    },
  });
  const headers: Record<string, string> = csv
    ? { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="parity-report-${report.meta.hospitalId}-${report.meta.from}-${report.meta.to}.csv"` }
    : { "Content-Type": "application/json" };
  return c.body(stream, 200, headers) as never;
};

export const registerParityReport = (app: OpenAPIHono<AppEnv>) => app.openapi(parityReportRoute, handler);
