/** Itinerary totals in the hospital's and the patient's currency, exact to the minor unit. */
import { conciergeFees, type FeeLine, type FeePolicy } from "./fees";
import { convert, type FxRate, type ResolvedRate, resolveRate } from "./fx";
import type { PricedMedicalLine } from "./medical";
import { type Money, PricingError, assertSafeAmount, minorUnitExponent, sumMoney } from "./money";

export interface TravelLine {
  kind: "flight" | "transfer" | "lodging" | "tour";
  ref: string;
  description: string;
  quantity: number;
  unitPrice: Money;
  total: Money;
}

export interface TotalsBlock {
  medical: Money;
  travel: Money;
  fees: Money;
  dueNow: Money;
  payableAtHospital: Money;
  grandTotal: Money;
}

export interface PricedItinerary {
  medical: PricedMedicalLine[];
  travel: TravelLine[];
  fees: FeeLine[];
  hospitalCurrency: TotalsBlock;
  patientCurrency: TotalsBlock;
  /** conversions: every non-identity rate used */
  fx: { hospitalToPatient: ResolvedRate; conversions: ResolvedRate[] };
}

export interface PriceItineraryInput {
  medical: PricedMedicalLine[];
  travel: TravelLine[];
  feePolicy: FeePolicy | null;
  hospitalCurrency: string;
  patientCurrency: string;
  rates: FxRate[];
  onDate: string;
}

function block(medical: Money, travel: Money, fees: Money): TotalsBlock {
  const currency = medical.currency;
  return {
    medical,
    travel,
    fees,
    dueNow: sumMoney([travel, fees], currency),
    payableAtHospital: medical,
    grandTotal: sumMoney([medical, travel, fees], currency),
  };
}

/** The rates one pricing resolves, each once per pair, in the order first needed. */
interface RatesUsed {
  rates: FxRate[];
  onDate: string;
  /** Resolved rates, each pair once, in the order first needed (a handful: a short list beats a keyed map). */
  used: ResolvedRate[];
}

function rateFor(fx: RatesUsed, from: string, to: string): ResolvedRate {
  const used = fx.used;
  for (let i = 0; i < used.length; i++) {
    const r = used[i]!;
    if (r.from === from && r.to === to) return r;
  }
  const rate = resolveRate(fx.rates, from, to, fx.onDate);
  if (rate === undefined) {
    throw new PricingError("fx_unavailable", `no exchange rate ${from}→${to} on ${fx.onDate}`);
  }
  used.push(rate);
  return rate;
}

function toCurrency(fx: RatesUsed, amount: Money, currency: string): Money {
  return convert(amount, rateFor(fx, amount.currency, currency));
}

/** Every non-identity rate used, in the order first needed. */
function conversionsOf(fx: RatesUsed): ResolvedRate[] {
  const out: ResolvedRate[] = [];
  for (const rate of fx.used) if (rate.from !== rate.to) out.push(rate);
  return out;
}

type LineKind = "medical" | "travel" | "fees";
const LINE_NAME: Record<LineKind, string> = { medical: "medical line", travel: "travel line", fees: "fee line" };

/**
 * The amounts in `currency`, each converted once from its own currency (half-even), summed exactly.
 * An amount_overflow names the line (`path` "travel.2": the third travel line) whose conversion, or
 * the running sum at which, leaves the safe range.
 */
