/**
 * How the CLI fails: every error becomes one line that says what went wrong
 * and what to try, and an exit code — 0 ok, 1 an API or validation error, 2 a
 * usage error (unknown flag, missing flag or key), 130 interrupted.
 *
 * SDK errors are described from their fields (`_tag`, `status`, `code`,
 * `errors`, `requiredScopes`, `retryAfter`, `timeout`, the transport's system
 * code), never by reading their `message`. Nothing here prints the API key:
 * the SDK keeps it `Redacted`, and no text here is taken from a request.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import type { WithalloError } from "../WithalloError.js"

/**
 * A failure as the CLI reports it: found by the CLI itself (no API key,
 * unwritable file, bad `--secret`) or an SDK error already worded for the
 * terminal (`code` is then the SDK error's tag).
 */
export class CliFailure extends Schema.TaggedError<CliFailure>()("CliFailure", {
  message: Schema.String,
  hint: Schema.optionalKey(Schema.String),
  exitCode: Schema.Number,
  code: Schema.optionalKey(Schema.String),
  status: Schema.optionalKey(Schema.Number),
  requestId: Schema.optionalKey(Schema.String)
}) {
  /** From a {@link Report}. */
  static fromReport(report: Report): CliFailure {
    return new CliFailure({
      message: report.message,
      exitCode: report.exitCode,
      code: report.tag,
      ...(report.hint === undefined ? {} : { hint: report.hint }),
      ...(report.status === undefined ? {} : { status: report.status }),
      ...(report.requestId === undefined ? {} : { requestId: report.requestId })
    })
  }

  /** As a {@link Report}. */
  get report(): Report {
    return {
      tag: this.code ?? "CliFailure",
      message: this.message,
      hint: this.hint,
      exitCode: this.exitCode,
      status: this.status,
      requestId: this.requestId
    }
  }
}

/** Exit codes of the `withallo` command. */
export const ExitCode = {
  ok: 0,
  api: 1,
  usage: 2,
  interrupted: 130
} as const

/** What the user is told about one failure. */
export interface Report {
  readonly tag: string
  readonly message: string
  readonly hint?: string | undefined
  readonly exitCode: number
  readonly status?: number | undefined
  readonly requestId?: string | undefined
}

/** What the CLI knows about the requests that failed, for the wording. */
export interface ErrorContext {
  /** The API host (named in network errors). */
  readonly baseUrl: string
  /** Retries after the first attempt. */
  readonly maxRetries: number
  /** The longest `Retry-After` the client waits before failing. */
  readonly maxRetryAfter: Duration.Duration
}

/** `alloNumber` → `--allo-number`: the SDK names fields after its parameters, the CLI after its flags. */
export const flagOf = (field: string): string => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`

const hostOf = (baseUrl: string): string => URL.canParse(baseUrl) ? new URL(baseUrl).host : baseUrl

/** `120 s`, `1.5 s`. */
export const seconds = (duration: Duration.Duration): string => {
  const s = Duration.toMillis(duration) / 1000
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`
}

/** `(400 INVALID_SENDER_ID)` / `(404)`. */
const statusText = (status: number, code: string | undefined): string => `(${status}${code === undefined ? "" : ` ${code}`})`

