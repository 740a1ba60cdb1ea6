/**
 * The client's options (CONTRACT §1), shared by `WithalloClient` and the
 * `Config` reader without either importing the other.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import { type FieldError, ValidationError } from "../WithalloError.js"
import { describe } from "./describe.js"

/** Allo's API host; the SDK adds `/v1/api` and `/v2/api`. */
export const DEFAULT_BASE_URL = "https://api.withallo.com"

/** Options of {@link WithalloClient.layer} and `Withallo.layer` (CONTRACT §1). */
export interface WithalloOptions {
  /**
   * The Allo API key (`ak_live_…`), kept `Redacted` until the header is set.
   * A plain string is accepted too (and wrapped at once), for JavaScript callers.
   */
  readonly apiKey: Redacted.Redacted<string> | string
  /** Host only; the SDK adds `/v1/api` and `/v2/api`. Default `https://api.withallo.com`. */
  readonly baseUrl?: string | undefined
  /** `Authorization: Api-Key <key>` (default, current docs) or the bare key (older docs and clients). */
  readonly authScheme?: "Api-Key" | "raw" | undefined
  /**
   * Per attempt, covering headers and body. Default 30 seconds. Measured on
   * the `Clock` of the fiber that makes the request (so `TestClock` drives
   * it); an attempt past it is aborted through the `AbortSignal` effect/http
   * hands its transport (fetch, Node, Bun and the SDK's fake all honour it)
   * and fails with `TimeoutError`. A transport of your own that ignores its
   * signal (an `HttpClient.make` that never looks at it) is not cut off.
   */
  readonly timeout?: Duration.Input | undefined
  /** Retries after the first attempt. Default 3. */
  readonly maxRetries?: number | undefined
  /** A server-requested wait longer than this fails fast with `RateLimitError`. Default 60 seconds. */
  readonly maxRetryAfter?: Duration.Input | undefined
  /** Client-side pacing per layer; `false` turns it off. Default Allo's published `{ 20, 5 }`. */
  readonly rateLimit?: { readonly readsPerSecond: number; readonly writesPerSecond: number } | false | undefined
  /** Appended to the SDK's own `User-Agent`. */
  readonly userAgent?: string | undefined
}


/** Options with every default applied, checked once when the client is built. */
export interface ResolvedOptions {
  readonly apiKey: Redacted.Redacted<string>
  readonly baseUrl: string
  readonly authScheme: "Api-Key" | "raw"
  readonly timeout: Duration.Duration
  readonly maxRetries: number
  readonly maxRetryAfter: Duration.Duration
  readonly rateLimit: { readonly readsPerSecond: number; readonly writesPerSecond: number } | false
  readonly userAgent: string | undefined
}

/** Allo's published per-key limits. */
export const DEFAULT_RATE_LIMIT = { readsPerSecond: 20, writesPerSecond: 5 } as const

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * Checks the client's options, applies the defaults, and fails with a
 * `ValidationError` naming every bad option: a JavaScript caller's
 * `rateLimit: { readsPerSecond: 0 }` would otherwise wait forever, and a
 * `timeout: "soon"` would throw deep inside the layer.
 */
export const resolveOptions = (options: unknown): Result.Result<ResolvedOptions, ValidationError> => {
  const errors: Array<FieldError> = []
  const bad = (field: string, message: string) => {
    errors.push({ field, message })
  }
  const o = isRecord(options) ? options : (bad("options", "must be an object"), {})

  let apiKey: Redacted.Redacted<string> = Redacted.make("")
  const key = o.apiKey
  const keyText = Redacted.isRedacted(key) ? Redacted.value(key) : key
  if (typeof keyText !== "string") bad("apiKey", "must be a string or a Redacted string")
  else if (keyText.trim() === "") bad("apiKey", "must not be empty")
  else if (/[\r\n]/.test(keyText)) bad("apiKey", "must be one line")
  else apiKey = Redacted.isRedacted(key) ? key as Redacted.Redacted<string> : Redacted.make(keyText)

  let baseUrl = DEFAULT_BASE_URL
  if (o.baseUrl !== undefined) {
    const u = o.baseUrl
    if (typeof u !== "string" || !URL.canParse(u) || !/^https?:$/.test(new URL(u).protocol)) {
      bad("baseUrl", "must be an absolute http(s) URL such as https://api.withallo.com")
    } else baseUrl = u.replace(/\/+$/, "")
  }

  const authScheme = o.authScheme ?? "Api-Key"
  if (authScheme !== "Api-Key" && authScheme !== "raw") bad("authScheme", "must be \"Api-Key\" or \"raw\"")

  const duration = (field: string, input: unknown, fallback: Duration.Duration, allowZero: boolean) => {
    if (input === undefined) return fallback
    const d = Duration.isDuration(input) || typeof input === "number" || typeof input === "string" || isRecord(input)
      ? Duration.fromInput(input as Duration.Input)
      : Option.none()
    if (Option.isNone(d) || !Duration.isFinite(d.value) || (allowZero ? Duration.isNegative(d.value) : !Duration.isGreaterThan(d.value, Duration.zero))) {
      bad(field, allowZero ? "must be a finite duration ≥ 0 (e.g. \"60 seconds\")" : "must be a finite duration > 0 (e.g. \"30 seconds\")")
      return fallback
    }
    return d.value
  }
  const timeout = duration("timeout", o.timeout, Duration.seconds(30), false)
  const maxRetryAfter = duration("maxRetryAfter", o.maxRetryAfter, Duration.seconds(60), true)

  const maxRetries = o.maxRetries ?? 3
  if (typeof maxRetries !== "number" || !Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 100) {
    bad("maxRetries", "must be an integer from 0 to 100")
  }

  let rateLimit: ResolvedOptions["rateLimit"] = DEFAULT_RATE_LIMIT
  if (o.rateLimit === false) rateLimit = false
  else if (o.rateLimit !== undefined) {
    const r = o.rateLimit
    if (!isRecord(r)) bad("rateLimit", "must be { readsPerSecond, writesPerSecond } or false")
    else {
      const rate = (name: "readsPerSecond" | "writesPerSecond") => {
        const v = r[name]
        if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
          bad(`rateLimit.${name}`, "must be a finite number > 0 (use rateLimit: false to turn pacing off)")
          return 1
        }
        return v
      }
      rateLimit = { readsPerSecond: rate("readsPerSecond"), writesPerSecond: rate("writesPerSecond") }
    }
  }

  const userAgent = o.userAgent
  if (userAgent !== undefined && (typeof userAgent !== "string" || /[\r\n]/.test(userAgent))) {
    bad("userAgent", "must be a one-line string")
  }

  const first = errors[0]
  if (first !== undefined) {
    return Result.fail(
      new ValidationError({
        operation: "WithalloClient.layer",
        status: 0,
        message: describe("WithalloClient.layer", `invalid ${first.field}:`, first.message),
        errors
      })
    )
  }
  return Result.succeed({
    apiKey,
    baseUrl,
    authScheme: authScheme as "Api-Key" | "raw",
    timeout,
    maxRetries: maxRetries as number,
    maxRetryAfter,
    rateLimit,
    userAgent: userAgent as string | undefined
  })
}
