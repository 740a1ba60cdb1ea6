/**
 * Chaos: a webhook receiver served on a Node http server (127.0.0.1) under
 * 1,000 concurrent deliveries: 600 distinct webhook-ids, 250 redeliveries of
 * them (some arriving while the first is still being handled) and 150 with a
 * bad signature (another endpoint's secret, a tampered body, or a valid id
 * with a forged signature), shuffled by a seeded PRNG.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Duration, Effect, Logger } from "effect"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { webhookListener, type WebhookListener } from "../../src/node/webhookListener.js"
import * as WebhookReceiver from "../../src/webhooks/WebhookReceiver.js"
import { bodies, otherSecret, signed } from "../webhooks/support.js"
import { prng } from "./support.js"

const secret = signed.secret
const body = bodies.webhook_v2_call_received_with_contact!
const runs = new Map<string, number>()
let listener: WebhookListener
let server: Server
let url: string

beforeAll(async () => {
  const random = prng(3)
  const receiver = WebhookReceiver.make({
    secret,
    handlers: {
      "call.received": (_event, { id }) =>
        // A little work, so redeliveries overlap the first run.
        Effect.sleep(Duration.millis(Math.floor(random() * 20))).pipe(
          Effect.andThen(Effect.sync(() => void runs.set(id ?? "?", (runs.get(id ?? "?") ?? 0) + 1)))
        )
    }
  })
  // The 150 forged deliveries are refused on purpose: no logger, so each refusal's warning is not printed.
  listener = webhookListener(receiver, Logger.layer([]))
  server = createServer(listener.listener)
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await listener.dispose()
})

interface Delivery {
  readonly id: string
  readonly body: string
  readonly headers: Record<string, string>
  readonly valid: boolean
}

describe("chaos: 1,000 concurrent webhook deliveries", () => {
  it.live("runs each handler once per webhook-id and rejects every bad signature", () =>
    Effect.gen(function*() {
      const random = prng(2024)
      const now = new Date()
      const deliveries: Array<Delivery> = []
      for (let i = 0; i < 600; i++) {
        const id = `msg_chaos_${i}`
        const headers = yield* WebhookReceiver.sign({ id, timestamp: now, body, secret })
        deliveries.push({ id, body, headers, valid: true })
      }
      for (let i = 0; i < 250; i++) deliveries.push({ ...deliveries[Math.floor(random() * 600)]! })
      for (let i = 0; i < 150; i++) {
        const kind = i % 3
        const id = kind === 2 ? `msg_chaos_${Math.floor(random() * 600)}` : `msg_forged_${i}`
        const headers = kind === 0
          ? yield* WebhookReceiver.sign({ id, timestamp: now, body, secret: otherSecret })
          : kind === 1
          ? yield* WebhookReceiver.sign({ id, timestamp: now, body, secret })
          : { ...(yield* WebhookReceiver.sign({ id, timestamp: now, body: `${body} `, secret })) }
        // kind 1: signed, then the body is tampered with; kind 2: a real id, a forged signature.
        deliveries.push({ id, body: kind === 1 ? body.replace("+33", "+44") : body, headers, valid: false })
      }
      // Shuffle (Fisher–Yates, seeded).
      for (let i = deliveries.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1))
        ;[deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!]
      }

      const statuses = yield* Effect.promise(() =>
        Promise.all(deliveries.map(async (d) => {
          const response = await fetch(url, {
            method: "POST",
            body: d.body,
            headers: { "content-type": "application/json", ...d.headers }
          })
          await response.text()
          return response.status
        }))
      )

      deliveries.forEach((d, i) => {
        if (!d.valid) assert.strictEqual(statuses[i], 401, `bad signature on ${d.id} rejected`)
        // A redelivery racing the first run is told to come back (409); Allo then redelivers.
        else assert.include([200, 409], statuses[i], `valid delivery ${d.id}`)
      })
      const validIds = new Set(deliveries.filter((d) => d.valid).map((d) => d.id))
      assert.strictEqual(validIds.size, 600)
      for (const id of validIds) assert.strictEqual(runs.get(id), 1, `handler ran once for ${id}`)
      assert.deepStrictEqual([...runs.keys()].filter((id) => !validIds.has(id)), [], "no handler for a forged id")

      // Allo redelivers what got a 409: every id is then acknowledged without another run.
      const again = yield* Effect.promise(() =>
        Promise.all([...validIds].map(async (id) => {
          const d = deliveries.find((x) => x.valid && x.id === id)!
          const response = await fetch(url, { method: "POST", body: d.body, headers: { "content-type": "application/json", ...d.headers } })
          await response.text()
          return response.status
        }))
      )
      assert.isTrue(again.every((s) => s === 200))
      for (const id of validIds) assert.strictEqual(runs.get(id), 1)
      assert.isAtLeast(statuses.filter((s) => s === 200).length, 600)
    }), 60_000)
})
