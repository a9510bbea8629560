import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/context";
import { registerGetTariff } from "./get-tariff";
import { registerListTariffs } from "./list-tariffs";
import { registerPriceFile } from "./price-file";
import { registerPublishTariff } from "./publish-tariff";

export function registerTariffs(app: OpenAPIHono<AppEnv>) {
  registerPublishTariff(app);
  registerListTariffs(app);
  registerGetTariff(app);
  registerPriceFile(app);
}
