import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Logger } from "../ports/logger";
import { sqliteLineSource, turn } from "./parity-lines-sqlite";
import { type MatchedRead, QuoteStatuses } from "./parity-lines-statuses";
import type { MatchedLineBatch, ReportLineSource, TariffTerms } from "./report-lines";

/**
 * The embedded default's parity report reads its matched lines (`matchedLineReads`) on a thread of
 * its own, so that reading (about 70 % of a report's work) and writing the report's bytes (on the
 * main thread) run on two cores at once, and no read blocks the event loop.
 *
 * - One thread per report, with one read-only connection and one read transaction: one snapshot,
 *   exactly as when the main thread reads. The thread runs `matchedLineReads`; the main thread adds
 *   the quote statuses the thread loaded to the batches (`QuoteStatuses`): about a third of the
 *   reading's JavaScript, and the main thread has the spare time.
 * - Flow control: the thread may be at most `window` batches ahead of the consumer. A shared
 *   counter holds the batches it may still send; it waits (`Atomics.wait`, it has nothing else to
 *   do) when the counter is 0, and the consumer adds one for each batch it takes. A slow client
 *   therefore holds at most `window` batches in memory, plus the one the thread has read. Chunks
 *   of quote statuses are not counted: they fill the dictionary the main thread keeps anyway.
 * - The main thread takes one message per turn of its event loop, so other requests are served
 *   between batches as when it read them itself.
 * - Ending early (`return()` on the generator: a client gone away) raises a shared flag and wakes
 *   the thread; it leaves its loop, closes its connection (ending its snapshot) and exits, and the
 *   generator returns once it has.
 * - An error on the thread (the file gone, a busy timeout) is thrown by the generator, as the
 *   in-thread reader throws it.
 *
 * The thread's code is `src/entry/parity-lines-thread.ts`, bundled by `npm run build` (and by the
 * tests' global setup) as `dist/entry/parity-lines-thread.mjs`; nothing bundles it at run time.
 */

/** What the thread is given (`workerData`). */
export interface ThreadJob {
  file: string;
  hospitalId: string;
  from: string;
  to: string;
  terms: TariffTerms;
  batchSize?: number;
  /** Int32Array over it: [CREDIT, CANCELLED]. */
  control: SharedArrayBuffer;
}

/** What the thread sends: a read (a batch or a chunk of quote statuses), the end, or the error that stopped it. */
export type ThreadMessage =
  | { read: MatchedRead }
  | { done: true }
  | { error: { name: string; message: string; code?: unknown } };

export const CREDIT = 0;
export const CANCELLED = 1;

/** Batches the thread may read ahead of the consumer. */
const WINDOW = 4;

const THREAD_FILE = "parity-lines-thread.mjs";

/**
 * The thread's bundle: beside this module once bundled (dist/entry), else in dist/entry from the
 * sources (tests, scripts, `npm run dev`: the last `npm run build`). Undefined when there is none.
 */
export function threadBundle(): URL | undefined {
  const candidates = [
    new URL(`./${THREAD_FILE}`, import.meta.url),
    new URL(`../../dist/entry/${THREAD_FILE}`, import.meta.url),
  ];
  return candidates.find((url) => existsSync(fileURLToPath(url)));
}

/** An Error from what the thread sent, with its name and SQLite code kept. */
function threadError(e: { name: string; message: string; code?: unknown }): Error {
  const error = new Error(e.message) as Error & { code?: unknown };
  error.name = e.name;
  if (e.code !== undefined) error.code = e.code;
  return error;
}

/**
 * `matchedLineBatches(file, hospitalId, from, to, terms, batchSize)`, read on a thread of its own
 * the same batches in the same order, without the empty ones. `onMessage` (tests) sees each
 * message as it arrives from the thread, before the consumer takes it.
 */
