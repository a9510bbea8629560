import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { roleFirst } from "../../http/role-first";
import { requireTariffPublisher } from "../../services/tariffs/policy";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import {
  authErrorResponses,
  businessRuleResponse,
  conflictResponse,
  errorResponses,
  bodyErrorResponses,
  staleKeyResponse,
} from "../../http/responses";
import { json, jsonBody, serviceContext } from "../../http/route-helpers";
import { validationError } from "../../services/errors";
import { publishTariff, publishTariffUpload } from "../../services/tariffs/index";
import { IdParam } from "../common-schemas";
import { PublishResultSchema, PublishTariffSchema } from "./schemas";
import { uploadInputOf } from "./upload";
import { TariffUploadQuerySchema } from "./upload-schemas";

/** The JSON body, or the spreadsheet as text/csv. */
function csvToo<B extends { content: Record<string, unknown> }>(body: B) {
  const csv = { schema: z.string(), example: "code,name_en,kind,unit,unit_price,department\n" };
  return { ...body, required: false, content: { ...body.content, "text/csv": csv } };
}

export const publishTariffRoute = createRoute({
  method: "post",
  path: "/v1/hospitals/{id}/tariffs",
  operationId: "publishTariff",
  tags: ["Tariffs"],
  summary: "Publish a new version of the domestic tariff (billing)",
  description:
    "Versions are immutable; a correction is a new version. Open quotes whose service dates the version covers are " +
    "re-priced at once, up or down, and their patients told. Or send the spreadsheet itself as `text/csv` (columns " +
    "as for `validateTariffUpload`) with `effectiveFrom`, `mode`, `premiumClasses`, `acknowledgeRemoved` and the " +
    "preview's `key` in the query: a file with errors is a 400 naming each error's row and column; the same upload " +
    "published again answers 200 with the version it already published (`alreadyPublished: true`).",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireTariffPublisher(ctx)),
  request: {
    params: IdParam("hsp"),
    query: TariffUploadQuerySchema,
    body: csvToo(
      jsonBody(PublishTariffSchema, {
        effectiveFrom: "2027-01-01",
        note: "Annual revision",
        items: [
          {
            code: "CARD-CABG",
            name: { en: "Coronary artery bypass graft", zh: "冠状动脉旁路移植术" },
            department: "cardiac_surgery",
            serviceClass: "standard",
            kind: "procedure",
            unit: "per procedure",
            unitPrice: 10200000,
          },
          {
            code: "CARD-CABG",
            name: { en: "Coronary artery bypass graft", zh: "冠状动脉旁路移植术" },
            department: "international_medical_center",
            serviceClass: "standard",
            kind: "procedure",
            unit: "per procedure",
            unitPrice: 10200000,
          },
          {
            code: "CARD-CABG",
            name: { en: "Coronary artery bypass graft, single room", zh: "冠状动脉旁路移植术（单人间）" },
            department: "cardiac_surgery",
            serviceClass: "single_room",
            kind: "procedure",
            unit: "per procedure",
            unitPrice: 10800000,
          },
        ],
        premiumClasses: [{ serviceClass: "single_room", domesticallyAvailable: true }],
      }),
    ),
  },
  responses: {
    200: json(PublishResultSchema, "This upload was published before: that version (text/csv)."),
    201: json(PublishResultSchema, "Published."),
    ...errorResponses,
    ...bodyErrorResponses,
    ...authErrorResponses,
    ...conflictResponse,
    ...businessRuleResponse,
    ...staleKeyResponse,
  },
});

const handler: AppRouteHandler<typeof publishTariffRoute> = async (c) => {
  const hospitalId = c.req.valid("param").id;
  if (/^text\/csv\b/i.test(c.req.header("content-type") ?? "")) {
    const input = await uploadInputOf(c, hospitalId, c.req.valid("query"), () => undefined);
    const result = await publishTariffUpload({ ctx: serviceContext(c), input });
    return c.json(result, result.alreadyPublished ? 200 : 201);
  }
  const body = c.req.valid("json");
  if (!/^application\/json\b/i.test(c.req.header("content-type") ?? "") || typeof body !== "object")
    throw validationError("Send the version as JSON, or the spreadsheet as text/csv.", [
      { path: "header.content-type", message: "expected application/json or text/csv" },
    ]);
  return c.json(await publishTariff({ ctx: serviceContext(c), input: { hospitalId, ...body } }), 201);
};

export const registerPublishTariff = (app: OpenAPIHono<AppEnv>) => app.openapi(publishTariffRoute, handler);
