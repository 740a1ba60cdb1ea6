import { Effect } from "effect"
import { afterEach, assert, describe, it } from "vitest"
import { WebhookReceiver } from "../../src/index.js"
import { finished, start, waitForLine } from "./support.js"
import type { ChildProcess } from "node:child_process"

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
  Effect.runPromise(WebhookReceiver.sign({ id, timestamp: new Date(), body: payload, secret: SECRET }))

let child: ChildProcess | undefined
afterEach(() => {
  child?.kill("SIGINT")
  child = undefined
})

/** Starts `withallo listen` on a free port; resolves with its URL. */
const listen = async (args: ReadonlyArray<string>) => {
  child = await start(["listen", "--port", "0", ...args])
  const [, url] = await waitForLine(child, /Listening for webhooks on (http:\/\/\S+)/)
  return { child, url: url ?? "" }
}

/** Waits until stdout has printed `count` more lines. */
const nextLines = (process: ChildProcess, count: number): Promise<Array<string>> =>
  new Promise((resolve) => {
    const lines: Array<string> = []
    let buffer = ""
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString("utf8")
      const parts = buffer.split("\n")
      buffer = parts.pop() ?? ""
      lines.push(...parts)
      if (lines.length >= count) {
        process.stdout?.off("data", onData)
        resolve(lines)
      }
    }
    process.stdout?.on("data", onData)
  })

describe("listen", () => {
  it("verifies a signed delivery and prints the decoded event; refuses a tampered one with a reason", async () => {
    const { child, url } = await listen(["--secret", SECRET])
    const printed = nextLines(child, 1)
    const ok = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...(await signed(body)) }, body })
    assert.strictEqual(ok.status, 200)
    const [line] = await printed
    assert.match(line ?? "", /^✓ sms\.received \(msg_2NfDKEm9sF8xK3pQr1Zt\)/)
    assert.include(line, "from_number=\"+14155550199\"")
    assert.include(line, "content=\"Hello, \\\"world\\\"\"")

    const rejected = nextLines(child, 1)
    const headers = await signed(body, "msg_tampered")
    const tampered = body.replace("Hello", "Bye")
    const refused = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: tampered })
    assert.strictEqual(refused.status, 401)
    const [reason] = await rejected
    assert.match(reason ?? "", /^✗ rejected: .*signature/)
    assert.notInclude(reason, SECRET)
  })

  it("prints the full JSON with --verbose; without a secret nothing is verified", async () => {
    const { child, url } = await listen(["--verbose"])
    const printed = nextLines(child, 3)
    const ok = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body })
    assert.strictEqual(ok.status, 200)
    const lines = await printed
    assert.match(lines[0] ?? "", /^✓ sms\.received/)
    const rest = (await Promise.race([
      nextLines(child, 20),
      new Promise<Array<string>>((resolve) => setTimeout(() => resolve([]), 300))
    ]))
    const json = JSON.parse([...lines.slice(1), ...rest].join("\n"))
    assert.strictEqual(json.data.content, "Hello, \"world\"")
  })

  it("explains a malformed body in one line", async () => {
    const { child, url } = await listen([])
    const printed = nextLines(child, 1)
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" })
    assert.strictEqual(response.status, 400)
    const [line] = await printed
    assert.match(line ?? "", /^✗ rejected: .*not valid JSON/)
  })

  it("stops cleanly on SIGINT", async () => {
    const running = await listen([])
    child = undefined
    const done = finished(running.child)
    running.child.kill("SIGINT")
    const result = await done
    assert.strictEqual(result.code, 130)
    assert.strictEqual(result.stderr, "")
  })
})
