import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import * as FakeServer from "../../src/node/FakeServer.js"

let server: FakeServer.FakeServer
const auth = { authorization: "Api-Key ak_test_fake" }

const json = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(`${server.url}${path}`, init)
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: text === "" ? undefined : JSON.parse(text) }
}
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  json(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) })

/** Polls until `check` holds: waits on an event, bounded only by the test's timeout. */
const waitFor = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 5))
  return true
}

beforeAll(async () => {
  server = await FakeServer.start({ seed: { calls: 120, contacts: 10 } })
})
afterAll(() => server.close())

describe("FakeServer over real HTTP", () => {
  it("serves the fake on an ephemeral 127.0.0.1 port", async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/)
    const r = await json("/v1/api/calls?allo_number=%2B14155550100&size=3", { headers: auth })
    assert.strictEqual(r.status, 200)
    assert.strictEqual(r.body.data.results.length, 3)
    assert.match(r.headers.get("x-request-id")!, /^req_/)
    const unauthorized = await json("/v2/api/me")
    assert.strictEqual(unauthorized.status, 401)
  })

  it("admin: requests log, sms, webhook deliveries, seed, reset", async () => {
    await post("/__admin/reset", {})
    await post("/v1/api/webhooks", { allo_number: "+14155550100", url: "https://example.com/h", topics: ["SMS_SENT"] }, auth)
    const sent = await post("/v1/api/sms", { from: "+14155550100", to: "+14155551234", message: "over http" }, auth)
    assert.strictEqual(sent.status, 200)
    const sms = await json("/__admin/sms")
    assert.deepStrictEqual(sms.body.data.map((s: any) => s.content), ["over http"])
    const deliveries = await json("/__admin/webhook-deliveries")
    assert.strictEqual(deliveries.body.data[0].topic, "SMS_SENT")
    const log = await json("/__admin/requests")
    assert.deepStrictEqual(log.body.data.map((r: any) => [r.method, r.path, r.status]), [
      ["POST", "/v1/api/webhooks", 201],
      ["POST", "/v1/api/sms", 200]
    ])
    assert.strictEqual(log.body.data[1].headers.authorization, "<redacted>")
    assert.strictEqual((await post("/__admin/seed", { contacts: 5 })).status, 204)
    const contacts = await json("/v1/api/contacts?size=100", { headers: auth })
    assert.strictEqual(contacts.body.data.results.length, 15)
    assert.strictEqual((await post("/__admin/reset", {})).status, 204)
    assert.deepStrictEqual((await json("/__admin/requests")).body.data, [])
    assert.strictEqual((await post("/__admin/faults", { fault: { _tag: "Nope" } })).status, 400)
    assert.strictEqual((await json("/__admin/unknown")).status, 404)
  })

  it("admin: status faults with Retry-After and rate limits", async () => {
    await post("/__admin/reset", {})
    await post("/__admin/faults", { method: "GET", path: "/v2/api/me", times: 1, fault: { _tag: "Status", status: 503, retryAfterSeconds: 1 } })
    const faulted = await json("/v2/api/me", { headers: auth })
    assert.deepStrictEqual([faulted.status, faulted.headers.get("retry-after"), faulted.body.error.type], [503, "1", "server_error"])
    assert.strictEqual((await json("/v2/api/me", { headers: auth })).status, 200)
    await post("/__admin/rate-limit", { readsPerSecond: 2, writesPerSecond: 1 })
    const statuses: Array<number> = []
    for (let i = 0; i < 3; i++) statuses.push((await json("/v2/api/tags", { headers: auth })).status)
    assert.deepStrictEqual(statuses, [200, 200, 429])
    await post("/__admin/rate-limit", { enabled: false })
    assert.strictEqual((await json("/v2/api/tags", { headers: auth })).status, 200)
  })

  it("a dropped connection destroys the socket", async () => {
    await post("/__admin/faults", { path: "/v1/api/numbers", fault: { _tag: "Drop" } })
    const error = await fetch(`${server.url}/v1/api/numbers`, { headers: auth }).then(() => undefined, (e: unknown) => e)
    assert.instanceOf(error, TypeError)
    assert.strictEqual((await json("/v1/api/numbers", { headers: auth })).status, 200)
  })

  it("a stalled body sends headers, never ends, and the client's abort is counted", async () => {
    await post("/__admin/faults", { path: "/v1/api/calls", fault: { _tag: "StallBody" } })
    const before = server.connections.aborted
    const controller = new AbortController()
    const response = await fetch(`${server.url}/v1/api/calls?allo_number=%2B14155550100`, { headers: auth, signal: controller.signal })
    assert.strictEqual(response.status, 200)
    // The first half of the body arrives…
    const reader = response.body!.getReader()
    const first = await reader.read()
    const partial = new TextDecoder().decode(first.value)
    assert.isFalse(first.done)
    assert.match(partial, /^\{"data":/)
    assert.throws(() => JSON.parse(partial))
    // …and the rest never does: once the fake has answered another request
    // (so it has written all it will write on this one), the response is
    // still open on its side and the read still pending.
    let rest = "pending"
    const reading = reader.read().then((r) => (rest = r.done ? "done" : "more"), () => (rest = "aborted"))
    assert.strictEqual((await json("/__admin/connections")).status, 200)
    await waitFor(() => server.connections.inFlight <= 1)
    assert.strictEqual(server.connections.inFlight, 1)
    assert.strictEqual(rest, "pending")
    controller.abort()
    await reading
    assert.strictEqual(rest, "aborted")
    assert.isTrue(await waitFor(() => server.connections.aborted === before + 1))
    const stats = await json("/__admin/connections")
    assert.strictEqual(stats.body.data.aborted, before + 1)
  })

  it("latency over HTTP is cancelled when the client goes away", async () => {
    await post("/__admin/faults", { path: "/v1/api/numbers", fault: { _tag: "Latency", delay: 5000 } })
    const before = server.connections.aborted
    const controller = new AbortController()
    const pending = fetch(`${server.url}/v1/api/numbers`, { headers: auth, signal: controller.signal }).catch(() => "aborted")
    await waitFor(() => server.connections.inFlight === 1)
    controller.abort()
    assert.strictEqual(await pending, "aborted")
    assert.isTrue(await waitFor(() => server.connections.aborted === before + 1 && server.connections.inFlight === 0))
  })
})
