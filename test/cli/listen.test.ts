import * as Effect from "effect/Effect"
import { assert, beforeAll, describe, it } from "vitest"
import { WebhookReceiver } from "../../src/index.js"
import { isOneLine, makeCli, type Output, runTest } from "./harness.js"

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

const body = JSON.stringify({
  topic: "sms.received",
  version: "2.0",
  timestamp: "2026-01-01T10:00:00.000Z",
  data: {
    id: "msg-abc123",
    direction: "INBOUND",
    type: "SMS",
    content: "Hello, \"world\"",
    sent_at: "2026-01-01T10:00:00Z",
    from_number: "+14155550199",
    to_number: "+14155550100"
  }
})

const signed = (payload: string, id = "msg_2NfDKEm9sF8xK3pQr1Zt") =>
  WebhookReceiver.sign({ id, timestamp: new Date(), body: payload, secret: SECRET })

let env: Effect.Success<ReturnType<typeof makeCli>>
beforeAll(async () => {
  env = await runTest(makeCli())
})

/** POSTs to the listener; resolves with the status. */
const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
  Effect.promise(() =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: payload }).then((r) => r.status)
  )

/** Runs `withallo listen` on a free port; `session` talks to it, then the listener is stopped. */
const listen = (
  args: ReadonlyArray<string>,
  session: (url: string, output: Output) => Effect.Effect<void, unknown>,
  env_: Record<string, string> = {}
) =>
  runTest(env.cli(["listen", "--port", "0", ...args], {
    env: env_,
    whileRunning: (output) =>
      Effect.flatMap(output.waitFor(/Listening for webhooks on (http:\/\/\S+)/), (match) => session(match[1] ?? "", output))
  }))

/** Waits until stdout has `n` lines after the listening line. */
const lines = (output: Output, n: number) =>
  Effect.map(output.waitFor(new RegExp(`Ctrl-C to stop\\.\\n(?:.*\\n){${n}}`)), () => output.stdout.split("\n").slice(1, 1 + n))

describe("listen", () => {
  it("verifies a signed delivery and prints the decoded event; refuses a tampered one with a reason", async () => {
    const statuses: Array<number> = []
    const result = await listen(["--secret", SECRET], (url, output) =>
      Effect.gen(function*() {
        statuses.push(yield* post(url, body, yield* signed(body)))
        statuses.push(yield* post(url, body.replace("Hello", "Bye"), yield* signed(body, "msg_tampered")))
        yield* lines(output, 2)
      }))
    assert.deepStrictEqual(statuses, [200, 401])
    const [ok, refused] = result.stdout.split("\n").slice(1)
    assert.match(ok ?? "", /^✓ sms\.received \(msg_2NfDKEm9sF8xK3pQr1Zt\)/)
    assert.include(ok, "from_number=\"+14155550199\"")
    assert.include(ok, "content=\"Hello, \\\"world\\\"\"")
    assert.match(refused ?? "", /^✗ rejected: .*signature/)
    assert.notInclude(result.stdout + result.stderr, SECRET)
  })

  it("marks a redelivered webhook-id as a duplicate, not a fresh ✓", async () => {
    const result = await listen(["--secret", SECRET], (url, output) =>
      Effect.gen(function*() {
        const headers = yield* signed(body, "msg_redelivered")
        assert.strictEqual(yield* post(url, body, headers), 200)
        assert.strictEqual(yield* post(url, body, headers), 200)
        const other = yield* signed(body, "msg_another")
        assert.strictEqual(yield* post(url, body, other), 200)
        yield* lines(output, 3)
      }))
    const [first, again, other] = result.stdout.split("\n").slice(1)
    assert.match(first ?? "", /^✓ sms\.received \(msg_redelivered\)/)
    assert.match(again ?? "", /^↻ duplicate sms\.received \(msg_redelivered\).*already received/)
    assert.match(other ?? "", /^✓ sms\.received \(msg_another\)/)
  })

  it("takes the secret from WITHALLO_WEBHOOK_SECRET", async () => {
    const result = await listen([], (url, output) =>
      Effect.gen(function*() {
        assert.strictEqual(yield* post(url, body), 401)
        yield* lines(output, 1)
      }), { WITHALLO_WEBHOOK_SECRET: SECRET })
    assert.match(result.stdout, /\(signatures verified\)/)
    assert.match(result.stdout, /✗ rejected: /)
  })

  it.each([
    ["notasecret", /`whsec_` followed by base64/],
    ["whsec_not*base64!", /after `whsec_` comes base64/],
    [`${SECRET}\n`, /whitespace/]
  ])("--secret %j is refused at start-up with the reason, never printed", async (secret, reason) => {
    const result = await runTest(env.cli(["listen", "--port", "0", "--secret", secret]))
    assert.strictEqual(result.code, 2)
    assert.strictEqual(result.stdout, "")
    assert.isTrue(isOneLine(result.stderr), result.stderr)
    assert.match(result.stderr, /--secret is malformed: /)
    assert.match(result.stderr, reason)
    assert.notInclude(result.stderr, secret.trim())
  })

  it("prints the full JSON with --verbose; without a secret nothing is verified", async () => {
    const result = await listen(["--verbose"], (url, output) =>
      Effect.gen(function*() {
        assert.strictEqual(yield* post(url, body), 200)
        yield* output.waitFor(/\n}\n/)
      }))
    assert.match(result.stdout, /unsigned \(v1\) deliveries only/)
    const [line, ...rest] = result.stdout.split("\n").slice(1)
    assert.match(line ?? "", /^✓ sms\.received/)
    assert.strictEqual(JSON.parse(rest.join("\n")).data.content, "Hello, \"world\"")
  })

  it("explains a malformed body in one line", async () => {
    const result = await listen([], (url, output) =>
      Effect.gen(function*() {
        assert.strictEqual(yield* post(url, "{not json"), 400)
        yield* lines(output, 1)
      }))
    assert.match(result.stdout.split("\n")[1] ?? "", /^✗ rejected: .*not valid JSON/)
  })
})
