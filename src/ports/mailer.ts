/** Outgoing mail. Real: nodemailer (SMTP, or .eml files); tests: in memory or a real SMTP receiver. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per notification, e.g. `<ntf_…@caravan>`: a resend is recognisably the same message. */
  messageId: string;
  attachments?: MailAttachment[];
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Keeps what was sent (tests). */
export class MemoryMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  failNext = 0;
  async send(message: MailMessage): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error("memory mailer: simulated failure");
    }
    this.sent.push(message);
  }
}
