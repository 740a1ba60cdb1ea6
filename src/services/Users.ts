/**
 * Workspace users (`/v2/api/users`) and tags (`/v2/api/tags`).
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { nonEmpty, validate } from "../internal/validate.js"
import { DataEnvelope } from "../schema/internal.js"
import { Tag } from "../schema/Tag.js"
import { User } from "../schema/User.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"
import { operation } from "../internal/operation.js"

const UserList = DataEnvelope(Schema.Array(User))
const UserResponse = DataEnvelope(User)
const TagList = DataEnvelope(Schema.Array(Tag))

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
    Effect.gen(function*() {
      const client = yield* WithalloClient
      const list = operation("Users.list")(function*(params?: Users.ListParams) {
        const response = yield* client.request({
          operation: "Users.list",
          method: "GET",
          path: "/v2/api/users",
          query: { role: params?.role, status: params?.status },
          response: UserList
        })
        return response.data
      })
      const get = operation("Users.get")(function*(id: string) {
        yield* validate("Users.get", nonEmpty("id", id))
        yield* Effect.annotateCurrentSpan({ "withallo.user_id": id })
        const response = yield* client.request({
          operation: "Users.get",
          method: "GET",
          path: `/v2/api/users/${encodeURIComponent(id)}`,
          response: UserResponse
        })
        return response.data
      })
      return Users.of({ list, get })
    })
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
    Effect.gen(function*() {
      const client = yield* WithalloClient
      const list = operation("Tags.list")(function*() {
        const response = yield* client.request({
          operation: "Tags.list",
          method: "GET",
          path: "/v2/api/tags",
          response: TagList
        })
        return response.data
      })
      return Tags.of({ list })
    })
  )
}
