import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/context";
import { registerGetHospital } from "./get-hospital";
import { registerListAgencies } from "./list-agencies";
import { registerListAirports } from "./list-airports";
import { registerListFxRates } from "./list-fx-rates";
import { registerListHospitals } from "./list-hospitals";
import { registerListTreatments } from "./list-treatments";
import { registerSearchFlights } from "./search-flights";
import { registerSearchLodging } from "./search-lodging";
import { registerSearchTours } from "./search-tours";
import { registerSearchTransfers } from "./search-transfers";

export function registerCatalog(app: OpenAPIHono<AppEnv>) {
  registerListHospitals(app);
  registerGetHospital(app);
  registerListTreatments(app);
  registerListAirports(app);
  registerSearchFlights(app);
  registerSearchTransfers(app);
  registerSearchLodging(app);
  registerSearchTours(app);
  registerListAgencies(app);
  registerListFxRates(app);
}
