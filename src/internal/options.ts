/**
 * The client's options (CONTRACT §1), shared by `WithalloClient` and the
 * `Config` reader without either importing the other.
 *
 * @internal
 */
import type * as Duration from "effect/Duration"
import type * as Redacted from "effect/Redacted"

/** Allo's API host; the SDK adds `/v1/api` and `/v2/api`. */
export const DEFAULT_BASE_URL = "https://api.withallo.com"

/** Options of {@link WithalloClient.layer} and `Withallo.layer` (CONTRACT §1). */
export interface WithalloOptions {
  /** The Allo API key (`ak_live_…`), kept `Redacted` until the header is set. */
  readonly apiKey: Redacted.Redacted<string>
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

