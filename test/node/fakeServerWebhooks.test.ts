/**
 * The fake server delivers webhooks over real loopback HTTP, with Allo's
 * retries compressed by `webhooks.timeScale`, raises any topic through
 * `POST /__admin/trigger`, and refuses admin bodies it does not understand.
 */
import { afterAll, assert, beforeAll, beforeEach, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { createServer, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import * as FakeServer from "../../src/node/FakeServer.js"
import { WebhookEvent, WebhookReceiver } from "../../src/index.js"

let fake: FakeServer.FakeServer
let receiver: Server
let hookUrl: string
const auth = { authorization: "Api-Key ak_test_fake", "content-type": "application/json" }

/** What the receiver got, and the statuses it answers in turn (the last one repeats). */
const received: Array<{ readonly headers: IncomingMessage["headers"]; readonly body: string }> = []
let statuses: Array<number> = [200]
let onReceive: (() => void) | undefined

const readAll = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
  })

/** Resolves when the receiver has got `count` requests in all. */
const receivedCount = (count: number) =>
  new Promise<void>((resolve) => {
    const check = () => {
      if (received.length >= count) {
        onReceive = undefined
        resolve()
      }
    }
    onReceive = check
    check()
  })

const call = async (path: string, init: { method?: string; body?: unknown } = {}) => {
  const response = await fetch(`${fake.url}${path}`, {
    method: init.method ?? "GET",
    headers: auth,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) })
  })
  const text = await response.text()
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text) }
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    void readAll(req).then((body) => {
      received.push({ headers: req.headers, body })
      res.writeHead(statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200).end("ack")
      onReceive?.()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve))
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
  fake = await FakeServer.start({ seed: { calls: 10, contacts: 5 }, webhooks: { timeScale: 0.001 } })
})
afterAll(async () => {
  await fake.close()
  receiver.closeAllConnections()
  await new Promise<void>((resolve) => receiver.close(() => resolve()))
})
beforeEach(async () => {
  received.length = 0
  statuses = [200]
  await call("/__admin/reset", { method: "POST" })
})

describe("FakeServer webhook delivery", () => {
  it("POSTs a signed sms.sent to an endpoint registered on loopback; the SDK verifies it", async () => {
    const endpoint = await call("/v2/api/webhooks", { method: "POST", body: { url: hookUrl, topics: ["sms.sent"] } })
    assert.strictEqual(endpoint.status, 201)
    await call("/v1/api/sms", { method: "POST", body: { from: "+14155550100", to: "+14155550199", message: "over HTTP" } })
    await receivedCount(1)
    const [delivery] = received
    await Effect.runPromise(
      WebhookReceiver.verify({ body: delivery!.body, headers: delivery!.headers, secret: endpoint.body.data.signing_secret })
    )
    const event = await Effect.runPromise(WebhookEvent.decode(delivery!.body))
    assert.strictEqual(event.topic, "sms.sent")
    const deliveries = await call("/__admin/webhook-deliveries?wait=true")
    assert.strictEqual(deliveries.body.data[0].state, "delivered")
    assert.deepStrictEqual(deliveries.body.data[0].attempts.map((a: { status: number }) => a.status), [200])
  })

  it("retries with Allo's schedule compressed by timeScale: a 500 then a 200, same webhook-id", async () => {
    statuses = [500, 200]
    await call("/v2/api/webhooks", { method: "POST", body: { url: hookUrl, topics: ["sms.sent"] } })
    await call("/v1/api/sms", { method: "POST", body: { from: "+14155550100", to: "+14155550199", message: "retry me" } })
    await receivedCount(2)
    assert.strictEqual(received[0]!.headers["webhook-id"], received[1]!.headers["webhook-id"])
    const [delivery] = (await call("/__admin/webhook-deliveries?wait=true")).body.data
    assert.deepStrictEqual(delivery.attempts.map((a: { status: number }) => a.status), [500, 200])
    // +5 s at a thousandth of the time: about 5 ms, and certainly not 5 s.
    const gap = delivery.attempts[1].timeMillis - delivery.attempts[0].timeMillis
    assert.isAtLeast(gap, 5)
    assert.isBelow(gap, 5_000)
  })

  it("records, but does not send, deliveries to URLs off this machine", async () => {
    await call("/v2/api/webhooks", { method: "POST", body: { url: "https://hooks.example.com/allo", topics: ["sms.sent"] } })
    await call("/v1/api/sms", { method: "POST", body: { from: "+14155550100", to: "+14155550199", message: "stay here" } })
    const [delivery] = (await call("/__admin/webhook-deliveries?wait=true")).body.data
    assert.strictEqual(delivery.state, "recorded")
    assert.deepStrictEqual(delivery.attempts, [])
  })

  it("POST /__admin/trigger raises a topic to the subscribed webhooks, or signs one delivery to `to`", async () => {
    await call("/v1/api/webhooks", { method: "POST", body: { allo_number: "+14155550100", url: hookUrl, topics: ["CALL_RECEIVED"] } })
    const toHooks = await call("/__admin/trigger", { method: "POST", body: { topic: "CALL_RECEIVED", data: { summary: "Triggered" } } })
    assert.strictEqual(toHooks.status, 200)
    assert.deepStrictEqual(toHooks.body.data.map((d: { state: string; version: string }) => [d.version, d.state]), [["v1", "delivered"]])
    assert.strictEqual(JSON.parse(received[0]!.body).data.summary, "Triggered")
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    const direct = await call("/__admin/trigger", { method: "POST", body: { topic: "call.completed", to: hookUrl, secret } })
    assert.strictEqual(direct.body.data[0].attempts[0].status, 200)
    await Effect.runPromise(WebhookReceiver.verify({ body: received[1]!.body, headers: received[1]!.headers, secret }))
    const refused = await call("/__admin/trigger", { method: "POST", body: { topic: "call.completed", to: hookUrl, secret: "nope nope" } })
    assert.strictEqual(refused.status, 400)
    assert.match(refused.body.error, /secret/)
  })

  it("POST /__admin/receive-sms and /__admin/calls raise SMS_RECEIVED and call events", async () => {
    await call("/v2/api/webhooks", { method: "POST", body: { url: hookUrl, topics: ["sms.received", "call.completed"] } })
    assert.strictEqual((await call("/__admin/receive-sms", { method: "POST", body: { from: "+14155550123", content: "Hi" } })).status, 204)
    assert.strictEqual((await call("/__admin/calls", { method: "POST", body: { count: 1 } })).status, 200)
    const deliveries = (await call("/__admin/webhook-deliveries?wait=true")).body.data
    assert.deepStrictEqual(deliveries.map((d: { topic: string; state: string }) => [d.topic, d.state]), [
      ["sms.received", "delivered"],
      ["call.completed", "delivered"]
    ])
  })
})

