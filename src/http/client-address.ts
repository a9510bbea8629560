import type { Context } from "hono";
import type { AppEnv } from "./context";

/** The caller's network address, or undefined when unknown. Entries choose how to read it. */
export type ClientAddress = (c: Context<AppEnv>) => string | undefined;

/**
 * The address no client can forge: the socket's peer on Node (`c.env.incoming`, as
 * @hono/node-server passes it), `CF-Connecting-IP` on Workers (set by Cloudflare's edge).
 */
export const directClientAddress: ClientAddress = (c) => {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  if (incoming) return incoming.socket?.remoteAddress;
  return c.req.header("cf-connecting-ip");
};

/** The deps' way of reading the caller's address (behind trusted proxies on Node), else the direct one. */
export function clientAddressOf(c: Context<AppEnv>): string | undefined {
  return (c.get("deps").clientAddress ?? directClientAddress)(c);
}