/** Allo's refusals of a text, by code: what it means in the CLI's terms, and what to do. */
const SMS_CODES: Readonly<Record<string, { readonly message: string; readonly hint: string }>> = {
  FROM_NUMBER_NOT_FOUND: {
    message: "The --from number is not an SMS-capable Allo number of this workspace",
    hint: "`withallo numbers` lists the numbers (and Sender IDs) you can send from."
  },
  INVALID_SENDER_ID: {
    message: "The --sender-id is not a verified Sender ID of this workspace",
    hint: "`withallo numbers` lists the workspace's Sender IDs (type SENDER_ID; the built-in fake's is AcmeCorp)."
  },
  SENDER_ID_NOT_ACTIVE: {
    message: "The --sender-id is not active yet",
    hint: "Allo support activates Sender IDs; until then send with --from."
  },
  SENDER_ID_NOT_FOUND: {
    message: "The --sender-id does not exist in this workspace",
    hint: "`withallo numbers` lists the workspace's Sender IDs (type SENDER_ID)."
  },
  TO_NUMBER_COUNTRY_MISMATCH: {
    message: "The --to number is not in the country of the --from number",
    hint: "Send from an Allo number of the recipient's country (`withallo numbers` shows each number's country)."
  },
  INVALID_TO_NUMBER: {
    message: "Allo cannot text the --to number",
    hint: "Use E.164 (+14155550199); from a Sender ID, only French numbers (+33…) can be texted."
  },
  INVALID_LENGTH: {
    message: "The --message length is out of range",
    hint: "A text is 1 to 1000 characters."
  },
  NUMBER_NOT_SMS_ENABLED: {
    message: "The --from number cannot send texts",
    hint: "`withallo numbers` shows each number's capabilities; pick one with SMS."
  }
}

const networkReason = (cause: unknown): string | undefined => {
  // The transport's own error, then its causes: fetch puts ECONNREFUSED &c. one level down.
  for (let current = cause, depth = 0; typeof current === "object" && current !== null && depth < 4; depth++) {
    const code: unknown = Reflect.get(current, "code")
    switch (code) {
      case "ECONNREFUSED":
        return "connection refused"
      case "ECONNRESET":
        return "connection reset"
      case "ENOTFOUND":
      case "EAI_AGAIN":
        return "the host name does not resolve"
      case "ETIMEDOUT":
        return "the connection timed out"
      case "CERT_HAS_EXPIRED":
      case "DEPTH_ZERO_SELF_SIGNED_CERT":
      case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
        return "its TLS certificate was refused"
    }
    current = Reflect.get(current, "cause")
  }
  return undefined
}

