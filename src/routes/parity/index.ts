import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/context";
import { registerParityKeys } from "./keys";
import { registerParityChecks } from "./parity-checks";
import { registerParityReport } from "./parity-report";

export function registerParity(app: OpenAPIHono<AppEnv>) {
  registerParityReport(app);
  registerParityChecks(app);
  registerParityKeys(app);
}
