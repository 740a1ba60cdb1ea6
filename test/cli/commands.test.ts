import { createServer } from "node:net"
import { Effect } from "effect"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { FAKE_KEY, run, startFake } from "./support.js"

const NUMBER = "+14155550100"
const SECRET_KEY = "ak_live_SuperSecret123"

let fake: Awaited<ReturnType<typeof startFake>>

beforeAll(async () => {
  fake = await startFake({
    calls: 50,
    contacts: 5,
    apiKeys: [{ key: "ak_test_readonly", scopes: ["CONVERSATIONS_READ"] }]
  })
})
afterAll(() => fake.close())

/** A port nothing listens on. */
const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

/** One line, no stack trace. */
const assertOneLine = (stderr: string) => {
  assert.strictEqual(stderr.trimEnd().split("\n").length, 1, stderr)
  assert.notMatch(stderr, /\n\s+at /)
}

describe("sms send", () => {
  it("sends from an Allo number and prints what Allo returned", async () => {
    const result = await run(["sms", "send", "--from", NUMBER, "--to", "+14155550199", "--message", "Hi, \"there\"", ...fake.flags])
    assert.strictEqual(result.code, 0, result.stderr)
    assert.match(result.stdout, /Sent SMS from \+14155550100 to \+14155550199/)
    const sent = await Effect.runPromise(fake.fake.sentSms)
    assert.strictEqual(sent.at(-1)?.content, "Hi, \"there\"")
  })

  it("sends from a Sender ID with --sender-id, as JSON with --json", async () => {
    const result = await run(["sms", "send", "--sender-id", "AcmeCorp", "--to", "+33612345678", "-m", "Bonjour", "--json", ...fake.flags])
    assert.strictEqual(result.code, 0, result.stderr)
    const sent = JSON.parse(result.stdout)
    assert.strictEqual(sent.sender_id, "AcmeCorp")
    assert.strictEqual(sent.content, "Bonjour")
  })

  it("refuses --from and --sender-id together as a usage error (2)", async () => {
    const result = await run(["sms", "send", "--from", NUMBER, "--sender-id", "ACME", "--to", "+33612345678", "-m", "x", ...fake.flags])
    assert.strictEqual(result.code, 2)
    assertOneLine(result.stderr)
  })
})

describe("numbers, me, webhooks", () => {
  it("numbers lists the workspace's numbers (table and --json)", async () => {
    const table = await run(["numbers", ...fake.flags])
    assert.strictEqual(table.code, 0, table.stderr)
    assert.match(table.stdout, /^NUMBER\s+NAME\s+COUNTRY\s+SHARED/)
    assert.include(table.stdout, NUMBER)
    const json = await run(["numbers", "--json", ...fake.flags])
    assert.include(JSON.parse(json.stdout).map((n: { number: string }) => n.number), NUMBER)
  })

  it("me shows the key's scopes", async () => {
    const result = await run(["me", "--json", ...fake.flags])
    assert.strictEqual(result.code, 0, result.stderr)
    assert.include(JSON.parse(result.stdout).scopes, "SMS_SEND")
  })

  it("webhooks create, list and delete", async () => {
    const created = await run([
      "webhooks", "create", "--allo-number", NUMBER, "--url", "https://example.com/allo",
      "--topics", "CALL_RECEIVED,SMS_RECEIVED", "--json", ...fake.flags
    ])
    assert.strictEqual(created.code, 0, created.stderr)
    const webhook = JSON.parse(created.stdout)
    assert.deepStrictEqual(webhook.topics, ["CALL_RECEIVED", "SMS_RECEIVED"])
    const listed = await run(["webhooks", "list", ...fake.flags])
    assert.include(listed.stdout, "https://example.com/allo")
    const deleted = await run(["webhooks", "delete", webhook.id, ...fake.flags])
    assert.strictEqual(deleted.code, 0, deleted.stderr)
    const after = await run(["webhooks", "list", "--json", ...fake.flags])
    assert.notInclude(after.stdout, "https://example.com/allo")
  })

  it("--mock runs a command against a built-in fake, no key needed", async () => {
    const result = await run(["--mock", "calls", "export", "--allo-number", NUMBER, "--limit", "5", "--format", "json"])
    assert.strictEqual(result.code, 0, result.stderr)
    assert.strictEqual(JSON.parse(result.stdout).length, 5)
  })
})