/** Describes an SDK error from its fields. */
export const describeApiError = (error: WithalloError, context: ErrorContext): Report => {
  const base = {
    tag: error._tag,
    exitCode: ExitCode.api,
    ...("status" in error ? { status: error.status } : {}),
    ...("requestId" in error && error.requestId !== undefined ? { requestId: error.requestId } : {})
  }
  switch (error._tag) {
    case "AuthenticationError":
      return {
        ...base,
        message: `Allo rejected the API key ${statusText(error.status, error.code)}.`,
        hint: "Check --api-key / WITHALLO_API_KEY, and --auth-scheme: keys from older dashboards need `--auth-scheme raw`."
      }
    case "ForbiddenError": {
      const scopes = error.requiredScopes
      return {
        ...base,
        message: scopes.length > 0
          ? `The API key lacks the scope${scopes.length > 1 ? "s" : ""} ${scopes.join(", ")} ${statusText(error.status, error.code)}.`
          : `The API key is not allowed to do this ${statusText(error.status, error.code)}.`,
        hint: "Add the scope to the key in Allo (Settings > API keys), or use a key that has it; `withallo me` lists a key's scopes."
      }
    }
    case "ValidationError":
    case "NotFoundError": {
      const known = error.code === undefined ? undefined : SMS_CODES[error.code]
      if (known !== undefined) {
        return { ...base, message: `${known.message} ${statusText(error.status, error.code)}.`, hint: known.hint }
      }
      if (error._tag === "NotFoundError") {
        return {
          ...base,
          message: `Allo has no such record ${statusText(error.status, error.code)}.`,
          hint: "Check the id or number; `withallo numbers` lists your Allo numbers, `withallo webhooks list` the webhooks."
        }
      }
      const fields = error.errors.filter((e) => e.field !== undefined)
      // Allo's own words, when the body had any (a fallback entry repeats the error's message).
      const details = error.errors.filter((e) => e.field === undefined && e.message !== error.message).map((e) => e.message)
      const what = fields.length > 0
        ? fields.map((e) => `${flagOf(e.field ?? "")}: ${e.message}`).join("; ")
        : details.join("; ")
      const message = error.status === 0
        ? `Invalid input ${what}`
        : `Allo refused the request ${statusText(error.status, error.code)}${what === "" ? "." : `: ${what}`}`
      return {
        ...base,
        message,
        hint: fields.length > 0
          ? `Fix ${[...new Set(fields.map((e) => flagOf(e.field ?? "")))].join(", ")} and try again.`
          : "Check the values passed; `--help` on the command describes each flag."
      }
    }
    case "ConflictError":
      return {
        ...base,
        message: `Allo refused the request as a conflict ${statusText(error.status, error.code)}.`,
        hint: error.code === "IDEMPOTENCY_KEY_REUSE"
          ? "That --idempotency-key was used for a different request; use a new key."
          : "The record already exists or changed meanwhile; list it and try again."
      }
    case "RateLimitError": {
      if (error.quotaExceeded) {
        return {
          ...base,
          message: `The API key's daily quota is used up ${statusText(error.status, error.code)}.`,
          hint: "The quota resets daily (UTC); try again tomorrow."
        }
      }
      const asked = error.retryAfter
      if (asked !== undefined && Duration.isGreaterThan(asked, context.maxRetryAfter)) {
        return {
          ...base,
          message: `Allo asked to wait ${seconds(asked)} before another request ${
            statusText(error.status, error.code)
          }, longer than the ${seconds(context.maxRetryAfter)} the CLI waits; nothing was retried.`,
          hint: `Try again in ${seconds(asked)}.`
        }
      }
      return {
        ...base,
        message: context.maxRetries === 0
          ? `Allo is rate limiting this key ${statusText(error.status, error.code)}; retries are off (WITHALLO_MAX_RETRIES=0).`
          : `Allo is rate limiting this key ${statusText(error.status, error.code)} and ${context.maxRetries} ${
            context.maxRetries === 1 ? "retry" : "retries"
          } did not get through.`,
        hint: asked === undefined || Duration.isZero(asked)
          ? "Wait a little and try again."
          : `Allo asked to wait ${seconds(asked)}; try again after that.`
      }
    }
    case "ServerError":
      return {
        ...base,
        message: `Allo answered ${error.status}${error.code === undefined ? "" : ` ${error.code}`}.`,
        hint: "A problem on Allo's side (or a proxy in front of it); try again later."
      }
    case "TransportError": {
      const reason = networkReason(error.cause)
      return {
        ...base,
        message: reason === undefined
          ? `Could not reach ${hostOf(context.baseUrl)} (connection refused or reset, or the host name does not resolve).`
          : `Could not reach ${hostOf(context.baseUrl)}: ${reason}.`,
        hint: "Check your network connection, and --base-url if you set one."
      }
    }
    case "TimeoutError":
      return {
        ...base,
        message: `No complete answer from ${hostOf(context.baseUrl)} within ${seconds(error.timeout)}.`,
        hint: "Try again, or raise WITHALLO_TIMEOUT (e.g. `60 seconds`)."
      }
    case "ResponseDecodeError":
      return {
        ...base,
        message: `Allo's answer did not have the documented shape ${statusText(error.status, error.code)}.`,
        hint: "Please report it to the effect-withallo maintainers, with the request id."
      }
  }
}

/** The one line printed for a report. */
export const formatReport = (report: Report): string =>
  `error: ${report.message}${/[.!?)]$/.test(report.message) ? "" : "."}` +
  (report.requestId === undefined ? "" : ` (request id ${report.requestId})`) +
  (report.hint === undefined ? "" : ` Hint: ${report.hint}`)

/** The JSON printed for a report under `--json`. */
export const jsonReport = (report: Report): string =>
  JSON.stringify({
    error: {
      tag: report.tag,
      message: report.message,
      ...(report.hint === undefined ? {} : { hint: report.hint }),
      ...(report.status === undefined ? {} : { status: report.status }),
      ...(report.requestId === undefined ? {} : { requestId: report.requestId })
    }
  })
