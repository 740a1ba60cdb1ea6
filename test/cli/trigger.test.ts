/**
 * `withallo trigger`, run in-process on the real command tree: one delivery
 * straight to a receiver on loopback (signed with --secret), or through a
 * running fake server.
 */
import { afterAll, assert, beforeAll, beforeEach, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { createServer, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import * as FakeServer from "../../src/node/FakeServer.js"
import { WebhookEvent, WebhookReceiver } from "../../src/index.js"
import { makeCli, runTest } from "./harness.js"

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
const received: Array<{ readonly headers: IncomingMessage["headers"]; readonly body: string }> = []
let status = 200
let receiver: Server
let hookUrl: string
let fake: FakeServer.FakeServer
let env: Effect.Success<ReturnType<typeof makeCli>>
const run = (args: ReadonlyArray<string>) => runTest(env.cli(args))

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") })
      res.writeHead(status).end(status === 200 ? "ok" : "handler failed")
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve))
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
  fake = await FakeServer.start({})
  env = await runTest(makeCli())
})
afterAll(async () => {
  await fake.close()
  receiver.closeAllConnections()
  await new Promise<void>((resolve) => receiver.close(() => resolve()))
})
beforeEach(() => {
  received.length = 0
  status = 200
})

describe("withallo trigger", () => {
  it("--to --secret: posts one signed call.completed that the SDK verifies; --data overrides a field", async () => {
    const result = await run(["trigger", "call.completed", "--to", hookUrl, "--secret", SECRET, "--data", "{\"summary\":\"Booked a demo\"}"])
    assert.strictEqual(result.code, 0, result.stderr)
    assert.match(result.stdout, /^✓ call\.completed → http:\/\/127\.0\.0\.1:\d+\/hook \(signed, webhook-id msg_\w+\): 200/)
    assert.strictEqual(received.length, 1)
    const [delivery] = received
    await Effect.runPromise(WebhookReceiver.verify({ body: delivery!.body, headers: delivery!.headers, secret: SECRET }))
    const event = await Effect.runPromise(WebhookEvent.decode(delivery!.body))
    assert.isTrue(WebhookEvent.isTopic(event, "call.completed") && event.data.summary === "Booked a demo")
  })

  it("a v1 topic without --secret goes unsigned in the v1 envelope", async () => {
    const result = await run(["trigger", "SMS_RECEIVED", "--to", hookUrl])
    assert.strictEqual(result.code, 0, result.stderr)
    assert.isUndefined(received[0]!.headers["webhook-signature"])
    assert.deepStrictEqual(Object.keys(JSON.parse(received[0]!.body)), ["topic", "data"])
  })

  it("exits 1 with the answer when the receiver does not acknowledge, and makes one attempt only", async () => {
    status = 500
    const result = await run(["trigger", "sms.received", "--to", hookUrl])
    assert.strictEqual(result.code, 1)
    assert.match(result.stdout, /✗ sms\.received .*: 500 "handler failed"/)
    assert.match(result.stderr, /did not acknowledge/)
    assert.strictEqual(received.length, 1)
  })

  it("--mock-url asks a running fake, which delivers to its registered webhooks", async () => {
    const none = await run(["trigger", "sms.received", "--mock-url", fake.url])
    assert.strictEqual(none.code, 1)
    assert.match(none.stderr, /No webhook .* is subscribed to sms\.received/)
    await fetch(`${fake.url}/v2/api/webhooks`, {
      method: "POST",
      headers: { authorization: "Api-Key ak_test_fake", "content-type": "application/json" },
      body: JSON.stringify({ url: hookUrl, topics: ["sms.received"] })
    })
    const result = await run(["trigger", "sms.received", "--mock-url", fake.url])
    assert.strictEqual(result.code, 0, result.stderr)
    assert.match(result.stdout, /✓ sms\.received → .* \(signed, webhook-id msg_\w+\): 200/)
    assert.strictEqual(received.length, 1)
  })

  it("usage errors exit 2 and name the flag", async () => {
    const cases: ReadonlyArray<readonly [ReadonlyArray<string>, RegExp]> = [
      [["trigger", "call.completed"], /--to <url> or --mock-url/],
      [["trigger", "call.completed", "--to", hookUrl, "--data", "[1]"], /--data must be a JSON object/],
      [["trigger", "call.completed", "--to", hookUrl, "--data", "{oops"], /--data is not JSON/],
      [["trigger", "call.completed", "--to", hookUrl, "--secret", "not a secret"], /--secret: /],
      [["trigger", "call completed", "--to", hookUrl], /<topic>: /]
    ]
    for (const [args, pattern] of cases) {
      const result = await run(args)
      assert.strictEqual(result.code, 2, args.join(" "))
      assert.match(result.stderr, pattern)
    }
    assert.strictEqual(received.length, 0)
  })
})
