import type { Hono } from "hono";
import { csvLine } from "../../../domain/parity/csv";
import { getHospital } from "../../../services/catalog/catalog";
import { ValidationError } from "../../../services/errors";
import { checkLinesFromCsv, MAX_CHECK_LINES, parityChecks } from "../../../services/parity/index";
import { type WebContext, type WebEnv, webServiceContext } from "../../env";
import { ErrorSummary, type FieldMessages, fieldId, Form } from "../../ui/form";
import { tooLargeMessage } from "../access";
import { ConsolePage } from "../nav";
import { CheckResults } from "./invoice-results";

/** Largest CSV the page reads (characters); the app's body limit may stop a larger upload first. */
export const MAX_CHECK_CSV = 2_000_000;

type CheckResult = Awaited<ReturnType<typeof parityChecks>>;

const EXAMPLE =
  "ref,code,department,serviceClass,serviceDate,unitPrice,quantity\r\n" +
  "INV-118/1,CARD-CABG,cardiac_surgery,standard,2026-12-03,9800000,1\r\n";

function CheckForm({ c, csv, errors }: { c: WebContext; csv: string; errors: FieldMessages }) {
  const { t } = c.var.web;
  const id = fieldId("csv");
  const fileId = fieldId("file");
  return (
    <Form c={c} action={c.req.path} enctype="multipart/form-data">
      <ErrorSummary c={c} errors={errors} />
      <div class={errors.csv ? "field field-error" : "field"}>
        <label for={id}>{t("invoice.csv")}</label>
        <p class="hint" id={`${id}-hint`}>
          {t("invoice.csvHint", {
            max: c.var.web.fmt.number(MAX_CHECK_LINES),
            // The app's body limit stops a larger upload before the page reads it.
            size: c.var.web.fmt.number(Math.floor(Math.min(c.var.deps.config.bodyLimitBytes, MAX_CHECK_CSV) / 1024)),
          })}
        </p>
        {errors.csv ? (
          <p class="error-message" id={`${id}-error`}>
            {errors.csv}
          </p>
        ) : null}
        <textarea
          id={id}
          name="csv"
          rows={8}
          placeholder={EXAMPLE}
          aria-invalid={errors.csv ? "true" : undefined}
          aria-describedby={errors.csv ? `${id}-hint ${id}-error` : `${id}-hint`}
        >
          {csv}
        </textarea>
      </div>
      <div class={errors.file ? "field field-error" : "field"}>
        <label for={fileId}>{t("invoice.file")}</label>
        <p class="hint" id={`${fileId}-hint`}>
          {t("invoice.fileHint")}
        </p>
        {errors.file ? (
          <p class="error-message" id={`${fileId}-error`}>
            {errors.file}
          </p>
        ) : null}
        <input
          id={fileId}
          name="file"
          type="file"
          accept=".csv,text/csv"
          aria-invalid={errors.file ? "true" : undefined}
          aria-describedby={errors.file ? `${fileId}-hint ${fileId}-error` : `${fileId}-hint`}
        />
      </div>
      <button type="submit">{t("invoice.submit")}</button>
    </Form>
  );
}

/** The uploaded CSV: the file when one was chosen, else the text area; null when it is too big to read. */
async function submittedCsv(c: WebContext): Promise<string | null> {
  if (c.var.bodyTooLarge) return null;
  const body = await c.req.parseBody();
  const file = body.file;
  if (file instanceof File && file.size > 0) return file.size > MAX_CHECK_CSV ? null : await file.text();
  const text = typeof body.csv === "string" ? body.csv : "";
  return text.length > MAX_CHECK_CSV ? null : text;
}

/** The service's reasons as one message beside the CSV field (first few, each with its line). */
function csvMessage(c: WebContext, err: ValidationError): string {
  const { t } = c.var.web;
  const parts = (err.errors ?? []).slice(0, 5).map((e) => {
    const m = /^body\.lines\.(\d+)\.(\w+)$/.exec(e.path);
    if (m) return t("invoice.error.line", { line: Number(m[1]) + 2, column: m[2]!, message: e.message });
    const h = /^body\.header\.(\w+)$/.exec(e.path);
    if (h) return t("invoice.error.column", { column: h[1]! });
    return e.message;
  });
  const more = (err.errors?.length ?? 0) > 5 ? ` ${t("invoice.error.more", { count: err.errors!.length - 5 })}` : "";
  return `${parts.join("; ")}${more}`;
}

