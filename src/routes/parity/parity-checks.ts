import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import { authErrorResponses, errorResponses, bodyErrorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { type CheckLineInput, checkLinesFromCsv, parityChecks } from "../../services/parity/index";
import { validationError } from "../../services/errors";
import { IdParam } from "../common-schemas";
import { ParityChecksInputSchema, ParityChecksResultSchema } from "./schemas";

export const parityChecksRoute = createRoute({
  method: "post",
  path: "/v1/hospitals/{id}/parity-checks",
  operationId: "createParityCheck",
  tags: ["Parity"],
  summary: "Check your own invoice lines against the domestic tariff (billing; JSON or CSV)",
  description:
    "Send `{lines:[…]}` as JSON, or a CSV with a header row: " +
    "`ref,code,department,serviceClass,serviceDate,unitPrice,quantity` (code, serviceDate and unitPrice required; " +
    "unitPrice in minor units). Each line gets its verdict.",
  security: bearerSecurity,
  request: {
    params: IdParam("hsp"),
    body: {
      content: {
        "application/json": {
          schema: ParityChecksInputSchema,
          example: {
            lines: [
              {
                ref: "INV-2026-118/1",
                code: "CARD-CABG",
                department: "cardiac_surgery",
                serviceDate: "2026-12-03",
                unitPrice: 9800000,
                quantity: 1,
              },
              {
                ref: "INV-2026-118/2",
                code: "CARD-POSTOP-MED",
                department: "cardiac_surgery",
                serviceDate: "2026-12-04",
                unitPrice: 120000,
                quantity: 1,
              },
            ],
          } satisfies z.input<typeof ParityChecksInputSchema>,
        },
        "text/csv": {
          schema: z.string(),
          example: "ref,code,serviceDate,unitPrice,quantity\nINV-1,CARD-CABG,2026-12-03,9800000,1\n",
        },
      },
    },
  },
  responses: {
    200: json(ParityChecksResultSchema, "Each line's verdict and a summary."),
    ...errorResponses,
    ...bodyErrorResponses,
    ...authErrorResponses,
  },
});

const handler: AppRouteHandler<typeof parityChecksRoute> = async (c) => {
  const type = c.req.header("content-type") ?? "";
  let lines;
  if (/^text\/csv\b/i.test(type)) lines = checkLinesFromCsv(await c.req.text());
  else if (/^application\/json\b/i.test(type)) {
    const body = c.req.valid("json") as { lines?: CheckLineInput[] };
    if (!body.lines) throw validationError("Send lines.", [{ path: "body.lines", message: "Required" }]);
    lines = body.lines;
  } else
    throw validationError("Send JSON or CSV.", [
      { path: "header.content-type", message: "expected application/json or text/csv" },
    ]);
  return c.json(
    await parityChecks({ ctx: serviceContext(c), input: { hospitalId: c.req.valid("param").id, lines } }),
    200,
  );
};

export const registerParityChecks = (app: OpenAPIHono<AppEnv>) => app.openapi(parityChecksRoute, handler);
