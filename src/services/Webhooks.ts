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
import * as Endpoint from "../Endpoint.js"
import { DefaultTrue, HttpUrl, PathId, PhoneNumber, Topics } from "../internal/params.js"
import { DataEnvelope } from "../schema/internal.js"
import { Webhook, WebhookTopic } from "../schema/Webhook.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"

/** `GET /v1/api/webhooks`: every v1 subscription. */
export const list = Endpoint.make({
  name: "Webhooks.list",
  method: "GET",
  path: "/v1/api/webhooks",
  args: [],
  response: DataEnvelope(Schema.Array(Webhook)),
  result: Endpoint.data
})

/** `POST /v1/api/webhooks`: subscribes a URL to topics of one Allo number (`enabled` sent as true unless given). */
export const create = Endpoint.make({
  name: "Webhooks.create",
  method: "POST",
  path: "/v1/api/webhooks",
  args: [Endpoint.arg("params", Endpoint.params({
    alloNumber: PhoneNumber,
    url: HttpUrl,
    topics: Topics(WebhookTopic.literals),
    enabled: DefaultTrue
  }))],
  response: DataEnvelope(Webhook),
  result: Endpoint.data,
  idempotency: "caller"
})

/** `DELETE /v1/api/webhooks/{id}`. */
export const delete_ = Endpoint.make({
  name: "Webhooks.delete",
  method: "DELETE",
  path: "/v1/api/webhooks/{id}",
  args: [Endpoint.arg("id", PathId)],
  response: Schema.Unknown,
  result: Endpoint.nothing,
  idempotency: "caller",
  spanAttributes: { id: "withallo.webhook_id" }
})

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
    Effect.map(WithalloClient, (client) =>
      Webhooks.of({
        list: Endpoint.method(client, list),
        create: Endpoint.method(client, create),
        delete: Endpoint.method(client, delete_)
      }))
  )
}
