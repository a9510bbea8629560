// One catalog per language, assembled from one file per page family (same keys in every language).
import { common } from "./common";
import { trips } from "./trips";

export const catalog = { ...common, ...trips };
