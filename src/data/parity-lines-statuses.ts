/**
 * Quote statuses for the SQLite reader's matched lines, once it reads them in chunks rather than
 * joining each line to its quote (see `matchedLineReads`): when to switch (`StatusSwitch`), the
 * chunks (`loadStatuses`), and what adds them to the batches (`QuoteStatuses`, plain data in and
 * out: the reading thread sends the chunks and the statusless batches, the main thread adds them).
 */
import type SQLite from "better-sqlite3";
import {
  MatchedFields,
  type MatchedLineBatch,
  type MedicalLineTuple,
  quoteIdsOf,
  type TariffTerms,
} from "./report-lines";

/** A quote's stored status and valid_until; both "" for a line of no quote. */
export type QuoteState = [status: string, validUntil: string];
export const MISSING: QuoteState = ["", ""];

type Statement = SQLite.Statement;

/** A quote's status in the matched query's codes: 0 open, 1 expired, 2 withdrawn, 3 any other. */
const STATUS_CODE = `case when status = 'open' and typeof(valid_until) = 'text' then (valid_until < @generatedAt)
                          when status = 'expired' then 1 when status = 'withdrawn' then 2 else 3 end`;

export interface StatusStatements {
  /** How many quotes the hospital has, counting no further than the limit. */
  quotesUpTo: Statement;
  /** One chunk of statuses by id, as one row. */
  chunk: Statement;
  /** The same chunk row by row (when an id holds a NUL). */
  rows: Statement;
}

export function statusStatements(db: SQLite.Database): StatusStatements {
  const after = "from quotes where hospital_id = @hospitalId and id > @after order by id limit @limit";
  return {
    quotesUpTo: db.prepare("select count(*) from (select 1 from quotes where hospital_id = ? limit ?)").pluck(true),
    chunk: db
      .prepare(
        `select group_concat(c.id, @nul), group_concat(c.code, ''), count(*), max(c.id)
           from (select id, ${STATUS_CODE} as code ${after}) c`,
      )
      .raw(true),
    rows: db.prepare(`select id, ${STATUS_CODE} ${after}`).raw(true),
  };
}

/**
 * When to stop joining each line to its quote and load all the hospital's statuses: once the lines
 * read are a quarter of its quotes. Counting the quotes would cost as much as the whole history,
 * whatever the report's range: the count stops at a limit, and is asked again only each time the
 * lines read have doubled, so what it costs in all stays within a few times the lines read.
 */
export class StatusSwitch {
  /** The hospital's quote count once known to be at most what the lines read justify (-1: more, so far). */
  private quoteCount = -1;
  private nextCount = 0;
  constructor(
    private readonly st: StatusStatements,
    private readonly hospitalId: string,
  ) {}

  due(linesRead: number): boolean {
    if (this.quoteCount < 0 && linesRead * 4 >= this.nextCount) {
      const n = this.st.quotesUpTo.get(this.hospitalId, linesRead * 4 + 1) as number;
      if (n <= linesRead * 4) this.quoteCount = n;
      else this.nextCount = Math.max(1, linesRead * 8);
    }
    return this.quoteCount >= 0 && linesRead * 4 >= this.quoteCount;
  }
}

/**
 * The statuses of all the hospital's quotes, in chunks of `perStep` by id. `byIds` reads the stored
 * status and valid_until of quotes by id (a JSON array): for those of code 3.
 */
export function* loadStatuses(
  st: StatusStatements,
  byIds: Statement,
  opts: { hospitalId: string; generatedAt: string; perStep: number },
): Generator<MatchedRead, void, undefined> {
  let after = "";
  for (;;) {
    const params = { hospitalId: opts.hospitalId, after, limit: opts.perStep, generatedAt: opts.generatedAt };
    const row = st.chunk.get({ ...params, nul: "\u0000" }) as [string | null, string | null, number, string | null];
    const [ids, codes, count, last] = row;
    if (count === 0 || last === null) break;
    let chunk: StatusChunk;
    if (ids !== null && codes !== null && codes.length === count && ids.split("\u0000").length === count) {
      chunk = { idsText: ids, codes, odd: [] };
    } else {
      // An id holding a NUL: this chunk row by row.
      const rows = st.rows.all(params) as [string, number][];
      chunk = { ids: rows.map((r) => r[0]), codes: rows.map((r) => r[1]).join(""), odd: [] };
    }
    if (chunk.codes.includes("3")) {
      const ids = chunk.ids ?? chunk.idsText!.split("\u0000");
      const odd = ids.filter((_, i) => chunk.codes[i] === "3");
      chunk.odd = byIds.all(JSON.stringify(odd)) as StatusChunk["odd"];
    }
    yield { statuses: chunk };
    if (count < opts.perStep) break;
    after = last;
  }
}

/**
 * What `matchedLineReads` reads: a batch, or a chunk of the hospital's quote statuses. A batch
 * read once the statuses are being loaded has no status bits on its matched lines yet, and comes
 * with `unresolved`, what `QuoteStatuses` (given every chunk first) needs to add them.
 */
export type MatchedRead = { batch: MatchedLineBatch; unresolved?: Unresolved } | { statuses: StatusChunk };

