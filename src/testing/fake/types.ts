/**
 * The wire-level vocabulary of the fake Allo: what a request and a response
 * look like to it, and the records it keeps. Every other fake module speaks
 * these types; none of them knows about the SDK's client.
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"

/** One HTTP request as the fake receives it. */
export interface FakeRequest {
  readonly method: string
  /** A full URL (`https://api.withallo.com/v1/api/calls?…`) or a path with its query. */
  readonly url: string
  /** Header names are matched case-insensitively. */
  readonly headers: Readonly<Record<string, string>>
  /** The raw body text, if any. */
  readonly body?: string | undefined
}

/**
 * How the fake answers. Besides an ordinary response it can describe the two
 * failures that have no response body: a body that starts but never ends, and
 * a connection dropped before any response.
 */
export type FakeResponse =
  | {
    readonly _tag: "Response"
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    /** The body text; `undefined` for no body (204, bodiless 200s). */
    readonly body: string | undefined
  }
  | {
    readonly _tag: "StallBody"
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    /** Bytes sent before the body stalls for ever (may be empty). */
    readonly partialBody: string
  }
  | { readonly _tag: "Drop" }

/** Selects requests for faults and hooks; every given field must match. */
export interface RequestMatch {
  /** HTTP method, case-insensitive. */
  readonly method?: string | undefined
  /**
   * The URL path: a string matches exactly, or as a prefix when it ends with
   * `*` (`"/v2/api/conversations*"`); a RegExp or predicate for anything else.
   */
  readonly path?: string | RegExp | ((path: string) => boolean) | undefined
}

/** What an injected fault does to the requests it catches. */
export type Fault =
  | {
    /** Answer with this status instead of handling the request. */
    readonly _tag: "Status"
    readonly status: number
    readonly headers?: Readonly<Record<string, string>> | undefined
    /** JSON value or raw text; by default Allo's error body for the status, v1 or v2 shape by path. */
    readonly body?: unknown
    /** Sets `Retry-After` (and `retry_after_seconds` in a default v2 body). */
    readonly retryAfterSeconds?: number | undefined
  }
  | {
    /** Delay, then handle the request normally. */
    readonly _tag: "Latency"
    readonly delay: Duration.Input
  }
  | {
    /** Handle the request, send the status and headers, then never finish the body. */
    readonly _tag: "StallBody"
  }
  | {
    /** Close the connection without any response. */
    readonly _tag: "Drop"
  }
  | {
    /** Handle the request, then send a body that is not JSON (`"html"`) or is cut in half (`"truncated"`). */
    readonly _tag: "Malformed"
    readonly mode?: "truncated" | "html" | undefined
  }

/** Options of `FakeWithallo.injectFault`. */
export interface FaultOptions extends RequestMatch {
  readonly fault: Fault
  /** How many matching requests the fault catches (default 1). */
  readonly times?: number | undefined
}

/** One entry of the request log. */
export interface LoggedRequest {
  readonly requestId: string
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  /** Lower-cased names; `authorization` is redacted. */
  readonly headers: Readonly<Record<string, string>>
  /** The parsed JSON body, or the raw text when it is not JSON. */
  readonly body: unknown
  /** The status answered, or `"stall"` / `"drop"`. */
  readonly status: number | "stall" | "drop"
  /** Clock time in milliseconds when the request arrived. */
  readonly timeMillis: number
}

/** Per-key limits of `setRateLimit`. */
export interface RateLimitSettings {
  readonly readsPerSecond: number
  readonly writesPerSecond: number
}

/** One attempt at delivering a webhook. */
export interface WebhookAttempt {
  /** 1 to 8. */
  readonly attempt: number
  /** Clock time in milliseconds when the attempt was made. */
  readonly timeMillis: number
  /** The status the receiver answered, when it answered. */
  readonly status?: number | undefined
  /** Why there was no answer: connection refused, timeout… */
  readonly error?: string | undefined
  /** The start of the receiver's answer (at most 500 characters). */
  readonly responseBody?: string | undefined
}

/**
 * Where a delivery stands: `recorded` (not sent: the fake has no target for
 * it, e.g. no webhook target set, or a non-loopback URL on the fake server),
 * `pending` (an attempt is due or scheduled), `delivered` (a 2xx answer) or
 * `failed` (all 8 attempts failed).
 */
export type WebhookDeliveryState = "recorded" | "pending" | "delivered" | "failed"

/** A v1 webhook event, or a v2 one with its Standard-Webhooks headers. */
export interface WebhookDelivery {
  /** The fake's own id for this delivery (`dlv_1`, `dlv_2`, …), to find it again; not sent. */
  readonly id: string
  readonly version: "v1" | "v2"
  /** `web-…` (v1), `ep_…` (v2), or `trigger` for a delivery to an explicit URL. */
  readonly webhookId: string
  readonly url: string
  readonly topic: string
  /** The exact JSON body Allo would POST. */
  readonly body: string
  /**
   * The first attempt's headers: `content-type`, plus `webhook-id`/`webhook-timestamp`/`webhook-signature`
   * when signed (v2). Retries keep `webhook-id` and sign again with their own timestamp.
   */
  readonly headers: Readonly<Record<string, string>>
  readonly state: WebhookDeliveryState
  /** Oldest first. */
  readonly attempts: ReadonlyArray<WebhookAttempt>
  /** While pending: clock time in milliseconds of the next attempt. */
  readonly nextAttemptMillis?: number | undefined
}