function sumIn(fx: RatesUsed, amounts: readonly Money[], currency: string, kind: LineKind): Money {
  const converted = new Array<Money>(amounts.length);
  for (let i = 0; i < amounts.length; i++) {
    const amount = amounts[i]!;
    try {
      converted[i] = amount.currency === currency ? amount : toCurrency(fx, amount, currency);
    } catch (err) {
      if (err instanceof PricingError && err.code === "amount_overflow") {
        throw new PricingError(
          err.code,
          `${LINE_NAME[kind]} ${i + 1}: its amount in ${currency} is beyond the largest amount that can be held`,
          `${kind}.${i}`,
        );
      }
      throw err;
    }
  }
  try {
    return sumMoney(converted, currency);
  } catch (err) {
    if (!(err instanceof PricingError) || err.code !== "amount_overflow") throw err;
    let running = 0n;
    let at = converted.length - 1;
    for (let i = 0; i < converted.length; i++) {
      running += BigInt(converted[i]!.amount);
      if (running > BigInt(Number.MAX_SAFE_INTEGER) || running < BigInt(Number.MIN_SAFE_INTEGER)) {
        at = i;
        break;
      }
    }
    throw new PricingError(
      err.code,
      `${LINE_NAME[kind]} ${at + 1}: the ${kind} total in ${currency} passes the largest amount that can be held at ` +
        `this line`,
      `${kind}.${at}`,
    );
  }
}

/**
 * Sums everything in minor units. Each block (hospital currency, patient currency) is the sum of
 * the lines as shown in that currency: every medical, travel and fee line converted once from its
 * own currency straight to the block's (half-even, per line; none when already in it), never through
 * another currency. So a travel line priced in the patient's currency counts at its own amount in the
 * patient block, and grandTotal = medical + travel + fees, dueNow = travel + fees hold exactly in both.
 * Fees come from conciergeFees on the travel subtotal in the policy's currency, summed the same way.
 * Throws PricingError("fx_unavailable") naming the pair when a needed rate is missing.
 */
export function priceItinerary(input: PriceItineraryInput): PricedItinerary {
  const { hospitalCurrency, patientCurrency, rates, onDate } = input;
  minorUnitExponent(hospitalCurrency);
  minorUnitExponent(patientCurrency);

  const fx: RatesUsed = { rates, onDate, used: [] };

  const medicalLines = input.medical;
  const medicalAmounts = new Array<Money>(medicalLines.length);
  for (let i = 0; i < medicalLines.length; i++) {
    const line = medicalLines[i]!;
    if (line.currency !== hospitalCurrency) {
      throw new PricingError(
        "currency_mismatch",
        `medical line ${line.lineNo} is in ${JSON.stringify(line.currency)}, not the hospital currency ` +
          `${hospitalCurrency}`,
      );
    }
    assertSafeAmount(line.lineTotal, `medical line ${line.lineNo} total`);
    medicalAmounts[i] = { amount: line.lineTotal, currency: line.currency };
  }

  const travelLines = input.travel;
  const travelAmounts = new Array<Money>(travelLines.length);
  for (let i = 0; i < travelLines.length; i++) travelAmounts[i] = travelLines[i]!.total;
  const travel = sumIn(fx, travelAmounts, hospitalCurrency, "travel");

  const fees =
    input.feePolicy === null
      ? []
      : conciergeFees(sumIn(fx, travelAmounts, input.feePolicy.flat.currency, "travel"), input.feePolicy);
  const feeAmounts = new Array<Money>(fees.length);
  for (let i = 0; i < fees.length; i++) feeAmounts[i] = fees[i]!.amount;

  const hospitalToPatient = rateFor(fx, hospitalCurrency, patientCurrency);
  const hospitalBlock = block(
    sumIn(fx, medicalAmounts, hospitalCurrency, "medical"),
    travel,
    sumIn(fx, feeAmounts, hospitalCurrency, "fees"),
  );
  const patientBlock = block(
    sumIn(fx, medicalAmounts, patientCurrency, "medical"),
    sumIn(fx, travelAmounts, patientCurrency, "travel"),
    sumIn(fx, feeAmounts, patientCurrency, "fees"),
  );

  return {
    medical: input.medical,
    travel: input.travel,
    fees,
    hospitalCurrency: hospitalBlock,
    patientCurrency: patientBlock,
    fx: {
      hospitalToPatient,
      conversions: conversionsOf(fx),
    },
  };
}
