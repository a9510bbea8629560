import type { Hono } from "hono";
import { problemsCsv } from "../../../domain/tariffs/csv-report";
import { BusinessRuleError, ValidationError } from "../../../services/errors";
import {
  consoleTariffVersions,
  previewTariffUpload,
  publishTariffUpload,
  validateTariffUpload,
} from "../../../services/tariffs/index";
import { TariffUploadSchema } from "../../../services/tariffs/schemas";
import { type WebContext, type WebEnv, webServiceContext } from "../../env";
import { type FieldMessages, fieldMessages } from "../../ui/form";
import { tooLargeMessage } from "../access";
import { ConsolePage } from "../nav";
import { UploadForm } from "./upload-form";
import { type CsvUpload, readUpload, uploadInput } from "./upload-read";
import { PreviewSection, Report } from "./upload-views";
import { hospitalNamed } from "./versions";

/** The form's own checks (the service's schema); the CSV's are the report's. */
function formErrors(c: WebContext, u: CsvUpload): FieldMessages {
  const { hospitalId: _h, ...fields } = uploadInput("", u);
  const parsed = TariffUploadSchema.safeParse(fields);
  const errors = parsed.success
    ? {}
    : fieldMessages(
        parsed.error.issues.map((i) => ({ path: String(i.path[0] ?? "file"), message: i.message })),
        c.var.web.t,
      );
  if (u.csv.trim() === "") errors.file = c.var.web.t("tariffs.upload.noFile");
  if (u.effectiveFrom === "") errors.effectiveFrom = c.var.web.t("tariffs.upload.noDate");
  if (errors.csv) errors.file = errors.csv;
  if (u.tooLarge) return { file: tooLargeMessage(c) };
  return errors;
}

async function newPage(c: WebContext) {
  const id = c.req.param("id")!;
  await consoleTariffVersions({ ctx: webServiceContext(c), input: { hospitalId: id } });
  const hospital = await hospitalNamed(c, id);
  const { t } = c.var.web;
  return c.html(
    <ConsolePage c={c} title={t("tariffs.upload.title")} hospital={hospital} current="tariffs">
      <h1>{t("tariffs.upload.title")}</h1>
      <p>{t("tariffs.upload.intro")}</p>
      <UploadForm c={c} hospitalId={id} />
    </ConsolePage>,
  );
}

/** The report, and the preview when the file has no error; the form again to upload a corrected file. */
async function checkedPage(c: WebContext, u: CsvUpload, errors: FieldMessages = {}) {
  const id = c.req.param("id")!;
  const ctx = webServiceContext(c);
  const hospital = await hospitalNamed(c, id);
  const { t } = c.var.web;
  const invalid = formErrors(c, u);
  let p: Awaited<ReturnType<typeof previewTariffUpload>> | undefined;
  if (!Object.keys(invalid).length) {
    try {
      p = await previewTariffUpload({ ctx, input: uploadInput(id, u) });
    } catch (err) {
      // An amendment with no version in force to amend: the form again, saying so beside the mode.
      if (!(err instanceof BusinessRuleError)) throw err;
      Object.assign(invalid, fieldMessages(err.errors ?? [{ path: "mode", message: err.message }], t));
    }
  }
  if (!p) {
    await consoleTariffVersions({ ctx, input: { hospitalId: id } });
    c.status(u.tooLarge ? 413 : 400);
    return c.html(
      <ConsolePage c={c} title={t("tariffs.upload.title")} hospital={hospital} current="tariffs">
        <h1>{t("tariffs.upload.title")}</h1>
        <UploadForm c={c} hospitalId={id} values={u} errors={invalid} />
      </ConsolePage>,
    );
  }
  const title = p.valid ? t("tariffs.preview.title") : t("tariffs.report.fix");
  // The report is the answer asked for (200), with or without errors; only a form missing its file is a 400.
  return c.html(
    <ConsolePage c={c} title={title} hospital={hospital} current="tariffs">
      <h1>{title}</h1>
      <Report c={c} u={u} p={p} />
      {p.valid ? <PreviewSection c={c} u={u} p={p} errors={errors} /> : null}
      <h2>{t("tariffs.upload.again")}</h2>
      <UploadForm c={c} hospitalId={id} values={{ ...u, premiumClasses: p.premiumClasses }} />
    </ConsolePage>,
  );
}

async function reportCsv(c: WebContext) {
  const u = await readUpload(c);
  const report = await validateTariffUpload({ ctx: webServiceContext(c), input: uploadInput(c.req.param("id")!, u) });
  return c.body(problemsCsv(report.problems), 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": 'attachment; filename="tariff-validation.csv"',
  });
}

async function publish(c: WebContext) {
  const id = c.req.param("id")!;
  const u = await readUpload(c);
  try {
    const r = await publishTariffUpload({ ctx: webServiceContext(c), input: uploadInput(id, u) });
    const how = r.alreadyPublished ? "again" : "new";
    return c.redirect(`/hospital/${id}/tariffs/${r.tariffVersion.version}?published=${how}`, 303);
  } catch (err) {
    if (err instanceof BusinessRuleError && err.code === "removal_not_acknowledged")
      return checkedPage(c, u, { acknowledgeRemoved: c.var.web.t("tariffs.preview.acknowledgeMissing") });
    if (err instanceof ValidationError) return checkedPage(c, u);
    throw err;
  }
}

export function registerTariffUploadPages(web: Hono<WebEnv>) {
  web.get("/hospital/:id/tariffs/new", (c) => newPage(c));
  web.post("/hospital/:id/tariffs/new", async (c) => checkedPage(c, await readUpload(c)));
  web.post("/hospital/:id/tariffs/report.csv", (c) => reportCsv(c));
  web.post("/hospital/:id/tariffs/publish", (c) => publish(c));
}
