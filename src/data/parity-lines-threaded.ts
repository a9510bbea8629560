import { renameSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type MatchedRead, matchedLineBatches, parityLineBatches, QuoteStatuses } from "./parity-lines-sqlite";
import type { MatchedLineBatch, MedicalLineSource, TariffTerms } from "./report-lines";

/**
 * The embedded default's parity report reads its matched lines (`matchedLineBatches`) on a thread
 * of its own, so that reading (about 70 % of a report's work) and writing the report's bytes (on
 * the main thread) run on two cores at once, and no read blocks the event loop.
 *
 * - One thread per report, with one read-only connection and one read transaction: one snapshot,
 *   exactly as when the main thread reads. The thread runs `matchedLineReads`; the main thread
 *   adds the quote statuses the thread loaded to the batches (`QuoteStatuses`), the step
 *   `matchedLineBatches` takes itself on one thread. That step is about a third of the reading's
 *   JavaScript, and the main thread has the spare time.
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
 * The thread's code is `src/entry/parity-lines-thread.ts`, bundled by `npm run build` beside the
 * server's bundle as `dist/entry/parity-lines-thread.mjs`. When this module runs from its
 * TypeScript source (tests, `npm run dev`, scripts under tsx), it bundles that file to the same
 * place first, once per process, with esbuild (about 0.1 s), so the thread always runs the code
 * the caller does.
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
let built: Promise<URL> | undefined;

/** The thread's bundled code: beside the server's bundle, or built from source first (see above). */
function threadUrl(): Promise<URL> {
  if (!import.meta.url.endsWith(".ts")) return Promise.resolve(new URL(`./${THREAD_FILE}`, import.meta.url));
  built ??= (async () => {
    const out = new URL(`../../dist/entry/${THREAD_FILE}`, import.meta.url);
    const target = fileURLToPath(out);
    const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
    const { build } = await import("esbuild");
    await build({
      entryPoints: [fileURLToPath(new URL("../entry/parity-lines-thread.ts", import.meta.url))],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      outfile: temporary,
      logLevel: "warning",
    });
    // Atomic: another process (a parallel test file) may be loading the previous copy.
    renameSync(temporary, target);
    return out;
  })();
  return built;
}

/** An Error from what the thread sent, with its name and SQLite code kept. */
function threadError(e: { name: string; message: string; code?: unknown }): Error {
  const error = new Error(e.message) as Error & { code?: unknown };
  error.name = e.name;
  if (e.code !== undefined) error.code = e.code;
  return error;
}

/**
 * `matchedLineBatches(file, hospitalId, from, to, terms, batchSize)`, read on a thread of its own:
 * the same batches in the same order, without the empty ones. `onMessage` (tests) sees each
 * message as it arrives from the thread, before the consumer takes it.
 */
export async function* threadedMatchedBatches(
  file: string,
  hospitalId: string,
  from: string,
  to: string,
  terms: TariffTerms,
  opts: { batchSize?: number; window?: number; onMessage?: (m: ThreadMessage) => void } = {},
): AsyncGenerator<MatchedLineBatch, void, undefined> {
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
  const worker = new Worker(await threadUrl(), { workerData: job });
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

/** Lets the event loop run (I/O, timers, other requests) before the next batch is read. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The embedded default's report source on the database `file` (wired by `buildNodeDeps`).
 *
 * `matched` (what the report uses) reads on a thread of its own (`threadedMatchedBatches`), while
 * fewer than `threads` reports (default: the machine's cores) are reading on threads; a report
 * beyond that reads on the calling thread, as all did before, so a burst of reports cannot start
 * a thread each. The plain lines (`parityLineBatches`) are read on the calling thread.
 *
 * On the calling thread, a full event-loop turn separates two batches, not just a microtask: a
 * batch is read synchronously, and without the turn a fast client would let the whole read run
 * without other requests being served.
 */
export function sqliteParityLineSource(file: string, opts: { threads?: number } = {}): MedicalLineSource {
  const threads = opts.threads ?? availableParallelism();
  let reading = 0;
  const source: MedicalLineSource = async function* lines(hospitalId, from, to) {
    for (const batch of parityLineBatches(file, hospitalId, from, to)) {
      yield batch;
      await turn();
    }
  };
  source.matched = async function* matched(hospitalId, from, to, terms) {
    if (reading >= threads) {
      for (const batch of matchedLineBatches(file, hospitalId, from, to, terms)) {
        yield batch;
        await turn();
      }
      return;
    }
    reading++;
    try {
      yield* threadedMatchedBatches(file, hospitalId, from, to, terms);
    } finally {
      reading--;
    }
  };
  return source;
}
