/** The parity rules a tariff version must meet before it is published. */
import { DEFAULT_SERVICE_CLASS, NO_DEPARTMENTS, type ParityOptions } from "../pricing/domestic";

/** One item of a tariff version billing wants to publish. */
export interface TariffItemDraft {
  code: string;
  department: string;
  serviceClass: string;
  unitPrice: number;
}

/** A non-standard class billing declares with a version: domestic patients buy it at its prices. */
export interface PremiumClassDeclaration {
  serviceClass: string;
  domesticallyAvailable: boolean;
}

export interface TariffDraftIssue {
  /** Where, relative to the version: `items.3.unitPrice`, `premiumClasses.0.serviceClass`. */
  path: string;
  code: "foreign_department_price" | "no_standard_price" | "class_not_domestic" | "invalid_premium_class";
  message: string;
}

const quoted = (s: string) => JSON.stringify(s);

/** The declared premium classes by name; the standard class and a second declaration are issues. */
function declaredClasses(
  premiumClasses: readonly PremiumClassDeclaration[],
  issues: TariffDraftIssue[],
): Map<string, PremiumClassDeclaration> {
  const declared = new Map<string, PremiumClassDeclaration>();
  premiumClasses.forEach((p, j) => {
    const path = `premiumClasses.${j}.serviceClass`;
    const code = "invalid_premium_class";
    if (p.serviceClass === DEFAULT_SERVICE_CLASS) {
      issues.push({ path, code, message: `${quoted(DEFAULT_SERVICE_CLASS)} is the standard class, not a premium one` });
    } else if (declared.has(p.serviceClass)) {
      issues.push({ path, code, message: `class ${quoted(p.serviceClass)} is declared twice` });
    } else declared.set(p.serviceClass, p);
  });
  return declared;
}

/** Why a premium item may not be published: its class is not one domestic patients buy at its price. */
function classNotDomestic(serviceClass: string, declared: Map<string, PremiumClassDeclaration>): string {
  return declared.has(serviceClass)
    ? `class ${quoted(serviceClass)} is declared as not available to domestic patients: ` +
        "only a class domestic patients buy at its price may be published"
    : `class ${quoted(serviceClass)} is not declared in premiumClasses as a class domestic patients buy at its price`;
}

/** The issue of a foreign-patient department's item: no standard price to charge, or another price. */
function foreignItemIssue(
  item: TariffItemDraft,
  i: number,
  standard: number | undefined,
): TariffDraftIssue | undefined {
  const where = `department ${quoted(item.department)} serves foreign patients`;
  if (standard === undefined) {
    const message = `${where} and ${quoted(item.code)} has no standard-class domestic price in this version`;
    return { path: `items.${i}.code`, code: "no_standard_price", message };
  }
  if (item.unitPrice === standard) return undefined;
  const price = `the standard-class domestic price ${standard}, not ${item.unitPrice}`;
  const message = `${where}: ${quoted(item.code)} must cost ${price}`;
  return { path: `items.${i}.unitPrice`, code: "foreign_department_price", message };
}

/**
 * The parity rules a tariff version must meet before it is published (every issue, not just the first):
 * - an item in a foreign-patient department costs exactly the standard class's domestic price of its
 *   code in this version (the standard-class item in a department that does not serve foreign patients);
 *   a code with no such price cannot be sold there at all;
 * - a non-standard class is declared as a premium class domestic patients buy at these prices
 *   (`domesticallyAvailable: true`), and each of its codes has a standard-class domestic price to show
 *   beside it.
 */
export function validateTariffDraft(
  items: readonly TariffItemDraft[],
  premiumClasses: readonly PremiumClassDeclaration[],
  options: ParityOptions = {},
): TariffDraftIssue[] {
  const foreign = options.foreignDepartments ?? NO_DEPARTMENTS;
  const issues: TariffDraftIssue[] = [];
  const declared = declaredClasses(premiumClasses, issues);
  const standardPrice = new Map<string, number>();
  for (const item of items) {
    if (item.serviceClass === DEFAULT_SERVICE_CLASS && !foreign.has(item.department) && !standardPrice.has(item.code))
      standardPrice.set(item.code, item.unitPrice);
  }
  items.forEach((item, i) => {
    const standard = standardPrice.get(item.code);
    const premium = item.serviceClass !== DEFAULT_SERVICE_CLASS;
    if (premium && declared.get(item.serviceClass)?.domesticallyAvailable !== true) {
      const message = classNotDomestic(item.serviceClass, declared);
      issues.push({ path: `items.${i}.serviceClass`, code: "class_not_domestic", message });
    }
    if (foreign.has(item.department)) {
      const issue = foreignItemIssue(item, i, standard);
      if (issue !== undefined) issues.push(issue);
    } else if (premium && standard === undefined) {
      const message =
        `premium class ${quoted(item.serviceClass)} of ${quoted(item.code)} ` +
        "needs a standard-class domestic price for the same code in this version";
      issues.push({ path: `items.${i}.code`, code: "no_standard_price", message });
    }
  });
  return issues;
}
