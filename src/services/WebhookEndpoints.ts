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
import { httpUrl, idempotencyKey, knownTopics, nonEmpty, validate } from "../internal/validate.js"
import { DataEnvelope } from "../schema/internal.js"
import { WebhookEndpoint, WebhookEndpointTopic, WebhookEventType } from "../schema/Webhook.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"
import { operation } from "../internal/operation.js"

const EndpointList = DataEnvelope(Schema.Array(WebhookEndpoint))
const EndpointResponse = DataEnvelope(WebhookEndpoint)
const EventTypeList = DataEnvelope(Schema.Array(WebhookEventType))

/** The topics Allo's v2 webhooks document. */
const KNOWN_TOPICS: ReadonlySet<string> = new Set(WebhookEndpointTopic.literals)

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
    Effect.gen(function*() {
      const client = yield* WithalloClient
      const path = (id: string) => `/v2/api/webhooks/${encodeURIComponent(id)}`

      const list = operation("WebhookEndpoints.list")(function*() {
        const response = yield* client.request({
          operation: "WebhookEndpoints.list",
          method: "GET",
          path: "/v2/api/webhooks",
          response: EndpointList
        })
        return response.data
      })

      const create = operation("WebhookEndpoints.create")(function*(params: WebhookEndpoints.CreateParams) {
        yield* validate(
          "WebhookEndpoints.create",
          httpUrl("url", params.url),
          knownTopics("topics", params.topics, KNOWN_TOPICS),
          idempotencyKey(params.idempotencyKey)
        )
        const response = yield* client.request({
          operation: "WebhookEndpoints.create",
          method: "POST",
          path: "/v2/api/webhooks",
          body: {
            url: params.url,
            topics: params.topics,
            ...(params.description === undefined ? {} : { description: params.description })
          },
          idempotencyKey: params.idempotencyKey,
          mintIdempotencyKey: true,
          response: EndpointResponse
        })
        return response.data
      })

      const get = operation("WebhookEndpoints.get")(function*(id: string) {
        yield* validate("WebhookEndpoints.get", nonEmpty("id", id))
        yield* Effect.annotateCurrentSpan({ "withallo.webhook_id": id })
        const response = yield* client.request({
          operation: "WebhookEndpoints.get",
          method: "GET",
          path: path(id),
          response: EndpointResponse
        })
        return response.data
      })

      const update = operation("WebhookEndpoints.update")(function*(id: string, params: WebhookEndpoints.UpdateParams) {
        const body = {
          ...(params.url === undefined ? {} : { url: params.url }),
          ...(params.topics === undefined ? {} : { topics: params.topics }),
          ...(params.description === undefined ? {} : { description: params.description }),
          ...(params.enabled === undefined ? {} : { enabled: params.enabled })
        }
        yield* validate(
          "WebhookEndpoints.update",
          nonEmpty("id", id),
          ["params", Object.keys(body).length === 0 ? "must change at least one field" : undefined],
          params.url === undefined ? ["url", undefined] : httpUrl("url", params.url),
          params.topics === undefined ? ["topics", undefined] : knownTopics("topics", params.topics, KNOWN_TOPICS),
          idempotencyKey(params.idempotencyKey)
        )
        yield* Effect.annotateCurrentSpan({ "withallo.webhook_id": id })
        const response = yield* client.request({
          operation: "WebhookEndpoints.update",
          method: "PUT",
          path: path(id),
          body,
          idempotencyKey: params.idempotencyKey,
          mintIdempotencyKey: true,
          response: EndpointResponse
        })
        return response.data
      })

      const delete_ = operation("WebhookEndpoints.delete")(function*(id: string, options?: WebhookEndpoints.WriteOptions) {
        yield* validate("WebhookEndpoints.delete", nonEmpty("id", id), idempotencyKey(options?.idempotencyKey))
        yield* Effect.annotateCurrentSpan({ "withallo.webhook_id": id })
        yield* client.request({
          operation: "WebhookEndpoints.delete",
          method: "DELETE",
          path: path(id),
          idempotencyKey: options?.idempotencyKey,
          mintIdempotencyKey: true,
          response: Schema.Unknown
        })
      })

      const eventTypes = operation("WebhookEndpoints.eventTypes")(function*() {
        const response = yield* client.request({
          operation: "WebhookEndpoints.eventTypes",
          method: "GET",
          path: "/v2/api/webhooks/event_types",
          response: EventTypeList
        })
        return response.data
      })

      return WebhookEndpoints.of({ list, create, get, update, delete: delete_, eventTypes })
    })
  )
}
