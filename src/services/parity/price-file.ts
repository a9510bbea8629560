import type { ServiceContext } from "../context";
import { priceFile } from "../tariffs/price-file";
import { hospitalFor } from "./load";

/**
 * The price file as the hospital's billing console shows it: the same file as the public
 * GET /v1/hospitals/{id}/price-file (the same verb), for billing of the hospital and admins only,
 * refused to anyone else as the parity verbs refuse them.
 */
export async function billingPriceFile({ ctx, input }: { ctx: ServiceContext; input: { hospitalId: string } }) {
  const hospital = await hospitalFor(ctx, input.hospitalId);
  return priceFile({ ctx, input: { hospitalId: hospital.id } });
}
