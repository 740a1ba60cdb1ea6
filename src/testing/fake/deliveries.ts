/**
 * Turns raised events into the webhook deliveries Allo would make: the v1
 * envelope `{topic, data}` for matching legacy webhooks (unsigned, as Allo
 * sends them), and the v2 envelope `{topic, version, timestamp, data}` for
 * matching endpoints, signed the Standard-Webhooks way with the endpoint's
 * secret when it is sent (`dispatch.ts`).
 *
 * @since 0.1.0
 */
import type { RaisedEvent } from "./context.js"
import type { Outgoing } from "./dispatch.js"
import type { Store } from "./store.js"
import { v2Date } from "./views.js"

/** The v1 body: `{topic, data}`. */
export const v1Body = (topic: string, data: unknown): string => JSON.stringify({ topic, data })

/** The v2 body: `{topic, version: "2.0", timestamp, data}`. */
export const v2Body = (topic: string, data: unknown, fakeNowMs: number): string =>
  JSON.stringify({ topic, version: "2.0", timestamp: v2Date(fakeNowMs), data })

/** The deliveries for the events one request (or one simulated happening) raised. */
export const outgoingFor = (store: Store, events: ReadonlyArray<RaisedEvent>, fakeNowMs: number): ReadonlyArray<Outgoing> => {
  const out: Array<Outgoing> = []
  for (const event of events) {
    if (event.v1Topic !== "") {
      for (const webhook of store.webhooks) {
        if (!webhook.enabled || !webhook.topics.includes(event.v1Topic)) continue
        if (event.alloNumber !== undefined && webhook.alloNumber !== event.alloNumber) continue
        out.push({ version: "v1", webhookId: webhook.id, url: webhook.url, topic: event.v1Topic, body: v1Body(event.v1Topic, event.v1Data) })
      }
    }
    if (event.v2Topic === "") continue
    for (const endpoint of store.endpoints) {
      if (!endpoint.enabled || !endpoint.topics.includes(event.v2Topic)) continue
      out.push({
        version: "v2",
        webhookId: endpoint.id,
        url: endpoint.url,
        topic: event.v2Topic,
        body: v2Body(event.v2Topic, event.v2Data, fakeNowMs),
        secret: endpoint.signingSecret
      })
    }
  }
  return out
}