/**
 * A batch's lines against the previous batch that had this too. Both batches' quote ids are sorted
 * and a quote's lines are mostly on nearby days (a stay's nights, its treatments): a merge finds
 * most of them in the previous batch with a comparison or two, cheaper than a lookup in the large
 * dictionary of statuses, which answers the rest (and any id the merge misses, so the answer never
 * depends on the order of the two). The reader makes the merge, which needs only the ids.
 */
export interface Unresolved {
  /** Per line: the position of its quote id in the previous batch; -2 the previous line's; -1 neither. */
  refs: Int32Array;
  /** The quote ids of the lines whose ref is -1, in order. */
  misses: string[];
}

/** `Unresolved` for a batch's quote ids, against the previous batch's. */
export function unresolvedOf(quoteIds: readonly string[], prevIds: readonly string[]): Unresolved {
  const refs = new Int32Array(quoteIds.length);
  const misses: string[] = [];
  let j = 0;
  for (let i = 0; i < quoteIds.length; i++) {
    const id = quoteIds[i]!;
    if (i > 0 && id === quoteIds[i - 1]) {
      refs[i] = -2;
      continue;
    }
    while (j < prevIds.length && prevIds[j]! < id) j++;
    if (j < prevIds.length && prevIds[j] === id) refs[i] = j;
    else {
      refs[i] = -1;
      misses.push(id);
    }
  }
  return { refs, misses };
}

/** The statuses of some of the hospital's quotes, in the matched query's codes. */
export interface StatusChunk {
  /** The quotes' ids joined by NUL (when none holds a NUL), else `ids`. */
  idsText?: string;
  ids?: string[];
  /** One digit per id: 0 open, 1 expired (open past valid_until at the report's time), 2 withdrawn, 3 any other. */
  codes: string;
  /** Each quote of code 3: its status and valid_until as stored. */
  odd: [id: string, status: unknown, validUntil: unknown][];
}

/**
 * The quotes' statuses as a report reads them in chunks, and what adds them to a statusless batch.
 * It holds no connection: the reading thread sends it the chunks, and the main thread uses it.
 */
export class QuoteStatuses {
  /**
   * A dictionary object, not a Map: with 10^5 and more keys, looking up a fresh string (split from
   * a batch's ids) is about twice as fast in V8.
   */
  private readonly codeOf = Object.create(null) as Record<string, number>;
  private readonly odd = new Map<string, QuoteState>();
  /** The codes of the previous unresolved batch's lines (-1: no such quote). */
  private prevCodes: number[] = [];
  private readonly fields: MatchedFields;

  constructor(private readonly terms: TariffTerms) {
    this.fields = new MatchedFields(Math.max(terms.items.length, 1));
  }

  /** A chunk is remembered (undefined); a batch comes back, with its statuses when it had none. */
  batchOf(read: MatchedRead): MatchedLineBatch | undefined {
    if ("statuses" in read) {
      this.add(read.statuses);
      return undefined;
    }
    if (read.unresolved !== undefined) this.resolve(read.batch, read.unresolved);
    return read.batch;
  }

  private add(chunk: StatusChunk) {
    const ids = chunk.ids ?? chunk.idsText!.split("\u0000");
    const { codes } = chunk;
    for (let i = 0; i < ids.length; i++) this.codeOf[ids[i]!] = codes.charCodeAt(i) - 48;
    for (const [id, status, validUntil] of chunk.odd) this.odd.set(id, [status as string, validUntil as string]);
  }

  /**
   * The status bits of an unresolved batch's matched lines. A matched line of a quote with another
   * status, or of no quote, becomes a whole line (in `others`), rebuilt from its item: it matched
   * the item exactly, so its stored values are the item's.
   */
  private resolve(batch: MatchedLineBatch, { refs, misses }: Unresolved) {
    const { lines } = batch;
    const count = lines.length;
    const { prevCodes, codeOf } = this;
    const codes = new Array<number>(count);
    let miss = 0;
    let quoteIds: string[] | undefined;
    for (let i = 0; i < count; i++) {
      const ref = refs[i]!;
      let code = ref === -2 ? codes[i - 1]! : ref >= 0 ? prevCodes[ref]! : -1;
      if (code < 0) code = codeOf[ref === -1 ? misses[miss++]! : (quoteIds ??= quoteIdsOf(batch))[i]!] ?? -1;
      codes[i] = code;
      const v = lines[i]!;
      if (v < 0) continue;
      if (code >= 0 && code < 3) lines[i] = v + code;
      else {
        batch.others.set(i, this.whole((quoteIds ??= quoteIdsOf(batch))[i]!, v, batch.serviceDate, code));
        lines[i] = -1;
      }
    }
    this.prevCodes = codes;
  }

  /** A matched line whole, as the reader reads an unmatched line, with its quote's stored status (none: ""). */
  private whole(quoteId: string, packed: number, serviceDate: string, code: number): MedicalLineTuple {
    const { item: id, quantity, lineNo } = this.fields.read(packed);
    const item = this.terms.items[id]!;
    const [status, validUntil] = code === 3 ? (this.odd.get(quoteId) ?? MISSING) : MISSING;
    return [
      quoteId,
      lineNo,
      item.code,
      item.department,
      item.serviceClass,
      serviceDate,
      quantity,
      item.unitPrice,
      item.unitPrice * quantity,
      status,
      validUntil,
    ];
  }
}
