import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import { authErrorResponses, errorResponses } from "../../http/responses";
import { serviceContext } from "../../http/route-helpers";
import { reportResponse } from "../../http/report-stream";
import { parityReport } from "../../services/parity/index";
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
    "JSON, or CSV with `Accept: text/csv`. Lines are judged against the domestic tariff in force on their service " +
    "date, read fresh from the database, so a line changed behind the engine's back shows as a violation. " +
    "`quoteStatus` is `open`, `expired` (open past its `validUntil`, as the Quote API shows it) or `withdrawn`. " +
    "Streamed in batches.\n\n" +
    "The CSV has two sections separated by one empty line: the lines (header `quote_id,line_no,…,tariff_version`, " +
    "one row per line), then the summary (header " +
    "`summary,lines,parity,overcharge,undercharge,unknown_code,no_tariff_in_force,premium_class_lines," +
    "total_charged,total_domestic,total_deviation,verdict` " +
    "and one row whose `summary` cell is `total`). A reader that wants only the table stops at the empty line. " +
    "Fields are RFC 4180; money is integer minor units of the hospital currency.",
  security: bearerSecurity,
  request: {
    params: IdParam("hsp"),
    query: z
      .object({
        from: IsoDate.meta({ description: "First service date in the report, hospital-local." }),
        to: IsoDate.meta({
          description:
            `Last service date, on or after \`from\` and at most ${MAX_REPORT_DAYS} days after it ` +
            "(400 naming `query.to` otherwise).",
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

const handler: AppRouteHandler<typeof parityReportRoute> = async (c) => {
  const report = await parityReport({
    ctx: serviceContext(c),
    input: { hospitalId: c.req.valid("param").id, ...c.req.valid("query") },
  });
  const csv = (c.req.header("accept") ?? "").includes("text/csv");
  const { stream, headers } = reportResponse(report, csv ? "csv" : "json");
  return c.body(stream, 200, headers);
};

export const registerParityReport = (app: OpenAPIHono<AppEnv>) => app.openapi(parityReportRoute, handler);
