/**
 * How the CLI fails: every error becomes one line that says what went wrong
 * and what to try, and an exit code — 0 ok, 1 an API or validation error, 2 a
 * usage error (unknown flag, missing flag or key), 130 interrupted. Nothing
 * here ever prints the API key: messages come from the SDK, which keeps the
 * key `Redacted`, and from the CLI's own wording.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type { WithalloError } from "../WithalloError.js"

/**
 * A failure as the CLI reports it: found by the CLI itself (no API key,
 * unwritable file, bad `--since`) or an SDK error already worded for the
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

/** `alloNumber` → `--allo-number`: the SDK names fields after its parameters, the CLI after its flags. */
const flagOf = (field: string): string => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`

/** The operation prefix (`Sms.send: `) is the SDK's; the CLI already says what it was doing. */
const withoutOperation = (message: string): string => message.replace(/^[A-Z][A-Za-z]*\.[a-zA-Z]+: /, "")

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)

const hostOf = (baseUrl: string): string => {
  try {
    return new URL(baseUrl).host
  } catch {
    return baseUrl
  }
}

/** Describes an SDK error; `baseUrl` names the host in network errors. */
export const describeApiError = (error: WithalloError, baseUrl: string): Report => {
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
        message: "Allo rejected the API key (401).",
        hint: "Check --api-key / WITHALLO_API_KEY, and --auth-scheme: keys from older dashboards need `--auth-scheme raw`."
      }
    case "ForbiddenError": {
      const scopes = error.requiredScopes
      return {
        ...base,
        message: scopes.length > 0
          ? `The API key lacks the scope${scopes.length > 1 ? "s" : ""} ${scopes.join(", ")} (403).`
          : `The API key is not allowed to do this (403): ${withoutOperation(error.message)}`,
        hint: "Add the scope to the key in Allo (Settings > API keys), or use a key that has it; `withallo me` lists a key's scopes."
      }
    }
    case "ValidationError": {
      const fields = error.errors.filter((e) => e.field !== undefined)
      const first = error.errors[0]
      const what = fields.length > 0
        ? fields.map((e) => `${e.field === undefined ? "" : flagOf(e.field)}: ${e.message}`).join("; ")
        : withoutOperation(first?.message ?? error.message)
      return {
        ...base,
        message: error.status === 0 ? `Invalid input ${what}` : `Allo refused the request (${error.status}): ${what}`,
        hint: fields.length > 0 ? `Fix ${fields.map((e) => flagOf(e.field ?? "")).join(", ")} and try again.` : undefined
      }
    }
    case "NotFoundError":
      return {
        ...base,
        message: `Not found (${error.status}): ${withoutOperation(error.message)}`,
        hint: "Check the id or number; `withallo numbers` lists your Allo numbers."
      }
    case "ConflictError":
      return { ...base, message: `Conflict (409): ${withoutOperation(error.message)}` }
    case "RateLimitError":
      return {
        ...base,
        message: error.quotaExceeded
          ? "The API key's daily quota is used up (429)."
          : "Allo is rate limiting this key (429) and retries did not get through.",
        hint: error.quotaExceeded ? "The quota resets daily; try again tomorrow." : "Wait a little and try again."
      }
    case "ServerError":
      return {
        ...base,
        message: `Allo answered ${error.status}: ${withoutOperation(error.message)}`,
        hint: "A problem on Allo's side; try again later."
      }
    case "TransportError": {
      // The SDK's text ends with the transport's description, which is at
      // times only the error's own tag: say what it means instead.
      const detail = /could not reach [^ ]+: (.+)$/.exec(error.message)?.[1]
      return {
        ...base,
        message: detail === undefined || detail === "TransportError"
          ? `Could not reach ${hostOf(baseUrl)} (connection refused or reset, or the host name does not resolve).`
          : `Could not reach ${hostOf(baseUrl)}: ${detail}.`,
        hint: "Check your network connection, and --base-url if you set one."
      }
    }
    case "TimeoutError":
      return {
        ...base,
        message: `${capitalize(withoutOperation(error.message))}.`,
        hint: "Try again, or raise WITHALLO_TIMEOUT (e.g. `60 seconds`)."
      }
    case "ResponseDecodeError":
      return {
        ...base,
        message: `Allo's answer did not have the documented shape: ${withoutOperation(error.message)}`,
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
