import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { getRequestListener } from "@hono/node-server";
import { PROBLEM_TYPE_BASE } from "../http/problem";

/**
 * Requests Node's HTTP parser (or the Hono adapter) refuses before the app sees them get
 * problem+json too, instead of a bare status with no body.
 */

interface Refusal {
  status: number;
  reason: string;
  code: string;
  detail: string;
}

const tooLarge = (what: string): Refusal => ({
  status: 431,
  reason: "Request Header Fields Too Large",
  code: "header_fields_too_large",
  detail: `${what} The request line and headers together are at most 16 KiB.`,
});
const malformed = (detail: string): Refusal => ({
  status: 400,
  reason: "Bad Request",
  code: "malformed_request",
  detail,
});

/** What a parser error (`err.code` from llhttp, e.g. HPE_HEADER_OVERFLOW) means for the client. */
export function refusalOf(code: string | undefined): Refusal {
  switch (code) {
    case "HPE_HEADER_OVERFLOW":
      return tooLarge("The request line or headers are too large.");
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return {
        status: 408,
        reason: "Request Timeout",
        code: "request_timeout",
        detail: "The request was not received in time.",
      };
    case "HPE_UNEXPECTED_CONTENT_LENGTH":
      return malformed("Content-Length is given twice, or together with Transfer-Encoding.");
    case "HPE_INVALID_TRANSFER_ENCODING":
      return malformed("Transfer-Encoding is invalid, or given together with Content-Length.");
    case "HPE_INVALID_URL":
      return malformed("The request target is not a valid URL path.");
    default:
      return malformed("The request could not be parsed as HTTP/1.1.");
  }
}

function problemJson(r: Refusal, requestId: string, instance?: string): string {
  return JSON.stringify({
    type: `${PROBLEM_TYPE_BASE}${r.code}`,
    title: r.reason,
    status: r.status,
    detail: r.detail,
    ...(instance ? { instance } : {}),
    code: r.code,
    requestId,
  });
}

/** `clientError` handler: writes the problem to the raw socket and closes it. */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (err.code === "ECONNRESET" || !socket.writable || inFlight) {
    socket.destroy();
    return;
  }
  const r = refusalOf(err.code);
  const id = randomUUID();
  const body = problemJson(r, id);
  const head = [
    `HTTP/1.1 ${r.status} ${r.reason}`,
    "Content-Type: application/problem+json",
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${id}`,
    "Connection: close",
  ];
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
}

function refuse(res: ServerResponse, r: Refusal, instance?: string): void {
  const id = randomUUID();
  const body = problemJson(r, id, instance);
  res.writeHead(r.status, {
    "Content-Type": "application/problem+json",
    "Content-Length": Buffer.byteLength(body),
    "X-Request-Id": id,
    Connection: "close",
  });
  res.end(body);
}

/**
 * For `serve({ createServer })`: the Hono listener behind a check for the Host header (Node's own
 * check answers a bare 400), with the adapter's request errors (bad Host, backslash in the path)
 * answered as problems, and parser errors handled by `answerClientError`.
 */
export function problemServer(fetch: Parameters<typeof getRequestListener>[0], hostname?: string): typeof createServer {
  const listener = getRequestListener(fetch, {
    hostname,
    errorHandler: () => {
      const id = randomUUID();
      const body = problemJson(malformed("The request's Host header or target is invalid."), id);
      return new Response(body, {
        status: 400,
        headers: { "Content-Type": "application/problem+json", "X-Request-Id": id },
      });
    },
  });
  // serve() hands over its own listener too; ours is the same one with an errorHandler added.
  const make = (options: object): Server => {
    const server = createServer(
      { ...options, requireHostHeader: false },
      (req: IncomingMessage, res: ServerResponse) => {
        if (req.headers.host === undefined && req.httpVersion === "1.1") {
          refuse(res, malformed("An HTTP/1.1 request must carry a Host header."), (req.url ?? "").split("?")[0]);
          return;
        }
        void listener(req, res);
      },
    );
    server.on("clientError", answerClientError);
    return server;
  };
  return make as unknown as typeof createServer;
}
