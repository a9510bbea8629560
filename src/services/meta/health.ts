import { ping } from "../../data/health-repo";
import type { ServiceContext } from "../context";

/** Resolves when the database answers; throws the driver's error when it does not. */
export async function checkDatabase({ ctx }: { ctx: Pick<ServiceContext, "db"> }): Promise<void> {
  await ping(ctx.db);
}
