import * as Effect from "effect/Effect"
import { assert, beforeAll, describe, it } from "vitest"
import { FAKE_FLAGS, FAKE_KEY, FAKE_URL, isOneLine, makeCli, runTest } from "./harness.js"

const NUMBER = "+14155550100"
const SECRET_KEY = "ak_live_SuperSecret123"

let env: Effect.Success<ReturnType<typeof makeCli>>

beforeAll(async () => {
  env = await runTest(makeCli({ calls: 50, contacts: 5 }))
  await runTest(env.fake.registerKey("ak_test_readonly", ["CONVERSATIONS_READ"]))
})

const cli = (args: ReadonlyArray<string>, options?: Parameters<typeof env.cli>[1]) => runTest(env.cli(args, options))
const withFake = (args: ReadonlyArray<string>) => cli([...args, ...FAKE_FLAGS])

describe("sms send", () => {
  it("sends from an Allo number and prints what Allo returned", async () => {
    const result = await withFake(["sms", "send", "--from", NUMBER, "--to", "+14155550199", "--message", "Hi, \"there\""])
    assert.strictEqual(result.code, 0, result.stderr)
    assert.match(result.stdout, /Sent SMS from \+14155550100 to \+14155550199/)
    const sent = await runTest(env.fake.sentSms)
    assert.strictEqual(sent.at(-1)?.content, "Hi, \"there\"")
  })

  it("sends from the Sender ID that `withallo numbers` shows, as JSON with --json", async () => {
    const numbers = await withFake(["numbers"])
    const senderId = /--sender-id (\S+)\s+SENDER_ID/.exec(numbers.stdout)?.[1]
    assert.strictEqual(senderId, "AcmeCorp", numbers.stdout)
    const result = await withFake(["sms", "send", "--sender-id", senderId ?? "", "--to", "+33612345678", "-m", "Bonjour", "--json"])
    assert.strictEqual(result.code, 0, result.stderr)
    const sent = JSON.parse(result.stdout)
    assert.strictEqual(sent.sender_id, "AcmeCorp")
    assert.strictEqual(sent.content, "Bonjour")
  })

  it("the help's Sender ID example works against the fake", async () => {
    const help = await cli(["sms", "send", "--help"])
    const example = /withallo (sms send --sender-id .*)/.exec(help.stdout)?.[1]
    assert.isDefined(example, help.stdout)
    const args = (example ?? "").match(/"[^"]*"|\S+/g)?.map((a) => a.replace(/^"|"$/g, "")) ?? []
    const result = await withFake(args)
    assert.strictEqual(result.code, 0, result.stderr)
  })

  it("refuses --from and --sender-id together as a usage error (2)", async () => {
    const result = await withFake(["sms", "send", "--from", NUMBER, "--sender-id", "AcmeCorp", "--to", "+33612345678", "-m", "x"])
    assert.strictEqual(result.code, 2)
    assert.isTrue(isOneLine(result.stderr), result.stderr)
  })
})

describe("numbers, me, webhooks", () => {
  it("numbers lists numbers and Sender IDs with the flag that sends from each (table and --json)", async () => {
    const table = await withFake(["numbers"])
    assert.strictEqual(table.code, 0, table.stderr)
    assert.match(table.stdout, /^SEND WITH\s+TYPE\s+NAME\s+COUNTRY\s+CAPABILITIES/)
    assert.match(table.stdout, /--from \+14155550100\s+NUMBER/)
    assert.match(table.stdout, /--sender-id AcmeCorp\s+SENDER_ID/)
    const json = await withFake(["numbers", "--json"])
    const listed: Array<{ number: string | null; name: string; type: string }> = JSON.parse(json.stdout)
    assert.include(listed.map((n) => n.number), NUMBER)
    assert.deepInclude(listed.filter((n) => n.type === "SENDER_ID").map((n) => n.name), "AcmeCorp")
  })

  it("me shows the key's scopes", async () => {
    const result = await withFake(["me", "--json"])
    assert.strictEqual(result.code, 0, result.stderr)
    assert.include(JSON.parse(result.stdout).scopes, "SMS_SEND")
  })

  it("webhooks create, list and delete", async () => {
    const created = await withFake([
      "webhooks", "create", "--allo-number", NUMBER, "--url", "https://example.com/allo",
      "--topics", "CALL_RECEIVED,SMS_RECEIVED", "--json"
    ])
    assert.strictEqual(created.code, 0, created.stderr)
    const webhook = JSON.parse(created.stdout)
    assert.deepStrictEqual(webhook.topics, ["CALL_RECEIVED", "SMS_RECEIVED"])
    const listed = await withFake(["webhooks", "list"])
    assert.include(listed.stdout, "https://example.com/allo")
    const deleted = await withFake(["webhooks", "delete", webhook.id])
    assert.strictEqual(deleted.code, 0, deleted.stderr)
    const after = await withFake(["webhooks", "list", "--json"])
    assert.notInclude(after.stdout, "https://example.com/allo")
  })

  it("--mock runs a command against a built-in fake: no key, and none of the test's fake", async () => {
    const before = (await runTest(env.fake.requests)).length
    const result = await cli(["--mock", "calls", "export", "--allo-number", NUMBER, "--limit", "5", "--format", "json"])
    assert.strictEqual(result.code, 0, result.stderr)
    assert.strictEqual(JSON.parse(result.stdout).length, 5)
    assert.strictEqual((await runTest(env.fake.requests)).length, before)
  })
})

