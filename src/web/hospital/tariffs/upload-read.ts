import type { TariffUploadInput } from "../../../services/tariffs/schemas";
import type { WebContext } from "../../env";

/** What the upload forms post: the CSV (a file, pasted text, or the hidden copy of the steps after). */
export interface CsvUpload {
  csv: string;
  pasted: string;
  effectiveFrom: string;
  mode: "replace" | "amend";
  premiumClasses?: string[];
  acknowledgeRemoved: string[];
  key?: string;
  /** Over the app's body limit: nothing was read (src/app.ts dropped the body). */
  tooLarge?: boolean;
}

/** A file larger than this is not read (the report says the file is too large). */
const MAX_FILE_BYTES = 2 * 1024 * 1024 + 1;

const text = (v: unknown) => (typeof v === "string" ? v : "");

/** The upload a form carries: the file when one was chosen, else the pasted or carried text. */
export async function readUpload(c: WebContext): Promise<CsvUpload> {
  if (c.var.bodyTooLarge)
    return { csv: "", pasted: "", effectiveFrom: "", mode: "replace", acknowledgeRemoved: [], tooLarge: true };
  const body = await c.req.parseBody({ all: true });
  const file = body.file;
  let csv = text(body.csv) || text(body.pasted);
  if (file instanceof File && file.size > 0) {
    csv = file.size > MAX_FILE_BYTES ? "x".repeat(MAX_FILE_BYTES) : await file.text();
  }
  const classes = text(body.premiumClasses).trim();
  const ack = body.ack;
  return {
    csv,
    pasted: text(body.pasted),
    effectiveFrom: text(body.effectiveFrom).trim().slice(0, 32),
    mode: text(body.mode) === "amend" ? "amend" : "replace",
    ...(classes
      ? {
          premiumClasses: classes
            .split(/[\s,]+/)
            .filter(Boolean)
            .slice(0, 50),
        }
      : {}),
    acknowledgeRemoved: (Array.isArray(ack) ? ack : ack === undefined ? [] : [ack]).map(text).filter(Boolean),
    ...(text(body.key) ? { key: text(body.key) } : {}),
  };
}

/** The service's input for an upload. */
export function uploadInput(hospitalId: string, u: CsvUpload): TariffUploadInput {
  return {
    hospitalId,
    csv: u.csv,
    effectiveFrom: u.effectiveFrom,
    mode: u.mode,
    ...(u.premiumClasses ? { premiumClasses: u.premiumClasses } : {}),
    ...(u.acknowledgeRemoved.length ? { acknowledgeRemoved: u.acknowledgeRemoved } : {}),
    ...(u.key ? { key: u.key } : {}),
  };
}
