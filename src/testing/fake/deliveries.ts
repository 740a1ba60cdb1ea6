/**
 * Turns raised events into the webhook deliveries Allo would make: the v1
 * envelope `{topic, data}` for matching legacy webhooks, and the v2 envelope
 * signed the Standard-Webhooks way for matching endpoints. Nothing is sent;
 * tests read them from `webhookDeliveries`.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { RaisedEvent } from "./context.js"
import { hash32, Rng } from "./prng.js"
import type { Store } from "./store.js"
import type { WebhookDelivery } from "./types.js"
import { v2Date } from "./views.js"

const base64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes))

const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0))

/** `v1,<base64 HMAC-SHA256(id.timestamp.body)>` with the key from `whsec_<base64>`. */
export const signature = (secret: string, id: string, timestamp: number, body: string): Effect.Effect<string> =>
  Effect.promise(async () => {
    const key = await globalThis.crypto.subtle.importKey(
      "raw",
      fromBase64(secret.replace(/^whsec_/, "")),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"]
    )
    const mac = await globalThis.crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${id}.${timestamp}.${body}`))
    return `v1,${base64(new Uint8Array(mac))}`
  })

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
            "webhook-id": id,
            "webhook-timestamp": String(timestamp),
            "webhook-signature": yield* signature(endpoint.signingSecret, id, timestamp, body)
          }
        })
      }
    }
    return out
  })
