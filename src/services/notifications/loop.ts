import { z } from "zod";
import { ConfigError } from "../../env";
import { DEFAULTS, type DispatcherDeps, type DispatchOptions, dispatchDue } from "./dispatcher";

const DispatchSettingsSchema = z.object({
  DISPATCH_INTERVAL_MS: z.coerce.number().int().min(10).max(3_600_000).default(2000),
  DISPATCH_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(DEFAULTS.batchSize),
  DISPATCH_LEASE_MS: z.coerce.number().int().min(100).max(86_400_000).default(DEFAULTS.leaseMs),
  DISPATCH_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(DEFAULTS.maxAttempts),
});

export type DispatchSettings = z.infer<typeof DispatchSettingsSchema>;

/**
 * The dispatcher's settings from an environment-like record (empty strings count as
 * unset); throws ConfigError. Parse once in an entry and pass the values in:
 *   DISPATCH_INTERVAL_MS   pause between polls when idle (default 2000)
 *   DISPATCH_BATCH_SIZE    rows per poll (default 50)
 *   DISPATCH_LEASE_MS      how long a claimed row is reserved for one send (default 120000)
 *   DISPATCH_MAX_ATTEMPTS  failed tries before a row is dead-lettered (default 8)
 */
export function parseDispatchSettings(source: Record<string, string | undefined>): DispatchSettings {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(DispatchSettingsSchema.shape)) {
    const v = source[key];
    if (v !== undefined && v.trim() !== "") cleaned[key] = v.trim();
  }
  const r = DispatchSettingsSchema.safeParse(cleaned);
  if (!r.success) throw new ConfigError(r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  return r.data;
}

/** The DispatchOptions those settings stand for. */
export function dispatchOptionsOf(s: DispatchSettings): Required<DispatchOptions> {
  return { batchSize: s.DISPATCH_BATCH_SIZE, leaseMs: s.DISPATCH_LEASE_MS, maxAttempts: s.DISPATCH_MAX_ATTEMPTS };
}

export interface DispatcherLoop {
  /** Stops scheduling and waits for the batch in flight, if any, to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `dispatchDue` every `intervalMs`, and again at once while batches come back full.
 * Used in-process by the Node entry and by the standalone dispatcher. Errors (a database
 * hiccup) are logged and the loop carries on at the next tick.
 */
export function startDispatcherLoop(
  deps: DispatcherDeps,
  intervalMs: number,
  opts: DispatchOptions = {},
): DispatcherLoop {
  const batchSize = opts.batchSize ?? DEFAULTS.batchSize;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;

  const tick = async () => {
    timer = null;
    let again = false;
    try {
      const r = await dispatchDue(deps, { ...opts, batchSize });
      if (r.sent + r.failed + r.dead > 0) deps.logger.info("notifications dispatched", { ...r });
      again = r.sent + r.failed + r.dead >= batchSize;
    } catch (err) {
      deps.logger.error("notification dispatcher failed", { error: err instanceof Error ? err.message : String(err) });
    }
    if (!stopped) schedule(again ? 0 : intervalMs);
  };

  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = null;
      });
    }, ms);
  };

  schedule(0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) await running;
    },
  };
}
