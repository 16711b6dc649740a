import nodemailer from 'nodemailer'
import { getEnv } from './env.server'

// The one way mail leaves the platform. SMTP when SMTP_URL is set; otherwise (development, tests,
// the demo) nodemailer's jsonTransport, which builds the message and sends it nowhere: the
// mail_message row is the record, and /dev/mail shows it. Tests never reach the internet.

export type OutgoingMail = {
  to: string
  subject: string
  text: string
  html?: string | null
  /** Our own id for the message (the dedupe key): sent as a header, so a provider log can be matched. */
  reference: string
}

export type MailTransport = {
  /** Stored in mail_message.transport: 'smtp' or 'json' (recorded only). */
  readonly name: string
  send(mail: OutgoingMail): Promise<{ messageId: string }>
}

let cached: MailTransport | undefined

/** The process-wide transport chosen by the environment. */
export function getMailTransport(): MailTransport {
  cached ??= createMailTransport()
  return cached
}

export function createMailTransport(env = getEnv()): MailTransport {
  const from = env.MAIL_FROM
  const transporter = env.SMTP_URL
    ? nodemailer.createTransport(env.SMTP_URL)
    : nodemailer.createTransport({ jsonTransport: true })
  return {
    name: env.SMTP_URL ? 'smtp' : 'json',
    async send(mail) {
      const info = (await transporter.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? undefined,
        headers: { 'X-Platform-Reference': mail.reference },
      })) as { messageId?: unknown }
      return { messageId: typeof info.messageId === 'string' ? info.messageId : '' }
    },
  }
}