/** Checks the CSV with the API's verb: the result, or the message for the CSV field. */
async function check(c: WebContext, csv: string | null): Promise<{ result: CheckResult } | { error: string }> {
  const { t } = c.var.web;
  const hospitalId = c.req.param("id") ?? "";
  const ctx = webServiceContext(c);
  // Access first: who may not check learns nothing about the CSV's problems.
  if (csv === null || csv.trim() === "") {
    await parityChecks({ ctx, input: { hospitalId, lines: [] } });
    return { error: csv === null ? t("invoice.error.tooBig", { max: MAX_CHECK_CSV }) : t("invoice.error.empty") };
  }
  try {
    const lines = checkLinesFromCsv(csv);
    return { result: await parityChecks({ ctx, input: { hospitalId, lines } }) };
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    await parityChecks({ ctx, input: { hospitalId, lines: [] } });
    return { error: csvMessage(c, err) };
  }
}

async function page(c: WebContext, csv: string, outcome?: { result: CheckResult } | { error: string }) {
  const { t } = c.var.web;
  const hospitalId = c.req.param("id") ?? "";
  if (!outcome) await parityChecks({ ctx: webServiceContext(c), input: { hospitalId, lines: [] } });
  const hospital = await getHospital({ ctx: webServiceContext(c), input: { id: hospitalId } });
  const errors: FieldMessages = outcome && "error" in outcome ? { csv: outcome.error } : {};
  if (errors.csv) c.status(400);
  if (c.var.bodyTooLarge) {
    // Over the app's body limit: the message beside the file field, as the API's 413.
    c.status(413);
    errors.file = tooLargeMessage(c);
    delete errors.csv;
  }
  return c.html(
    <ConsolePage c={c} title={t("invoice.title")} hospital={hospital} current="invoice-check" styles={["parity.css"]}>
      <h1>{t("invoice.title")}</h1>
      <p class="lead">{t("invoice.lead")}</p>
      <CheckForm c={c} csv={csv} errors={errors} />
      {outcome && "result" in outcome ? <CheckResults c={c} r={outcome.result} csv={csv} /> : null}
    </ConsolePage>,
  );
}

/** A cell a spreadsheet would run as a formula starts with a quote: the check echoes typed text. */
const safeText = (s: string | null) => (s !== null && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/** The results as CSV (RFC 4180, CRLF): one row per line, in the order sent. */
export function checkResultsCsv(r: CheckResult): string {
  const head = csvLine([
    "line_no",
    "ref",
    "code",
    "department",
    "service_class",
    "service_date",
    "quantity",
    "charged_unit_price",
    "domestic_unit_price",
    "deviation",
    "verdict",
    "tariff_version",
    "currency",
  ]);
  const rows = r.results.map((l) =>
    csvLine([
      l.lineNo,
      safeText(l.ref),
      safeText(l.code),
      safeText(l.department),
      safeText(l.serviceClass),
      l.serviceDate,
      l.quantity,
      l.chargedUnitPrice,
      l.domesticUnitPrice,
      l.deviation,
      l.verdict,
      l.tariffVersion,
      r.currency,
    ]),
  );
  return head + rows.join("");
}

export function registerInvoiceCheckPage(web: Hono<WebEnv>) {
  web.get("/hospital/:id/invoice-check", (c) => page(c, ""));
  web.post("/hospital/:id/invoice-check", async (c) => {
    const csv = await submittedCsv(c);
    return page(c, csv ?? "", await check(c, csv));
  });
  // The results again as a file: the same CSV checked again (nothing is stored between the two).
  web.post("/hospital/:id/invoice-check.csv", async (c) => {
    const csv = await submittedCsv(c);
    const outcome = await check(c, csv);
    if ("error" in outcome) return page(c, csv ?? "", outcome);
    return c.body(checkResultsCsv(outcome.result), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="invoice-check-${outcome.result.hospitalId}.csv"`,
    });
  });
}