describe("configuration", () => {
  it("reads the key and host from WITHALLO_* (the SDK's own options config)", async () => {
    const result = await cli(["me", "--json"], { env: { WITHALLO_API_KEY: FAKE_KEY, WITHALLO_BASE_URL: FAKE_URL } })
    assert.strictEqual(result.code, 0, result.stderr)
  })

  it("a malformed WITHALLO_TIMEOUT is a usage error naming it, not silently ignored", async () => {
    const result = await cli(["me"], { env: { WITHALLO_API_KEY: FAKE_KEY, WITHALLO_TIMEOUT: "soon" } })
    assert.strictEqual(result.code, 2)
    assert.isTrue(isOneLine(result.stderr), result.stderr)
    assert.match(result.stderr, /WITHALLO_TIMEOUT is invalid/)
  })

  it.each([
    [["me"], { WITHALLO_MAX_RETRIES: "500" }, /WITHALLO_MAX_RETRIES must be an integer from 0 to 100/],
    [["me", "--base-url", "ftp://example.com"], {}, /--base-url or WITHALLO_BASE_URL must be an absolute http\(s\) URL/]
  ] as const)("options the SDK refuses are usage errors naming their flag or variable: %j %j", async (args, vars, expected) => {
    const result = await cli([...args, "--api-key", FAKE_KEY], { env: vars })
    assert.strictEqual(result.code, 2)
    assert.isTrue(isOneLine(result.stderr), result.stderr)
    assert.match(result.stderr, expected)
  })

  it("no key anywhere: a usage error naming --api-key and WITHALLO_API_KEY", async () => {
    const result = await cli(["numbers", "--base-url", FAKE_URL])
    assert.strictEqual(result.code, 2)
    assert.match(result.stderr, /--api-key or set WITHALLO_API_KEY/)
  })
})

describe("errors from Allo: one line from the error's fields, with a hint", () => {
  it("401: names the key and --auth-scheme; the key itself is never printed", async () => {
    const result = await cli(["numbers", "--base-url", FAKE_URL, "--api-key", SECRET_KEY])
    assert.strictEqual(result.code, 1)
    assert.isTrue(isOneLine(result.stderr), result.stderr)
    assert.match(result.stderr, /401/)
    assert.match(result.stderr, /--auth-scheme/)
    assert.notInclude(result.stdout + result.stderr, "SuperSecret123")
  })

  it("403: names the missing scope", async () => {
    const result = await cli(["sms", "send", "--from", NUMBER, "--to", "+14155550199", "-m", "hi", "--base-url", FAKE_URL, "--api-key", "ak_test_readonly"])
    assert.strictEqual(result.code, 1)
    assert.isTrue(isOneLine(result.stderr), result.stderr)
    assert.match(result.stderr, /SMS_SEND/)
    assert.match(result.stderr, /403/)
  })

  it("input refused before sending: names the flag", async () => {
    const result = await withFake(["sms", "send", "--from", NUMBER, "--to", "0612", "-m", "hi"])
    assert.strictEqual(result.code, 1)
    assert.isTrue(isOneLine(result.stderr), result.stderr)
    assert.match(result.stderr, /--to\b/)
    assert.match(result.stderr, /Hint: Fix --to/)
  })

  it.each([
    ["INVALID_SENDER_ID", ["--sender-id", "NOPE", "--to", "+33612345678"], /--sender-id is not a verified Sender ID.*Hint: .*withallo numbers/],
    ["TO_NUMBER_COUNTRY_MISMATCH", ["--from", NUMBER, "--to", "+33612345678"], /--to number is not in the country of the --from number.*Hint: /],
    ["FROM_NUMBER_NOT_FOUND", ["--from", "+14155550999", "--to", "+14155550199"], /--from number is not an SMS-capable Allo number.*Hint: .*withallo numbers/]
  ] as const)("Allo's %s: says what it means for the flags, with a hint", async (code, flags, expected) => {
    const result = await withFake(["sms", "send", ...flags, "-m", "hi"])
    assert.strictEqual(result.code, 1)
    assert.isTrue(isOneLine(result.stderr), result.stderr)
    assert.include(result.stderr, `400 ${code}`)
    assert.match(result.stderr, expected)
    assert.notMatch(result.stderr, /Sms\.send(France)?:/)
    assert.notMatch(result.stderr, /no such record/)
  })

  it("errors under --json: a JSON error on stderr", async () => {
    const result = await withFake(["sms", "send", "--from", NUMBER, "--to", "0612", "-m", "hi", "--json"])
    assert.strictEqual(result.code, 1)
    assert.strictEqual(JSON.parse(result.stderr).error.tag, "ValidationError")
  })

  it("a 429 asking for longer than the CLI waits says so, and that nothing was retried", async () => {
    await runTest(env.fake.injectFault({ method: "GET", path: "/v2/api/numbers", fault: { _tag: "Status", status: 429, retryAfterSeconds: 120 } }))
    const result = await withFake(["numbers"])
    assert.strictEqual(result.code, 1)
    assert.isTrue(isOneLine(result.stderr), result.stderr)
    assert.match(result.stderr, /Allo asked to wait 120 s .*longer than the 60 s the CLI waits; nothing was retried/)
    assert.notMatch(result.stderr, /retries did not get through/)
  })

  it("a 429 after the retries: says how many were made", async () => {
    // Retry-After: 0, so the retry is not delayed.
    await runTest(env.fake.injectFault({ method: "GET", path: "/v2/api/numbers", times: 2, fault: { _tag: "Status", status: 429, retryAfterSeconds: 0 } }))
    const result = await cli(["numbers", ...FAKE_FLAGS], { env: { WITHALLO_MAX_RETRIES: "1" } })
    assert.strictEqual(result.code, 1)
    assert.match(result.stderr, /rate limiting this key \(429.*\) and 1 retry did not get through/)
  })

  it("no answer at all: names the host it could not reach (retries turned down through WITHALLO_MAX_RETRIES)", async () => {
    await runTest(env.fake.injectFault({ method: "GET", path: "/v2/api/numbers", fault: { _tag: "Drop" } }))
    const result = await cli(["numbers"], { env: { WITHALLO_API_KEY: FAKE_KEY, WITHALLO_BASE_URL: FAKE_URL, WITHALLO_MAX_RETRIES: "0" } })
    assert.strictEqual(result.code, 1)
    assert.isTrue(isOneLine(result.stderr), result.stderr)
    assert.include(result.stderr, "Could not reach 127.0.0.1:4010")
  })
})

