import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { publicSecurity } from "../../http/auth";
import { errorResponses, publicAuthErrorResponses } from "../../http/responses";
import { serviceContext } from "../../http/route-helpers";
import { priceFile, priceFileCsv } from "../../services/tariffs/index";
import { IdParam, IsoDate } from "../common-schemas";
import { PriceFileSchema } from "./schemas";

export const priceFileRoute = createRoute({
  method: "get",
  path: "/v1/hospitals/{id}/price-file",
  operationId: "getPriceFile",
  tags: ["Tariffs"],
  summary: "The hospital's machine-readable price file (JSON, or CSV with Accept: text/csv)",
  description:
    "In the spirit of the US CMS hospital price-transparency file: the domestic tariff in force, version, last " +
    "updated, every item and price.",
  security: publicSecurity,
  request: { params: IdParam("hsp"), query: z.object({ date: IsoDate.optional() }) },
  responses: {
    200: {
      description: "The price file.",
      content: {
        "application/json": { schema: PriceFileSchema },
        "text/csv": {
          schema: z.string().openapi({
            description:
              "RFC 4180, CRLF line ends, one header row then one row per item: " +
              "`hospital_id,tariff_version,effective_from,code,name_en,name_zh,department,service_class,kind,unit," +
              "unit_price_minor,currency`.",
            example:
              "hospital_id,tariff_version,effective_from,code,name_en,name_zh,department,service_class,kind,unit," +
              "unit_price_minor,currency\r\nhsp_xjph,1,2026-12-01,CARD-CABG,Coronary " +
              "artery bypass graft,冠状动脉旁路移植术,cardiac_surgery,standard,procedure,per procedure,9800000,CNY\r\n",
          }),
        },
      },
    },
    ...errorResponses,
    ...publicAuthErrorResponses,
  },
});

const handler: AppRouteHandler<typeof priceFileRoute> = async (c) => {
  const file = await priceFile({
    ctx: serviceContext(c),
    input: { hospitalId: c.req.valid("param").id, ...c.req.valid("query") },
  });
  if ((c.req.header("accept") ?? "").includes("text/csv")) {
    return c.body(priceFileCsv(file), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.hospital.id}-price-file.csv"`,
    });
  }
  return c.json(file, 200);
};

export const registerPriceFile = (app: OpenAPIHono<AppEnv>) => app.openapi(priceFileRoute, handler);
