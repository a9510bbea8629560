import type { Hono } from "hono";
import { raw } from "hono/html";
import { reportResponse } from "../../../http/report-stream";
import { getHospital } from "../../../services/catalog/catalog";
import { ValidationError } from "../../../services/errors";
import { MAX_OVERVIEW_DAYS, MAX_OVERVIEW_PAGE, parityOverview } from "../../../services/parity/index";
import { localDate } from "../../../domain/time/local-time";
import { type WebContext, type WebEnv, webServiceContext } from "../../env";
import type { Translate } from "../../i18n/index";
import { localizeFieldMessage } from "../../i18n/field-messages";
import { ErrorSummary, Field, type FieldMessages, fieldMessages } from "../../ui/form";
import { ConsolePage } from "../nav";
import { ParityResults } from "./results";

/** Where the results go in the streamed page: the head is sent before the report runs. */
const RESULTS_MARK = "<!--parity-results-->";

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface RangeValues {
  from: string;
  to: string;
  page: number;
}

/** The query's range, or the default one: the half year before and after today. */
function rangeOf(c: WebContext): RangeValues {
  const today = localDate(c.var.deps.clock.now(), "UTC");
  const page = /^\d{1,6}$/.test(c.req.query("page") ?? "") ? Number(c.req.query("page")) : 1;
  return {
    from: c.req.query("from") ?? addDays(today, -182),
    to: c.req.query("to") ?? addDays(today, 183),
    page: Math.min(Math.max(1, page), MAX_OVERVIEW_PAGE),
  };
}

/** The range's messages in the page's language (the range rules' own, then the shared field ones). */
function rangeMessages(t: Translate, err: ValidationError): FieldMessages {
  const out = fieldMessages(err.errors);
  for (const [name, message] of Object.entries(out)) {
    if (/^must be at most \d+ days after/.test(message))
      out[name] = t("parity.range.tooLong", { days: MAX_OVERVIEW_DAYS });
    else if (/^must be on or after/.test(message)) out[name] = t("parity.range.reversed");
    else out[name] = localizeFieldMessage(t, message);
  }
  return out;
}

function RangeForm({ c, v, errors }: { c: WebContext; v: RangeValues; errors: FieldMessages }) {
  const { t } = c.var.web;
  return (
    <form method="get" action={c.req.path} class="filter" novalidate>
      <ErrorSummary c={c} errors={errors} />
      <Field
        name="from"
        label={t("parity.range.from")}
        hint={t("parity.range.hint")}
        type="date"
        value={v.from}
        error={errors.from}
      />
      <Field
        name="to"
        label={t("parity.range.to")}
        hint={t("parity.range.toHint", { days: MAX_OVERVIEW_DAYS })}
        type="date"
        value={v.to}
        error={errors.to}
      />
      <button type="submit">{t("parity.range.submit")}</button>
    </form>
  );
}

function Page({
  c,
  title,
  hospital,
  v,
  errors,
  downloads,
}: {
  c: WebContext;
  title: string;
  hospital: { id: string; name: string };
  v: RangeValues;
  errors: FieldMessages;
  downloads?: string;
}) {
  const { t } = c.var.web;
  return (
    <ConsolePage c={c} title={title} hospital={hospital} current="parity" styles={["parity.css"]}>
      <h1>{title}</h1>
      <p class="lead">{t("parity.lead")}</p>
      <RangeForm c={c} v={v} errors={errors} />
      {downloads ? (
        <p class="actions" id="parity-downloads">
          <a href={`${downloads}.csv?from=${v.from}&to=${v.to}`} download>
            {t("parity.download.csv")}
          </a>{" "}
          <a href={`${downloads}.json?from=${v.from}&to=${v.to}`} download>
            {t("parity.download.json")}
          </a>
        </p>
      ) : null}
      <div id="parity-results">{raw(RESULTS_MARK)}</div>
    </ConsolePage>
  );
}

/**
 * The parity report page. The range and the caller's access are checked first (a refusal is a
 * whole page with its status); then the page streams: everything up to the results at once (the
 * browser shows the form and a note that the report is running), the results once the report has
 * read its lines (in batches that leave the event loop free between them), then the rest.
 */
async function parityPage(c: WebContext) {
  const { t } = c.var.web;
  const ctx = webServiceContext(c);
  const hospitalId = c.req.param("id") ?? "";
  const v = rangeOf(c);
  const title = t("parity.title");
  let overview: Awaited<ReturnType<typeof parityOverview>>;
  try {
    overview = await parityOverview({ ctx, input: { hospitalId, ...v } });
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    // Who may not see the report learns nothing from the form: the same refusal as a valid range.
    await parityOverview({ ctx, input: { hospitalId, from: "2000-01-01", to: "2000-01-01" } });
    const hospital = await getHospital({ ctx, input: { id: hospitalId } });
    c.status(400);
    return c.html(<Page c={c} title={title} hospital={hospital} v={v} errors={rangeMessages(t, err)} />);
  }
  const hospital = await getHospital({ ctx, input: { id: hospitalId } });
  const base = `/hospital/${encodeURIComponent(hospitalId)}/parity`;
  const html = await (<Page c={c} title={title} hospital={hospital} v={v} errors={{}} downloads={base} />).toString();
  const [head = "", tail = ""] = html.split(RESULTS_MARK);
  const link = (page: number) => `${base}?from=${v.from}&to=${v.to}&page=${page}`;
  const te = new TextEncoder();
  const gone = new AbortController();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(te.encode(`${head}<p id="parity-running" class="notice">${t("parity.running")}</p>`));
      let results: string;
      try {
        const o = await overview.run(gone.signal);
        results = await (<ParityResults c={c} o={o} link={link} zone={hospital.zone} />).toString();
      } catch (err) {
        if (gone.signal.aborted) return;
        c.var.deps.logger.error("parity page failed mid-stream", { requestId: c.var.requestId, error: String(err) });
        results = `<p class="error-message" role="alert">${t("parity.failed", { requestId: c.var.requestId })}</p>`;
      }
      controller.enqueue(te.encode(`<div id="parity-done">${results}</div>${tail}`));
      controller.close();
    },
    cancel(reason) {
      gone.abort(reason);
    },
  });
  return c.body(stream, 200, { "Content-Type": "text/html; charset=UTF-8" });
}

/** The same report as CSV or JSON, streamed through the API's report verb and writer. */
async function parityDownload(c: WebContext, format: "csv" | "json") {
  const overview = await parityOverview({
    ctx: webServiceContext(c),
    input: { hospitalId: c.req.param("id") ?? "", ...rangeOf(c), page: 1 },
  });
  const { stream, headers, name } = reportResponse(overview.report, format);
  if (format === "json") headers["Content-Disposition"] = `attachment; filename="${name}.json"`;
  return c.body(stream, 200, headers);
}

export function registerParityReportPage(web: Hono<WebEnv>) {
  web.get("/hospital/:id/parity.csv", (c) => parityDownload(c, "csv"));
  web.get("/hospital/:id/parity.json", (c) => parityDownload(c, "json"));
  web.get("/hospital/:id/parity", parityPage);
}