describe("errors", () => {
  it("401: one line naming the key and --auth-scheme; the key itself is never printed", async () => {
    const result = await run(["numbers", "--base-url", fake.url, "--api-key", SECRET_KEY])
    assert.strictEqual(result.code, 1)
    assertOneLine(result.stderr)
    assert.match(result.stderr, /401/)
    assert.match(result.stderr, /--auth-scheme/)
    assert.notInclude(result.stdout + result.stderr, "SuperSecret123")
  })

  it("403: names the missing scope", async () => {
    const result = await run(["sms", "send", "--from", NUMBER, "--to", "+14155550199", "-m", "hi", "--base-url", fake.url, "--api-key", "ak_test_readonly"])
    assert.strictEqual(result.code, 1)
    assertOneLine(result.stderr)
    assert.match(result.stderr, /SMS_SEND/)
    assert.match(result.stderr, /403/)
  })

  it("validation: names the flag", async () => {
    const result = await run(["sms", "send", "--from", NUMBER, "--to", "0612", "-m", "hi", ...fake.flags])
    assert.strictEqual(result.code, 1)
    assertOneLine(result.stderr)
    assert.match(result.stderr, /--to\b/)
  })

  it("validation from Allo (400): one line with Allo's code, exit 1", async () => {
    const result = await run(["sms", "send", "--sender-id", "NOPE", "--to", "+33612345678", "-m", "hi", ...fake.flags])
    assert.strictEqual(result.code, 1)
    assertOneLine(result.stderr)
    assert.match(result.stderr, /400/)
    assert.match(result.stderr, /INVALID_SENDER_ID/)
    assert.notMatch(result.stderr, /Sms\.sendFrance:/)
  })

  it("validation under --json: a JSON error on stderr", async () => {
    const result = await run(["sms", "send", "--from", NUMBER, "--to", "0612", "-m", "hi", "--json", ...fake.flags])
    assert.strictEqual(result.code, 1)
    const error = JSON.parse(result.stderr).error
    assert.strictEqual(error.tag, "ValidationError")
  })

  it("network: names the host it could not reach", async () => {
    const port = await closedPort()
    const result = await run(["sms", "send", "--from", NUMBER, "--to", "+14155550199", "-m", "hi", "--base-url", `http://127.0.0.1:${port}`, "--api-key", FAKE_KEY])
    assert.strictEqual(result.code, 1)
    assertOneLine(result.stderr)
    assert.include(result.stderr, `127.0.0.1:${port}`)
  })

  it("network on a read, with retries turned down through WITHALLO_MAX_RETRIES", async () => {
    const port = await closedPort()
    const result = await run(["numbers", "--base-url", `http://127.0.0.1:${port}`], {
      WITHALLO_API_KEY: FAKE_KEY,
      WITHALLO_MAX_RETRIES: "0"
    })
    assert.strictEqual(result.code, 1)
    assert.include(result.stderr, `Could not reach 127.0.0.1:${port}`)
  })

  it("usage errors exit 2: unknown flag, missing required flag, no API key", async () => {
    const unknown = await run(["calls", "export", "--allo-number", NUMBER, "--bogus", ...fake.flags])
    assert.strictEqual(unknown.code, 2)
    assert.match(unknown.stderr, /--bogus/)
    const missing = await run(["calls", "export", ...fake.flags])
    assert.strictEqual(missing.code, 2)
    assert.match(missing.stderr, /--allo-number/)
    const noKey = await run(["numbers", "--base-url", fake.url])
    assert.strictEqual(noKey.code, 2)
    assert.match(noKey.stderr, /WITHALLO_API_KEY/)
  })

  it("--help exits 0 and shows examples", async () => {
    const result = await run(["calls", "export", "--help"])
    assert.strictEqual(result.code, 0)
    assert.match(result.stdout, /EXAMPLES/)
  })
})

describe("demo", () => {
  it("exports, sends an SMS and receives the signed webhook, on its own fake, in a few seconds", async () => {
    const dir = (await import("./support.js")).tempDir()
    const started = Date.now()
    const result = await run(["demo", "--calls", "3000", "--dir", dir])
    assert.strictEqual(result.code, 0, result.stderr)
    assert.match(result.stderr, /Exported [\d,]+ calls to /)
    assert.match(result.stdout, /Sent SMS from \+14155550100/)
    assert.match(result.stdout, /listen │ ✓ sms\.sent \(msg_\w+\).*content="Hello from the withallo demo"/)
    assert.match(result.stdout, /→ 200/)
    assert.isBelow(Date.now() - started, 15_000)
  })
})
