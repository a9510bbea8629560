// One catalog per language, assembled from one file per page family (same keys in every language).
import { account } from "./account";
import { auth } from "./auth";
import { common } from "./common";

export const catalog = { ...common, ...auth, ...account };
