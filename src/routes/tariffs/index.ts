import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/context";
import { registerGetTariff } from "./get-tariff";
import { registerListTariffs } from "./list-tariffs";
import { registerPriceFile } from "./price-file";
import { registerPublishTariff } from "./publish-tariff";
import { registerTariffUploads } from "./upload";

export function registerTariffs(app: OpenAPIHono<AppEnv>) {
  registerTariffUploads(app);
  registerPublishTariff(app);
  registerListTariffs(app);
  registerGetTariff(app);
  registerPriceFile(app);
}
