/**
 * v2 webhook endpoints (`/v2/api/webhooks`): one endpoint receives the chosen
 * topics for every Allo number of the workspace, signed with Standard
 * Webhooks signatures.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Endpoint from "../Endpoint.js"
import { changesSomething, HttpUrl, IdempotencyKey, PathId, Topics, WriteOptions } from "../internal/params.js"
import { DataEnvelope } from "../schema/internal.js"
import { WebhookEndpoint, WebhookEndpointTopic, WebhookEventType } from "../schema/Webhook.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"

const EndpointResponse = DataEnvelope(WebhookEndpoint)

/**
 * An endpoint id (`ep_…`). `event_types` is refused: `/v2/api/webhooks/event_types`
 * is the topic catalogue, not an endpoint.
 */
const EndpointId = PathId.check(
  Schema.makeFilter((s: string) => s === "event_types" ? "must be a webhook endpoint id, not event_types" : undefined)
)

const endpointTopics = Topics(WebhookEndpointTopic.literals)

/** `GET /v2/api/webhooks`: every endpoint, without signing secrets. */
export const list = Endpoint.make({
  name: "WebhookEndpoints.list",
  method: "GET",
  path: "/v2/api/webhooks",
  args: [],
  response: DataEnvelope(Schema.Array(WebhookEndpoint)),
  result: Endpoint.data
})

/** `POST /v2/api/webhooks`: the answer holds the signing secret. */
export const create = Endpoint.make({
  name: "WebhookEndpoints.create",
  method: "POST",
  path: "/v2/api/webhooks",
  args: [Endpoint.arg("params", Endpoint.params({
    url: HttpUrl,
    topics: endpointTopics,
    description: Schema.optional(Schema.String),
    idempotencyKey: Schema.optional(IdempotencyKey)
  }))],
  response: EndpointResponse,
  result: Endpoint.data,
  idempotency: "mint"
})

/** `GET /v2/api/webhooks/{id}`: with the signing secret. */
export const get = Endpoint.make({
  name: "WebhookEndpoints.get",
  method: "GET",
  path: "/v2/api/webhooks/{id}",
  args: [Endpoint.arg("id", EndpointId)],
  response: EndpointResponse,
  result: Endpoint.data,
  spanAttributes: { id: "withallo.webhook_id" }
})

/** `PUT /v2/api/webhooks/{id}`: a partial update that must change at least one field; `topics` replaces the set. */
export const update = Endpoint.make({
  name: "WebhookEndpoints.update",
  method: "PUT",
  path: "/v2/api/webhooks/{id}",
  args: [
    Endpoint.arg("id", EndpointId),
    Endpoint.arg(
      "params",
      Endpoint.params({
        url: Schema.optional(HttpUrl),
        topics: Schema.optional(endpointTopics),
        description: Schema.optional(Schema.String),
        enabled: Schema.optional(Schema.Boolean),
        idempotencyKey: Schema.optional(IdempotencyKey)
      }).check(changesSomething())
    )
  ],
  response: EndpointResponse,
  result: Endpoint.data,
  idempotency: "mint",
  spanAttributes: { id: "withallo.webhook_id" }
})

/** `DELETE /v2/api/webhooks/{id}`: the endpoint and its delivery history. */
export const delete_ = Endpoint.make({
  name: "WebhookEndpoints.delete",
  method: "DELETE",
  path: "/v2/api/webhooks/{id}",
  args: [Endpoint.arg("id", EndpointId), Endpoint.optionalArg("options", WriteOptions)],
  response: Schema.Unknown,
  result: Endpoint.nothing,
  idempotency: "mint",
  spanAttributes: { id: "withallo.webhook_id" }
})

/** `GET /v2/api/webhooks/event_types`: the topics Allo can deliver. */
export const eventTypes = Endpoint.make({
  name: "WebhookEndpoints.eventTypes",
  method: "GET",
  path: "/v2/api/webhooks/event_types",
  args: [],
  response: DataEnvelope(Schema.Array(WebhookEventType)),
  result: Endpoint.data
})

/** Types of the {@link WebhookEndpoints} service. */
export declare namespace WebhookEndpoints {
  /** A v2 topic; other strings are passed through for topics Allo adds. */
  export type Topic = WebhookEndpointTopic
  /** Options of every write. */
  export interface WriteOptions {
    /** Defaults to a key minted once per call and reused on each retry. */
    readonly idempotencyKey?: string | undefined
  }
  /** A new endpoint. */
  export interface CreateParams extends WriteOptions {
    /** A publicly reachable HTTPS URL. */
    readonly url: string
    readonly topics: ReadonlyArray<Topic>
    readonly description?: string | undefined
  }
  /** What to change; `topics` replaces the set. */
  export interface UpdateParams extends WriteOptions {
    readonly url?: string | undefined
    readonly topics?: ReadonlyArray<Topic> | undefined
    readonly description?: string | undefined
    readonly enabled?: boolean | undefined
  }
  /** The service. */
  export interface Service {
    /** Every endpoint (without signing secrets). */
    readonly list: () => Effect.Effect<ReadonlyArray<WebhookEndpoint>, WithalloError>
    /** Creates an endpoint; its `signing_secret` (Redacted) is shown in full only now and by `get`. */
    readonly create: (params: CreateParams) => Effect.Effect<WebhookEndpoint, WithalloError>
    /** One endpoint, with its signing secret. */
    readonly get: (id: string) => Effect.Effect<WebhookEndpoint, WithalloError>
    /** Changes an endpoint. */
    readonly update: (id: string, params: UpdateParams) => Effect.Effect<WebhookEndpoint, WithalloError>
    /** Deletes an endpoint and its delivery history. */
    readonly delete: (id: string, options?: WriteOptions) => Effect.Effect<void, WithalloError>
    /** The topics Allo can deliver, with descriptions. */
    readonly eventTypes: () => Effect.Effect<ReadonlyArray<WebhookEventType>, WithalloError>
  }
}

/** v2 webhook endpoints. */
export class WebhookEndpoints extends Context.Service<WebhookEndpoints, WebhookEndpoints.Service>()(
  "effect-withallo/WebhookEndpoints"
) {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<WebhookEndpoints, never, WithalloClient> = Layer.effect(
    WebhookEndpoints,
    Effect.map(WithalloClient, (client) =>
      WebhookEndpoints.of({
        list: Endpoint.method(client, list),
        create: Endpoint.method(client, create),
        get: Endpoint.method(client, get),
        update: Endpoint.method(client, update),
        delete: Endpoint.method(client, delete_),
        eventTypes: Endpoint.method(client, eventTypes)
      }))
  )
}
