/**
 * Workspace users (`/v2/api/users`) and tags (`/v2/api/tags`).
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Endpoint from "../Endpoint.js"
import { OpenLiteral, PathId } from "../internal/params.js"
import { DataEnvelope } from "../schema/internal.js"
import { Tag } from "../schema/Tag.js"
import { User } from "../schema/User.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"

/** `GET /v2/api/users`: the workspace's users, filtered by role and status. */
export const list = Endpoint.make({
  name: "Users.list",
  method: "GET",
  path: "/v2/api/users",
  args: [Endpoint.optionalArg("params", Endpoint.params({
    role: Schema.optional(OpenLiteral(["ADMIN", "MANAGER", "MEMBER"])),
    status: Schema.optional(OpenLiteral(["ACTIVE", "BLOCKED"]))
  }))],
  response: DataEnvelope(Schema.Array(User)),
  result: Endpoint.data
})

/** `GET /v2/api/users/{id}`. */
export const get = Endpoint.make({
  name: "Users.get",
  method: "GET",
  path: "/v2/api/users/{id}",
  args: [Endpoint.arg("id", PathId)],
  response: DataEnvelope(User),
  result: Endpoint.data,
  spanAttributes: { id: "withallo.user_id" }
})

/** `GET /v2/api/tags`. */
export const listTags = Endpoint.make({
  name: "Tags.list",
  method: "GET",
  path: "/v2/api/tags",
  args: [],
  response: DataEnvelope(Schema.Array(Tag)),
  result: Endpoint.data
})

/** Types of the {@link Users} service. */
export declare namespace Users {
  /** Filters of `list`. */
  export interface ListParams {
    readonly role?: "ADMIN" | "MANAGER" | "MEMBER" | (string & {}) | undefined
    /** Allo's default is `ACTIVE`. */
    readonly status?: "ACTIVE" | "BLOCKED" | (string & {}) | undefined
  }
  /** The service. */
  export interface Service {
    /** Users of the workspace (scope USERS_READ). */
    readonly list: (params?: ListParams) => Effect.Effect<ReadonlyArray<User>, WithalloError>
    /** One user by id (`usr-…`). */
    readonly get: (id: string) => Effect.Effect<User, WithalloError>
  }
}

/** Workspace users. */
export class Users extends Context.Service<Users, Users.Service>()("effect-withallo/Users") {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<Users, never, WithalloClient> = Layer.effect(
    Users,
    Effect.map(WithalloClient, (client) =>
      Users.of({
        list: Endpoint.method(client, list),
        get: Endpoint.method(client, get)
      }))
  )
}

/** Types of the {@link Tags} service. */
export declare namespace Tags {
  /** The service. */
  export interface Service {
    /** The workspace's tags (scope TAGS_READ). */
    readonly list: () => Effect.Effect<ReadonlyArray<Tag>, WithalloError>
  }
}

/** The workspace's tags. */
export class Tags extends Context.Service<Tags, Tags.Service>()("effect-withallo/Tags") {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<Tags, never, WithalloClient> = Layer.effect(
    Tags,
    Effect.map(WithalloClient, (client) => Tags.of({ list: Endpoint.method(client, listTags) }))
  )
}
