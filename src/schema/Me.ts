/**
 * What `GET /v2/api/me` says about the API key in use: its scopes, the
 * endpoints those scopes open, its team and its rate limits.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Nullable, OpenEnum } from "./internal.js"

/** An API key scope, as Allo documents them (other strings still decode). */
export const Scope = OpenEnum([
  "CONVERSATIONS_READ",
  "CONVERSATIONS_WRITE",
  "CONTACTS_READ",
  "CONTACTS_READ_WRITE",
  "SMS_SEND",
  "WEBHOOKS_READ_WRITE",
  "PHONE_NUMBERS_READ",
  "USERS_READ",
  "TAGS_READ",
  "TAGS_WRITE",
  "BILLING",
  "DIALING_QUEUE_READ_WRITE",
  "SUMMARY_TEMPLATES_READ",
  "SUMMARY_TEMPLATES_WRITE",
  "CRM_READ",
  "CRM_WRITE",
  "CRM_DELETE",
  "PARTNER"
])

/** An API key scope. */
export type Scope = typeof Scope.Type

/** One endpoint the key may call. */
export const MeEndpoint = Schema.Struct({
  /** Allo documents GET/POST/PUT/DELETE, yet has PATCH endpoints too. */
  method: OpenEnum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
  /** With placeholders, e.g. `/v2/api/users/{id}`. */
  path: Schema.String,
  description: Nullable(Schema.String),
  /** Absent on endpoints that need no scope, such as `/v2/api/me` itself. */
  scope: Nullable(Scope)
})

/** One endpoint the key may call. */
export type MeEndpoint = typeof MeEndpoint.Type

/** The key's team. */
export const MeTeam = Schema.Struct({
  /** `team-…` */
  id: Schema.String,
  name: Nullable(Schema.String)
})

/** The key's team. */
export type MeTeam = typeof MeTeam.Type

/** Requests per second the key may make. */
export const RateLimits = Schema.Struct({
  /** GET requests per second. */
  read_per_second: Nullable(Schema.Number),
  /** POST/PUT/PATCH/DELETE requests per second. */
  write_per_second: Nullable(Schema.Number)
})

/** Requests per second the key may make. */
export type RateLimits = typeof RateLimits.Type

/** The API key in use (`GET /v2/api/me`). */
export const Me = Schema.Struct({
  /** `api-…` */
  api_key_id: Schema.String,
  scopes: Nullable(Schema.Array(Scope)),
  /** Only the endpoints the key's scopes allow. */
  endpoints: Nullable(Schema.Array(MeEndpoint)),
  /** Null when the user has no team. */
  team: Nullable(MeTeam),
  rate_limits: Nullable(RateLimits)
})

/** The API key in use. */
export type Me = typeof Me.Type
