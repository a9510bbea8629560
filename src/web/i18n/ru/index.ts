// One catalog per language, assembled from one file per page family (same keys in every language).
import { account } from "./account";
import { auth } from "./auth";
import { care } from "./care";
import { common } from "./common";
import { publicPages } from "./public";
import { trips } from "./trips";

export const catalog = { ...common, ...auth, ...publicPages, ...care, ...trips, ...account } as const;
