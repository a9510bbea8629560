import type { priceFile } from "../../../services/tariffs/index";
import { SelectField, TextAreaField } from "../../care/fields";
import type { WebContext } from "../../env";
import type { Locale, MessageKey } from "../../i18n/index";
import { departmentLabel, itemName } from "../../public/labels";
import { TableWrap } from "../../ui/components";
import { ErrorSummary, Field, type FieldMessages, Form, fieldId } from "../../ui/form";
import { ACTIVITIES, type RecForm } from "./recommend-form";

type TariffItem = Awaited<ReturnType<typeof priceFile>>["items"][number];

/** How many matches the tariff search lists. */
export const SEARCH_SHOWN = 20;

/** Tariff items whose code, or name in the clinician's language (else English), contains the text. */
export function searchTariff(items: TariffItem[], locale: Locale, q: string): TariffItem[] {
  const needle = q.toLocaleLowerCase();
  if (!needle) return [];
  return items
    .filter((i) => [i.code, itemName(locale, i.name)].some((s) => s.toLocaleLowerCase().includes(needle)))
    .slice(0, SEARCH_SHOWN);
}

/** The search field and its matches, each with an "add" button (a submit of the same form: no script needed). */
function TariffSearch({ c, form, found }: { c: WebContext; form: RecForm; found: TariffItem[] | null }) {
  const { t, fmt, locale } = c.var.web;
  return (
    // A group, not a fieldset: a fieldset grows to its widest content, and the matches' table must scroll instead.
    <div class="record" role="group" aria-labelledby="tariff-search">
      <h3 id="tariff-search">{t("clinic.rec.search")}</h3>
      <div class="filter">
        <Field
          name="q"
          type="search"
          label={t("clinic.rec.searchLabel")}
          hint={t("clinic.rec.searchHint")}
          value={form.q}
        />
        <button type="submit" name="intent" value="search" class="secondary">
          {t("clinic.rec.searchButton")}
        </button>
      </div>
      {found === null ? null : found.length === 0 ? (
        <p role="status">{t("clinic.rec.noMatch", { q: form.q })}</p>
      ) : (
        <TableWrap label={t("clinic.rec.matches")}>
          <table>
            <caption>{t("clinic.rec.matchCount", { count: found.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("clinic.rec.code")}</th>
                <th scope="col">{t("clinic.rec.item")}</th>
                <th scope="col">{t("clinic.rec.department")}</th>
                <th scope="col" class="num">
                  {t("clinic.rec.price")}
                </th>
                <th scope="col">{t("clinic.rec.action")}</th>
              </tr>
            </thead>
            <tbody>
              {found.map((i) => (
                <tr>
                  <td>
                    <code>{i.code}</code>
                  </td>
                  <th scope="row">{`${itemName(locale, i.name)} (${i.serviceClass})`}</th>
                  <td>{departmentLabel(t, i.department)}</td>
                  <td class="num">{fmt.money(i.unitPrice.amount, i.unitPrice.currency)}</td>
                  <td>
                    <button
                      type="submit"
                      name="add"
                      value={`${i.code}|${i.department}|${i.serviceClass}`}
                      class="secondary"
                      aria-label={t("clinic.rec.addItem", { item: `${i.code} ${itemName(locale, i.name)}` })}
                    >
                      {t("clinic.rec.add")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}

/** The chosen items: code and quantity (department and class as the tariff item had them), each removable. */
function ItemRows(p: { c: WebContext; form: RecForm; errors: FieldMessages; names: Map<string, string> }) {
  const { t } = p.c.var.web;
  return (
    <fieldset class="record" id={fieldId("items")} aria-describedby={p.errors.items ? "items-error" : undefined}>
      <legend>{t("clinic.rec.items")}</legend>
      {p.errors.items ? (
        <p class="error-message" id="items-error">
          {p.errors.items}
        </p>
      ) : null}
      {p.form.items.map((r, i) => (
        <div class="filter" data-item-row={String(i)}>
          <Field
            name={`items.${i}.code`}
            label={t("clinic.rec.itemCode", { n: i + 1 })}
            hint={r.code ? (p.names.get(r.code) ?? undefined) : t("clinic.rec.codeHint")}
            value={r.code}
            error={p.errors[`items.${i}.code`]}
          />
          <Field
            name={`items.${i}.quantity`}
            label={t("clinic.rec.quantity")}
            type="number"
            inputmode="numeric"
            min="1"
            value={r.quantity}
            error={p.errors[`items.${i}.quantity`]}
          />
          <input type="hidden" name={`items.${i}.department`} value={r.department} />
          <input type="hidden" name={`items.${i}.serviceClass`} value={r.serviceClass} />
          {r.code ? (
            <button
              type="submit"
              name="remove"
              value={String(i)}
              class="secondary"
              aria-label={t("clinic.rec.removeItem", { code: r.code })}
            >
              {t("clinic.rec.remove")}
            </button>
          ) : null}
        </div>
      ))}
    </fieldset>
  );
}

function Restrictions({ c, form, errors }: { c: WebContext; form: RecForm; errors: FieldMessages }) {
  const { t } = c.var.web;
  return (
    <fieldset class="record">
      <legend>{t("clinic.rec.restrictions")}</legend>
      <p class="hint">{t("clinic.rec.restrictionsHint")}</p>
      {form.activityRestrictions.map((r, i) => (
        <div class="filter">
          <SelectField
            name={`activityRestrictions.${i}.activity`}
            label={t("clinic.rec.activity", { n: i + 1 })}
            value={r.activity}
            empty={t("clinic.rec.none")}
            options={ACTIVITIES.map((a) => [a, t(`care.activity.${a}` as MessageKey)])}
            error={errors[`activityRestrictions.${i}.activity`]}
          />
          <Field
            name={`activityRestrictions.${i}.days`}
            label={t("clinic.rec.days")}
            type="number"
            inputmode="numeric"
            min="1"
            value={r.days}
            error={errors[`activityRestrictions.${i}.days`]}
          />
          <Field
            name={`activityRestrictions.${i}.note`}
            label={t("clinic.rec.note")}
            value={r.note}
            error={errors[`activityRestrictions.${i}.note`]}
          />
        </div>
      ))}
    </fieldset>
  );
}

/** The clinician's recommendation form: one POST form; searching and adding re-show it, "Record" records. */
export function RecommendationForm(p: {
  c: WebContext;
  action: string;
  form: RecForm;
  errors: FieldMessages;
  found: TariffItem[] | null;
  names: Map<string, string>;
}) {
  const { c, form, errors } = p;
  const { t } = c.var.web;
  const num = (name: "inpatientNights" | "fitToFlyDays", label: MessageKey, hint: MessageKey) => (
    <Field
      name={name}
      label={t(label)}
      hint={t(hint)}
      type="number"
      inputmode="numeric"
      min="0"
      max="365"
      value={form[name]}
      error={errors[name]}
    />
  );
  return (
    <section aria-labelledby="record-rec">
      <h2 id="record-rec">{t("clinic.rec.title")}</h2>
      <p>{t("clinic.rec.lead")}</p>
      <ErrorSummary c={c} errors={errors} />
      <Form c={c} action={p.action}>
        <TariffSearch c={c} form={form} found={p.found} />
        <ItemRows c={c} form={form} errors={errors} names={p.names} />
        <Field
          name="admissionDate"
          label={t("clinic.rec.admission")}
          hint={t("clinic.rec.admissionHint")}
          type="date"
          value={form.admissionDate}
          error={errors.admissionDate}
        />
        {num("inpatientNights", "clinic.rec.nights", "clinic.rec.nightsHint")}
        {num("fitToFlyDays", "clinic.rec.fitToFly", "clinic.rec.fitToFlyHint")}
        <Restrictions c={c} form={form} errors={errors} />
        <TextAreaField
          name="notes"
          label={t("clinic.rec.notes")}
          hint={t("clinic.rec.notesHint")}
          value={form.notes}
          maxlength={4000}
          error={errors.notes}
        />
        <button type="submit" name="intent" value="record">
          {t("clinic.rec.submit")}
        </button>
      </Form>
    </section>
  );
}