describe("FakeServer admin bodies are validated", () => {
  const cases: ReadonlyArray<readonly [string, unknown, RegExp]> = [
    ["/__admin/faults", { fault: { _tag: "Status", status: 429, retryAfter: 3 } }, /fault\.retryAfter: unknown field/],
    ["/__admin/faults", { fault: { _tag: "Status", status: "429" } }, /fault\.status/],
    ["/__admin/faults", { fault: { _tag: "Drop" }, time: 2 }, /time: unknown field/],
    ["/__admin/faults", { times: 0, fault: { _tag: "Drop" } }, /times/],
    ["/__admin/faults", { fault: { _tag: "Latency", delay: "soon" } }, /fault\.delay/],
    ["/__admin/latency", { ms: -1 }, /ms/],
    ["/__admin/latency", { delay: 100 }, /delay: unknown field/],
    ["/__admin/quota", { limit: "10" }, /limit/],
    ["/__admin/quota", {}, /limit/],
    ["/__admin/rate-limit", { reads: 3 }, /reads: unknown field/],
    ["/__admin/rate-limit", { readsPerSecond: 0 }, /readsPerSecond/],
    ["/__admin/calls", { count: "5" }, /count/],
    ["/__admin/seed", { contacts: "many" }, /contacts/],
    ["/__admin/seed", { contact: 5 }, /contact: unknown field/],
    ["/__admin/reset", { calls: -1 }, /calls/],
    ["/__admin/trigger", { data: {} }, /topic/],
    ["/__admin/trigger", { topic: "call.completed", data: [] }, /data/],
    ["/__admin/trigger", { topic: "call.completed", to: "not a url" }, /to/],
    ["/__admin/receive-sms", { from: "+14155550123" }, /content/],
    ["/__admin/receive-sms", { from: "bob", content: "hi" }, /from/]
  ]
  for (const [path, body, pattern] of cases) {
    it(`${path} ${JSON.stringify(body)} → 400 naming the field`, async () => {
      const answer = await call(path, { method: "POST", body })
      assert.strictEqual(answer.status, 400)
      assert.match(answer.body.error, pattern)
    })
  }

  it("well-formed bodies are still accepted", async () => {
    for (
      const [path, body] of [
        ["/__admin/faults", { method: "GET", path: "/v2/api/me", times: 2, fault: { _tag: "Status", status: 429, retryAfterSeconds: 3 } }],
        ["/__admin/faults", { fault: { _tag: "Latency", delay: "250 millis" } }],
        ["/__admin/latency", { ms: 0 }],
        ["/__admin/quota", { limit: false }],
        ["/__admin/rate-limit", { readsPerSecond: 2 }],
        ["/__admin/rate-limit", { enabled: false }],
        ["/__admin/seed", { contacts: 2, numbers: ["+14155550111", { number: null, name: "Shop", type: "SENDER_ID" }] }]
      ] as const
    ) {
      assert.strictEqual((await call(path, { method: "POST", body })).status, 204, path)
    }
  })
})
