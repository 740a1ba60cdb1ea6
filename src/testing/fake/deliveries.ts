/**
 * Turns raised events into the webhook deliveries Allo would make: the v1
 * envelope `{topic, data}` for matching legacy webhooks, and the v2 envelope
 * signed the Standard-Webhooks way for matching endpoints. Nothing is sent;
 * tests read them from `webhookDeliveries`.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { sign } from "../../webhooks/signature.js"
import type { RaisedEvent } from "./context.js"
import { hash32, Rng } from "./prng.js"
import type { Store } from "./store.js"
import type { WebhookDelivery } from "./types.js"
import { v2Date } from "./views.js"

/**
 * The `webhook-*` signature headers of a v2 delivery, signed through the same
 * HMAC seam as `WebhookReceiver.sign`. The fake mints every endpoint's secret
 * itself, so signing cannot fail; were it to, the delivery goes out without
 * signature headers (the receiver then refuses it as unsigned) and a warning
 * says why.
 */
const signatureHeaders = (secret: string, id: string, timestamp: number, body: string) =>
  sign({ id, timestamp, body, secret }).pipe(
    Effect.catch((error) =>
      Effect.as(Effect.logWarning(`FakeWithallo: delivery ${id} left unsigned: ${error.message}`), {})
    )
  )

/** The deliveries for the events one request raised. */
export const deliveriesFor = (
  store: Store,
  events: ReadonlyArray<RaisedEvent>,
  clockMs: number,
  fakeNowMs: number
): Effect.Effect<ReadonlyArray<WebhookDelivery>> =>
  Effect.gen(function*() {
    const out: Array<WebhookDelivery> = []
    for (const event of events) {
      if (event.v1Topic !== "") {
        for (const webhook of store.webhooks) {
          if (!webhook.enabled || !webhook.topics.includes(event.v1Topic)) continue
          if (event.alloNumber !== undefined && webhook.alloNumber !== event.alloNumber) continue
          out.push({
            version: "v1",
            webhookId: webhook.id,
            url: webhook.url,
            topic: event.v1Topic,
            body: JSON.stringify({ topic: event.v1Topic, data: event.v1Data }),
            headers: { "content-type": "application/json" }
          })
        }
      }
      for (const endpoint of store.endpoints) {
        if (!endpoint.enabled || !endpoint.topics.includes(event.v2Topic)) continue
        const id = `msg_${new Rng(hash32(store.seed, 101, store.serial++)).alnumMixed(20)}`
        const timestamp = Math.floor(clockMs / 1000)
        const body = JSON.stringify({ topic: event.v2Topic, version: "2.0", timestamp: v2Date(fakeNowMs), data: event.v2Data })
        out.push({
          version: "v2",
          webhookId: endpoint.id,
          url: endpoint.url,
          topic: event.v2Topic,
          body,
          headers: {
            "content-type": "application/json",
            ...(yield* signatureHeaders(endpoint.signingSecret, id, timestamp, body))
          }
        })
      }
    }
    return out
  })
