// One catalog per language, assembled from one file per page family (same keys in every language).
import { account } from "./account";
import { agent } from "./agent";
import { auth } from "./auth";
import { care } from "./care";
import { clinic } from "./clinic";
import { common } from "./common";
import { fields } from "./fields";
import { publicPages } from "./public";
import { refusals } from "./refusals";
import { parity } from "./parity";
import { offers } from "./offers";
import { trips } from "./trips";
import { messages } from "./messages";
import { tariffs } from "./tariffs";
import { hospital } from "./hospital";
import { consoleTexts } from "./console";

export const catalog = {
  ...common,
  ...fields,
  ...auth,
  ...publicPages,
  ...care,
  ...trips,
  ...account,
  ...messages,
  ...parity,
  ...clinic,
  ...refusals,
  ...offers,
  ...agent,
  ...hospital,
  ...consoleTexts,
  ...tariffs,
} as const;