describe("usage errors: one line on stderr pointing to --help, nothing on stdout, exit 2", () => {
  it.each([
    [["calls", "export", "--since", "2026-01-01"], /Missing required flag: --allo-number/, "withallo calls export --help"],
    [["calls", "export", "--allo-number", NUMBER, "--bogus"], /--bogus/, "withallo calls export --help"],
    [["calls", "export", "--allo-number", NUMBER, "--since", "2025-02-30"], /--since: "2025-02-30"/, "withallo calls export --help"],
    [["calls", "export", "--allo-number", NUMBER, "--since", "2025-13-01T00:00:00Z"], /--since/, "withallo calls export --help"],
    [["mock", "--calls", "-5"], /--calls: "-5".*at least 0/, "withallo mock --help"],
    [["mock", "--port", "-1"], /--port: "-1".*0 to 65535/, "withallo mock --help"],
    [["listen", "--port", "70000"], /--port: "70000"/, "withallo listen --help"]
  ] as const)("%j", async (args, expected, help) => {
    const result = await cli(["--mock", ...args])
    assert.strictEqual(result.code, 2)
    assert.strictEqual(result.stdout, "")
    assert.isTrue(isOneLine(result.stderr), result.stderr)
    assert.match(result.stderr, expected)
    assert.include(result.stderr, `\`${help}\``)
  })

  it("under --json, a usage error is a JSON error", async () => {
    const result = await cli(["--mock", "--json", "calls", "export"])
    assert.strictEqual(result.code, 2)
    assert.strictEqual(result.stdout, "")
    assert.strictEqual(JSON.parse(result.stderr).error.tag, "UsageError")
  })
})

describe("--help", () => {
  it("exits 0 with examples on stdout", async () => {
    const result = await cli(["calls", "export", "--help"])
    assert.strictEqual(result.code, 0)
    assert.match(result.stdout, /EXAMPLES/)
    assert.strictEqual(result.stderr, "")
  })

  it.each([
    [["mock"], ["--port integer .*\\(default: 4010\\)", "--calls integer .*\\(default: 5000\\)", "--contacts integer .*\\(default: 250\\)"]],
    [["listen"], ["--port integer .*\\(default: 3000\\)", "--host string .*\\(default: 127\\.0\\.0\\.1\\)"]],
    [["demo"], ["--calls integer .*\\(default: 12000\\)", "--dir string .*\\(default: \\.tmp/demo\\)"]]
  ] as const)("%j shows the defaults", async (command, patterns) => {
    const result = await cli([...command, "--help"])
    for (const pattern of patterns) assert.match(result.stdout, new RegExp(pattern))
  })
})
