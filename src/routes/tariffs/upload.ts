import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { problemsCsv } from "../../domain/tariffs/csv-report";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import { authErrorResponses, bodyErrorResponses, businessRuleResponse, errorResponses } from "../../http/responses";
import { serviceContext } from "../../http/route-helpers";
import { validationError } from "../../services/errors";
import { previewTariffUpload, validateTariffUpload } from "../../services/tariffs/index";
import type { TariffUploadInput } from "../../services/tariffs/schemas";
import { IdParam } from "../common-schemas";
import {
  TariffUploadBodySchema,
  TariffUploadPreviewSchema,
  TariffUploadQuerySchema,
  TariffUploadReportSchema,
} from "./upload-schemas";

const CSV_EXAMPLE =
  "code,name_en,kind,unit,unit_price,department,service_class\n" +
  "CARD-CABG,Coronary artery bypass graft,procedure,per procedure,102000.00,cardiac_surgery,standard\n";

/** Both ways in: a JSON upload, or the CSV itself with the rest in the query. */
export const uploadBody = {
  content: {
    "application/json": {
      schema: TariffUploadBodySchema,
      example: { csv: CSV_EXAMPLE, effectiveFrom: "2027-01-01", mode: "replace", premiumClasses: ["vip"] },
    },
    "text/csv": { schema: z.string(), example: CSV_EXAMPLE },
  },
};

/** The upload a request carries (JSON body, or `text/csv` and the query); anything else is a 400. */
export async function uploadInputOf(
  c: Context<AppEnv>,
  hospitalId: string,
  q: z.output<typeof TariffUploadQuerySchema>,
  json: () => unknown,
): Promise<TariffUploadInput> {
  const type = c.req.header("content-type") ?? "";
  if (/^application\/json\b/i.test(type)) {
    return { ...(json() as z.output<typeof TariffUploadBodySchema>), hospitalId };
  }
  if (!/^text\/csv\b/i.test(type))
    throw validationError("Send the CSV as text/csv, or a JSON upload.", [
      { path: "header.content-type", message: "expected text/csv or application/json" },
    ]);
  if (!q.effectiveFrom)
    throw validationError("Say when the version takes effect.", [{ path: "query.effectiveFrom", message: "Required" }]);
  const parsed = TariffUploadBodySchema.safeParse({ ...q, csv: await c.req.text() });
  if (!parsed.success)
    throw validationError(
      "Invalid upload.",
      parsed.error.issues.map((i) => ({ path: `query.${i.path.join(".")}`, message: i.message })),
    );
  return { ...parsed.data, hospitalId };
}

const csvDownload = (c: Context<AppEnv>, problems: Parameters<typeof problemsCsv>[0]) =>
  c.body(problemsCsv(problems), 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": 'attachment; filename="tariff-validation.csv"',
  });

const wantsCsv = (c: Context<AppEnv>) => (c.req.header("accept") ?? "").includes("text/csv");

const common = {
  method: "post" as const,
  tags: ["Tariffs"],
  security: bearerSecurity,
  request: { params: IdParam("hsp"), query: TariffUploadQuerySchema, body: uploadBody },
};

export const validateTariffRoute = createRoute({
  ...common,
  path: "/v1/hospitals/{id}/tariffs/validate",
  operationId: "validateTariffUpload",
  summary: "Check a tariff spreadsheet: every problem with its row and column (billing)",
  description:
    "Columns: code, name_en (or name_ru, name_zh, name_kk; at least one), kind, unit, unit_price (major units) or " +
    "unit_price_minor, department, service_class (default standard), description. Nothing is stored. " +
    "`Accept: text/csv` downloads the report.",
  responses: {
    200: {
      description: "The report (valid or not).",
      content: {
        "application/json": { schema: TariffUploadReportSchema },
        "text/csv": { schema: z.string() },
      },
    },
    ...errorResponses,
    ...bodyErrorResponses,
    ...authErrorResponses,
  },
});

const validateHandler: AppRouteHandler<typeof validateTariffRoute> = async (c) => {
  const input = await uploadInputOf(c, c.req.valid("param").id, c.req.valid("query"), () => c.req.valid("json"));
  const report = await validateTariffUpload({ ctx: serviceContext(c), input });
  if (wantsCsv(c)) return csvDownload(c, report.problems);
  return c.json(report, 200);
};

export const previewTariffRoute = createRoute({
  ...common,
  path: "/v1/hospitals/{id}/tariffs/preview",
  operationId: "previewTariffUpload",
  summary: "What a tariff spreadsheet would change and re-price, before publishing it (billing)",
  description:
    "The report, and when it has no error: items added, removed, dearer, cheaper against the version in force on " +
    "effectiveFrom; the open quotes and trips it re-prices (or withdraws) and the totals; the removed codes open " +
    "quotes use, which publishing must acknowledge. Nothing is stored. `Accept: text/csv` downloads the report.",
  responses: {
    200: {
      description: "The report and the preview.",
      content: {
        "application/json": { schema: TariffUploadPreviewSchema },
        "text/csv": { schema: z.string() },
      },
    },
    ...errorResponses,
    ...bodyErrorResponses,
    ...authErrorResponses,
    ...businessRuleResponse,
  },
});

const previewHandler: AppRouteHandler<typeof previewTariffRoute> = async (c) => {
  const input = await uploadInputOf(c, c.req.valid("param").id, c.req.valid("query"), () => c.req.valid("json"));
  const preview = await previewTariffUpload({ ctx: serviceContext(c), input });
  if (wantsCsv(c)) return csvDownload(c, preview.problems);
  return c.json(preview, 200);
};

export function registerTariffUploads(app: OpenAPIHono<AppEnv>) {
  app.openapi(validateTariffRoute, validateHandler);
  app.openapi(previewTariffRoute, previewHandler);
}
