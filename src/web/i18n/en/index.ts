// One catalog per language, assembled from one file per page family (same keys in every language).
import { account } from "./account";
import { auth } from "./auth";
import { care } from "./care";
import { common } from "./common";
import { fields } from "./fields";
import { publicPages } from "./public";
import { trips } from "./trips";
import { tariffs } from "./tariffs";
import { hospital } from "./hospital";

export const catalog = {
  ...common,
  ...fields,
  ...auth,
  ...publicPages,
  ...care,
  ...trips,
  ...account,
  ...hospital,
  ...tariffs,
} as const;
