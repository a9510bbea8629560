import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { SendMailOptions } from "nodemailer/lib/mailer";
import type { Mailer, MailMessage } from "./mailer";

export interface NodeMailer extends Mailer {
  /** Where mail goes, without credentials, for logs. */
  readonly describe: string;
  close(): void;
}

export interface NodemailerOptions {
  /** smtp:// or smtps:// URL (credentials and options in the URL, as nodemailer reads them). */
  smtpUrl?: string;
  /** Without smtpUrl: each message is written as `<message-id>.eml` here. */
  mailDir?: string;
  /** Keep SMTP connections open between messages (default true: ~10× faster than one connection per message). */
  pool?: boolean;
  /** SMTP timeouts, ms (connect/greeting, and idle socket). */
  timeouts?: { connectMs?: number; socketMs?: number };
}

/** `<ntf_01…@caravan.mail>` → `ntf_01…@caravan.mail` (file-name safe). */
export function emlName(messageId: string): string {
  const bare = messageId.replace(/^<|>$/g, "").replace(/[^A-Za-z0-9@._-]/g, "_");
  if (!bare || bare.startsWith(".")) throw new Error("a message needs a Message-ID to be written to a file");
  return `${bare}.eml`;
}

function options(m: MailMessage): SendMailOptions {
  return {
    from: m.from,
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    messageId: m.messageId,
    attachments: (m.attachments ?? []).map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
    })),
  };
}

function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ""}`;
  } catch {
    return "smtp";
  }
}

/**
 * Real mail through nodemailer: SMTP when `smtpUrl` is given, otherwise `.eml` files under
 * `mailDir` (the embedded default). A file is written to a temporary name and renamed, so a
 * reader never sees half a message, and a resend of the same Message-ID replaces it.
 */
export function createNodemailerMailer(opts: NodemailerOptions): NodeMailer {
  if (opts.smtpUrl) {
    const connectMs = opts.timeouts?.connectMs ?? 10_000;
    const transport = nodemailer.createTransport({
      url: opts.smtpUrl,
      ...(opts.pool === false ? {} : { pool: true as const, maxConnections: 2 }),
      connectionTimeout: connectMs,
      greetingTimeout: connectMs,
      socketTimeout: opts.timeouts?.socketMs ?? 30_000,
    });
    return {
      describe: safeUrl(opts.smtpUrl),
      async send(m) {
        await transport.sendMail(options(m));
      },
      close: () => transport.close(),
    };
  }
  if (!opts.mailDir) throw new Error("createNodemailerMailer needs smtpUrl or mailDir");
  const dir = opts.mailDir;
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  let ready: Promise<unknown> | null = null;
  return {
    describe: `eml files in ${dir}`,
    async send(m) {
      const name = emlName(m.messageId);
      const info = await transport.sendMail(options(m));
      const body = info.message as Buffer;
      ready ??= mkdir(dir, { recursive: true }).catch((err: unknown) => {
        ready = null;
        throw err;
      });
      await ready;
      const tmp = path.join(dir, `.${name}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
      try {
        const fh = await open(tmp, "w");
        try {
          await fh.writeFile(body);
          await fh.sync(); // on disk before it is renamed into place and the row marked sent
        } finally {
          await fh.close();
        }
        await rename(tmp, path.join(dir, name));
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    },
    close: () => transport.close(),
  };
}
