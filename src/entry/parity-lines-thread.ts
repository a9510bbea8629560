/**
 * The parity report's reading thread (see `src/data/parity-lines-threaded.ts`): runs
 * `matchedLineReads` for the job in `workerData` and sends each chunk of quote statuses and each
 * non-empty batch to the main thread, never more batches than the shared credit allows; stops
 * when the main thread raises the cancelled flag. Its connection is closed when it leaves the
 * loop, however it leaves it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { matchedLineReads } from "../data/parity-lines-sqlite";
import { CANCELLED, CREDIT, type ThreadJob, type ThreadMessage } from "../data/parity-lines-threaded";
import type { MatchedLineBatch } from "../data/report-lines";

const job = workerData as ThreadJob;
const flags = new Int32Array(job.control);
const send = (m: ThreadMessage) => parentPort!.postMessage(m);

/** Waits until a batch may be sent; false once the main thread has cancelled. */
function mayRead(): boolean {
  for (;;) {
    if (Atomics.load(flags, CANCELLED) !== 0) return false;
    if (Atomics.load(flags, CREDIT) > 0) return true;
    Atomics.wait(flags, CREDIT, 0);
  }
}

try {
  let cancelled = false;
  for (const read of matchedLineReads(job.file, job.hospitalId, job.from, job.to, job.terms, job.batchSize)) {
    // Status chunks are not counted against the window: there are as many as the hospital's
    // quotes fill (8,192 a chunk), and the main thread needs them all before the next batch.
    if ("statuses" in read) {
      send({ read });
      continue;
    }
    const { batch } = read;
    if (batch.lines.length === 0) continue;
    if (!mayRead()) {
      cancelled = true;
      break;
    }
    Atomics.sub(flags, CREDIT, 1);
    // Cheaper to copy between threads: the quote ids as the one string they were read as (when
    // there is one), the numbers as a buffer that is moved, not copied.
    const lines = Float64Array.from(batch.lines);
    const sent: MatchedLineBatch = {
      ...batch,
      lines,
      quoteIds: batch.quoteIdsText !== undefined ? [] : batch.quoteIds,
    };
    const transfer: ArrayBuffer[] = [lines.buffer];
    if (read.unresolved !== undefined) transfer.push(read.unresolved.refs.buffer as ArrayBuffer);
    parentPort!.postMessage({ read: { batch: sent, unresolved: read.unresolved } } satisfies ThreadMessage, transfer);
  }
  if (!cancelled) send({ done: true });
} catch (e) {
  const error = e instanceof Error ? e : new Error(String(e));
  send({ error: { name: error.name, message: error.message, code: (error as { code?: unknown }).code } });
}
