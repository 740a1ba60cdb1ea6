/**
 * A v1 call record (`CallApiResponse`), as `GET /v1/api/calls` and the v1
 * contact conversation return it.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Nullable, OpenEnum, Optional } from "./internal.js"

/** One row of a v1 call transcript. `time` is the string Allo sent. */
export const TranscriptEntry = Schema.Struct({
  /** `AGENT` (Allo's AI assistant), `EXTERNAL` (the caller) or `USER` (the Allo user). */
  source: Optional(OpenEnum(["AGENT", "EXTERNAL", "USER"])),
  text: Optional(Schema.String),
  time: Optional(Schema.String),
  /** Seconds from the start of the call. */
  start_seconds: Nullable(Schema.Number),
  end_seconds: Nullable(Schema.Number)
})

/** One row of a v1 call transcript. */
export type TranscriptEntry = typeof TranscriptEntry.Type

/**
 * How a call ended: the documented results, plus `MISSED` and `TRANSFERRED`
 * seen in live data; any other string still decodes.
 */
export const CallResult = OpenEnum([
  "ANSWERED",
  "VOICEMAIL",
  "TRANSFERRED_AI",
  "TRANSFERRED_EXTERNAL",
  "BLOCKED",
  "FAILED",
  "FAILED_EXTERNAL",
  "RECEIVED",
  "CLOSED",
  "MISSED",
  "TRANSFERRED"
])
/** How a call ended. */
export type CallResult = typeof CallResult.Type

/**
 * A v1 call. `result` is typed with the documented outcomes but any string
 * decodes: live data has shown `MISSED` and `TRANSFERRED`, and the search
 * endpoint has been reported to omit the field altogether.
 */
export const Call = Schema.Struct({
  /** `call_…` */
  id: Schema.String,
  /** E.164, or `"anonymous"`. */
  from_number: Optional(Schema.String),
  to_number: Nullable(Schema.String),
  length_in_minutes: Optional(Schema.Number),
  type: Nullable(OpenEnum(["INBOUND", "OUTBOUND"])),
  result: Nullable(CallResult),
  summary: Nullable(Schema.String),
  tag: Nullable(Schema.String),
  /** Not in Allo's schema, but present on calls inside the contact conversation example. */
  tags: Nullable(Schema.Array(Schema.String)),
  recording_url: Nullable(Schema.String),
  /** ISO 8601, usually without a zone in v1. */
  start_date: Optional(Schema.String),
  transcript: Nullable(Schema.Array(TranscriptEntry))
})

/** A v1 call. */
export type Call = typeof Call.Type

