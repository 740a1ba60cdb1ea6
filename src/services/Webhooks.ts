/**
 * Legacy v1 webhook subscriptions, one per Allo number (`/v1/api/webhooks`).
 * Allo's current API manages workspace-wide endpoints under
 * `/v2/api/webhooks` (see `WebhookEndpoints`); this one is kept because
 * existing integrations still use it.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { httpUrl, knownTopics, nonEmpty, phoneNumber, validate } from "../internal/validate.js"
import { DataEnvelope } from "../schema/internal.js"
import { Webhook, WebhookTopic } from "../schema/Webhook.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"
import { operation } from "../internal/operation.js"

const WebhookList = DataEnvelope(Schema.Array(Webhook))
const WebhookResponse = DataEnvelope(Webhook)

/** The topics a v1 webhook can subscribe to. */
const KNOWN_TOPICS: ReadonlySet<string> = new Set(WebhookTopic.literals)

/** Types of the {@link Webhooks} service. */
export declare namespace Webhooks {
  /** A v1 topic; other strings are passed through for topics Allo adds. */
  export type Topic = WebhookTopic
  /** A subscription for one Allo number. */
  export interface CreateParams {
    readonly alloNumber: string
    readonly url: string
    readonly topics: ReadonlyArray<Topic>
    /** Default true. */
    readonly enabled?: boolean | undefined
  }
  /** The service. */
  export interface Service {
    /** Every v1 subscription, one per number that has one. */
    readonly list: () => Effect.Effect<ReadonlyArray<Webhook>, WithalloError>
    /** Subscribes a URL to topics of one Allo number. */
    readonly create: (params: CreateParams) => Effect.Effect<Webhook, WithalloError>
    /** Removes a subscription. */
    readonly delete: (id: string) => Effect.Effect<void, WithalloError>
  }
}

/** Legacy v1 webhook subscriptions. */
export class Webhooks extends Context.Service<Webhooks, Webhooks.Service>()("effect-withallo/Webhooks") {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<Webhooks, never, WithalloClient> = Layer.effect(
    Webhooks,
    Effect.gen(function*() {
      const client = yield* WithalloClient

      const list = operation("Webhooks.list")(function*() {
        const response = yield* client.request({
          operation: "Webhooks.list",
          method: "GET",
          path: "/v1/api/webhooks",
          response: WebhookList
        })
        return response.data
      })

      const create = operation("Webhooks.create")(function*(params: Webhooks.CreateParams) {
        yield* validate(
          "Webhooks.create",
          phoneNumber("alloNumber", params.alloNumber),
          httpUrl("url", params.url),
          knownTopics("topics", params.topics, KNOWN_TOPICS)
        )
        const response = yield* client.request({
          operation: "Webhooks.create",
          method: "POST",
          path: "/v1/api/webhooks",
          body: {
            allo_number: params.alloNumber,
            url: params.url,
            topics: params.topics,
            enabled: params.enabled ?? true
          },
          response: WebhookResponse
        })
        return response.data
      })

      const delete_ = operation("Webhooks.delete")(function*(id: string) {
        yield* validate("Webhooks.delete", nonEmpty("id", id))
        yield* Effect.annotateCurrentSpan({ "withallo.webhook_id": id })
        yield* client.request({
          operation: "Webhooks.delete",
          method: "DELETE",
          path: `/v1/api/webhooks/${encodeURIComponent(id)}`,
          response: Schema.Unknown
        })
      })

      return Webhooks.of({ list, create, delete: delete_ })
    })
  )
}
