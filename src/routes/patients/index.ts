import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/context";
import { registerCreatePatient } from "./create-patient";
import { registerGetMe } from "./get-me";
import { registerGetPatient } from "./get-patient";
import { registerListPatients } from "./list-patients";

export function registerPatients(app: OpenAPIHono<AppEnv>) {
  registerCreatePatient(app);
  registerListPatients(app);
  registerGetPatient(app);
  registerGetMe(app);
}
