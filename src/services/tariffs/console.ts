/** The tariff versions as the hospital console shows them to billing (and admins). */
import type { ServiceContext } from "../context";
import { requireTariffConsole } from "./policy";
import type { TariffItemsQuerySchema } from "./schemas";
import type { z } from "zod";
import { getTariffVersion, listTariffVersions } from "./versions";

/** Every version with its effective date, status and item count, newest first; billing of the hospital, admins. */
export async function consoleTariffVersions({ ctx, input }: { ctx: ServiceContext; input: { hospitalId: string } }) {
  requireTariffConsole(ctx, input.hospitalId);
  return listTariffVersions({ ctx, input });
}

/** One version and a page of its items, those whose code or name (any language) contains `q`. */
export async function consoleTariffVersion({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { hospitalId: string; version: number } & z.output<typeof TariffItemsQuerySchema>;
}) {
  requireTariffConsole(ctx, input.hospitalId);
  const { items, ...version } = await getTariffVersion({ ctx, input });
  const q = (input.q ?? "").toLowerCase();
  const matching = q
    ? items.filter(
        (i) => i.code.toLowerCase().includes(q) || Object.values(i.name).some((n) => n.toLowerCase().includes(q)),
      )
    : items;
  const pages = Math.max(1, Math.ceil(matching.length / input.pageSize));
  const page = Math.min(input.page, pages);
  return {
    ...version,
    q: input.q ?? "",
    page,
    pages,
    matching: matching.length,
    items: matching.slice((page - 1) * input.pageSize, page * input.pageSize),
  };
}
