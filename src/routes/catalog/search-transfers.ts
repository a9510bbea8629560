import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { publicSecurity } from "../../http/auth";
import { errorResponses, publicAuthErrorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { searchTransfers } from "../../services/catalog/catalog";
import { IsoInstant, PageQuery, QueryBool } from "../common-schemas";
import { TransferPageSchema } from "./schemas";

export const searchTransfersRoute = createRoute({
  method: "get",
  path: "/v1/transfers",
  operationId: "searchTransfers",
  tags: ["Catalog"],
  summary: "Search airport transfers",
  description: "Vehicles between an airport and a hospital's city, with vehicles left in the hour of `at`.",
  security: publicSecurity,
  request: {
    query: z.object({
      airport: z
        .string()
        .regex(/^[A-Za-z]{3}$/, "expected a 3-letter IATA airport code")
        .transform((s) => s.toUpperCase())
        .openapi({ example: "URC", type: "string" }),
      hospitalId: z.string().min(3).max(64).optional(),
      at: IsoInstant.optional(),
      passengers: z.coerce.number().int().min(1).max(20).default(1).openapi({ type: "integer" }),
      wheelchair: QueryBool.optional(),
      ...PageQuery,
    }),
  },
  responses: { 200: json(TransferPageSchema, "Transfer offers."), ...errorResponses, ...publicAuthErrorResponses },
});

const handler: AppRouteHandler<typeof searchTransfersRoute> = async (c) =>
  c.json(await searchTransfers({ ctx: serviceContext(c), input: c.req.valid("query") }), 200);

export const registerSearchTransfers = (app: OpenAPIHono<AppEnv>) => app.openapi(searchTransfersRoute, handler);