export async function* threadedMatchedBatches(
  file: string,
  hospitalId: string,
  from: string,
  to: string,
  terms: TariffTerms,
  opts: { batchSize?: number; window?: number; onMessage?: (m: ThreadMessage) => void; bundle?: URL } = {},
): AsyncGenerator<MatchedLineBatch, void, undefined> {
  const bundle = opts.bundle ?? threadBundle();
  if (bundle === undefined)
    throw new Error(`The parity report's thread bundle (${THREAD_FILE}) is missing: npm run build.`);
  const control = new SharedArrayBuffer(8);
  const flags = new Int32Array(control);
  flags[CREDIT] = Math.max(1, opts.window ?? WINDOW);
  const job: ThreadJob = {
    file,
    hospitalId,
    from,
    to,
    terms: { items: terms.items, inForceFrom: terms.inForceFrom, generatedAt: terms.generatedAt },
    control,
  };
  if (opts.batchSize !== undefined) job.batchSize = opts.batchSize;
  const worker = new Worker(bundle, { workerData: job });
  // The statuses the thread reads in chunks are added to its batches here, on this thread.
  const statuses = new QuoteStatuses(terms);

  const queue: (ThreadMessage | { exit: number })[] = [];
  let wake: (() => void) | undefined;
  const push = (m: ThreadMessage | { exit: number }) => {
    queue.push(m);
    wake?.();
    wake = undefined;
  };
  worker.on("message", (m: ThreadMessage) => {
    opts.onMessage?.(m);
    push(m);
  });
  worker.on("error", (e: Error) =>
    push({ error: { name: e.name, message: e.message, code: (e as { code?: unknown }).code } }),
  );
  const exited = new Promise<number>((resolve) => worker.once("exit", (code) => (push({ exit: code }), resolve(code))));

  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      // A turn of the event loop before each message, so other requests and the socket's writes
      // are served in between: also when the thread is ahead, and when the port hands over several
      // messages in one go (its handler would otherwise resume this loop for each, in one task).
      await turn();
      const m = queue.shift()!;
      if ("read" in m) {
        const batch = statuses.batchOf(m.read);
        if (batch === undefined) continue;
        // One more batch may be read while the consumer works on this one.
        Atomics.add(flags, CREDIT, 1);
        Atomics.notify(flags, CREDIT);
        yield batch;
      } else if ("done" in m) return;
      else if ("error" in m) throw threadError(m.error);
      else throw new Error(`The parity report's reading thread exited (code ${m.exit}) before the last batch.`);
    }
  } finally {
    // Done, failed or abandoned: the thread leaves its loop (if it is still in it), closes its
    // connection and exits; this generator ends once it has.
    Atomics.store(flags, CANCELLED, 1);
    Atomics.add(flags, CREDIT, 1);
    Atomics.notify(flags, CREDIT);
    await exited;
  }
}

/**
 * The embedded default's report source on the database `file` (wired by `buildNodeDeps`): each
 * report reads on a thread of its own (`threadedMatchedBatches`) while fewer than `threads` reports
 * (default: the machine's cores) are reading on threads; a report beyond that reads on the calling
 * thread (`sqliteLineSource`), so a burst of reports cannot start a thread each.
 *
 * Without the thread's bundle (not built when the first report starts), every report reads on the
 * calling thread, with a warning logged once: the same report, only without the second core.
 */
export function threadedLineSource(
  file: string,
  opts: { threads?: number; batchSize?: number; logger?: Pick<Logger, "warn">; bundle?: URL | null } = {},
): ReportLineSource {
  const here = sqliteLineSource(file, opts);
  const threads = opts.threads ?? availableParallelism();
  // `opts.bundle`: where the thread's code is (null: none); else looked for at the first report.
  let bundle: URL | null | undefined;
  const located = (): URL | null => {
    if (bundle !== undefined) return bundle;
    bundle = opts.bundle === undefined ? (threadBundle() ?? null) : opts.bundle;
    // Never bundled at run time: without a built bundle, the same read on the calling thread.
    if (bundle === null) {
      const message = "parity report: thread bundle not built (npm run build); reports read on the calling thread";
      opts.logger?.warn(message, { bundle: THREAD_FILE });
    }
    return bundle;
  };
  let reading = 0;
  return {
    async *batches(hospitalId, from, to, terms) {
      const at = reading < threads ? located() : null;
      if (at === null) {
        yield* here.batches(hospitalId, from, to, terms);
        return;
      }
      reading++;
      try {
        const read = { bundle: at, ...(opts.batchSize === undefined ? {} : { batchSize: opts.batchSize }) };
        for await (const batch of threadedMatchedBatches(file, hospitalId, from, to, terms, read))
          yield { matched: batch };
      } finally {
        reading--;
      }
    },
  };
}
