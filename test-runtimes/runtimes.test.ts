/**
 * The packed package on every runtime the README claims: in each, send an
 * SMS to the HTTP fake, stream 1,000 calls, verify a signed webhook and
 * reject a tampered one. The versions seen are written to
 * .tmp/runtimes.json for the README's "Runs on" table.
 */
import { createHmac } from "node:crypto"
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { join } from "node:path"
import { chromium } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Consumer, root } from "../test/support/packed.js"
import {
  bundleFor,
  type Fake,
  installRuntimes,
  lastJsonLine,
  NODES,
  nodeBinary,
  run,
  start,
  startFake,
  startPageServer,
  versionOf,
  writeWorkerdConfig
} from "./harness.js"

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
/** The secret worker.mjs's receiver was made with (Standard Webhooks' example). */
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

let consumer: Consumer
let fake: Fake
const seen: Record<string, string> = {}

beforeAll(async () => {
  consumer = installRuntimes()
  fake = await startFake(consumer)
}, 900_000)

afterAll(async () => {
  fake?.stop()
  consumer?.remove()
  mkdirSync(join(root, ".tmp"), { recursive: true })
  writeFileSync(join(root, ".tmp", "runtimes.json"), JSON.stringify(seen, null, 2))
})

/** What every runtime must observe. */
const expectSmoke = async (result: unknown, runtime: string) => {
  expect(result).toEqual({
    sms: { to: "+14155550199", content: `hello from ${runtime}` },
    calls: 1000,
    distinctCalls: 1000,
    verified: true,
    tampered: "WebhookSignatureError",
    webHandler: { signed: 200, tampered: 401, handled: ["runtime.smoke"] }
  })
  // …and the fake really received that SMS.
  expect((await fake.sentSms()).map((sms) => sms.content)).toContain(`hello from ${runtime}`)
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })

describe("the packed package runs on", () => {
  for (const name of Object.keys(NODES) as Array<keyof typeof NODES>) {
    it(name, async () => {
      const node = nodeBinary(consumer, name)
      seen[name] = versionOf(node)
      const out = await run(node, ["main.mjs", fake.url, name], { cwd: consumer.dir })
      await expectSmoke(lastJsonLine(out), name)
      const required = await run(node, ["require.cjs"], { cwd: consumer.dir })
      expect(lastJsonLine(required)).toEqual({ resolved: true, sms: "object", test: "function", fakeServer: "function" })
    })
  }

  it("bun", async () => {
    const bun = consumer.path("node_modules/.bin/bun")
    seen.bun = versionOf(bun)
    const out = await run(bun, ["main.mjs", fake.url, "bun"], { cwd: consumer.dir })
    await expectSmoke(lastJsonLine(out), "bun")
  })

  it("deno", async () => {
    const deno = consumer.path("node_modules/.bin/deno")
    seen.deno = versionOf(deno)
    const env = { DENO_NO_UPDATE_CHECK: "1", DENO_DIR: consumer.path(".deno") }
    const out = await run(deno, ["run", "--allow-net=127.0.0.1", "--allow-read", "--allow-env", "main.mjs", fake.url, "deno"], {
      cwd: consumer.dir,
      env
    })
    await expectSmoke(lastJsonLine(out), "deno")
  })

  it("workerd (Cloudflare Workers)", async () => {
    const workerd = consumer.path("node_modules/.bin/workerd")
    seen.workerd = versionOf(workerd)
    await bundleFor(consumer, "worker.mjs", ["workerd", "worker", "browser"])
    const address = `127.0.0.1:${await freePort()}`
    const config = writeWorkerdConfig(consumer, address)
    const server = start(workerd, ["serve", config], { cwd: consumer.dir })
    const failed = server.exited.then(() => new Error("workerd exited"), (error: unknown) => error)
    try {
      const call = async (path: string, init?: RequestInit): Promise<Response> => {
        // Until workerd listens, connections are refused: retry those only, a bounded number of times.
        for (let attempt = 0; ; attempt++) {
          const outcome = await fetch(`http://${address}${path}`, init).then((r) => r, (e: unknown) => e)
          if (outcome instanceof Response) return outcome
          if (attempt >= 600) throw outcome
          await Promise.race([new Promise((resolve) => setTimeout(resolve, 100)), failed.then((e) => Promise.reject(e))])
        }
      }
      const result = await (await call(`/smoke?base=${encodeURIComponent(fake.url)}`)).json()
      await expectSmoke(result, "workerd")

      // The web handler as the Worker's own fetch handler, signed here with
      // node:crypto (Standard Webhooks: HMAC-SHA256 of "id.timestamp.body").
      const body = JSON.stringify({ topic: "worker.delivery", data: {} })
      const timestamp = String(Math.floor(Date.now() / 1000))
      const key = Buffer.from(SECRET.slice("whsec_".length), "base64")
      const signature = createHmac("sha256", key).update(`msg_worker_1.${timestamp}.${body}`).digest("base64")
      const headers = { "webhook-id": "msg_worker_1", "webhook-timestamp": timestamp, "webhook-signature": `v1,${signature}` }
      const signed = await call("/webhook", { method: "POST", headers, body })
      const tampered = await call("/webhook", { method: "POST", headers, body: body.replace("delivery", "delivery!") })
      expect([signed.status, tampered.status]).toEqual([200, 401])
      expect(await (await call("/handled")).json()).toEqual(["worker.delivery"])
    } finally {
      server.stop()
    }
  })

  it("Chromium (headless)", async () => {
    seen.chromium = versionOf(CHROMIUM)
    const bundle = await bundleFor(consumer, "browser.mjs", ["browser"])
    const page = await startPageServer(fake.url, bundle)
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--headless=new"] })
    try {
      const tab = await browser.newPage()
      const errors: Array<string> = []
      tab.on("pageerror", (error) => errors.push(String(error)))
      await tab.goto(page.url)
      await tab.waitForFunction(() => "smokeResult" in globalThis, null, { timeout: 120_000 })
      const result = await tab.evaluate(() => Reflect.get(globalThis, "smokeResult"))
      expect(errors).toEqual([])
      await expectSmoke(result, "chromium")
    } finally {
      await browser.close()
      await page.close()
    }
  })
})

describe("a library that emits declarations compiles against the packed package", () => {
  const compilers = { "TypeScript 6": "typescript6", "TypeScript 7": "typescript7" } as const
  for (const [name, folder] of Object.entries(compilers)) {
    for (const module of ["nodenext", "bundler"] as const) {
      it(`${name}, module ${module}`, async () => {
        const tsc = consumer.path(`node_modules/${folder}/bin/tsc`)
        seen[name] = versionOf(process.execPath, [tsc, "--version"])
        const outDir = consumer.path(`types-${folder}-${module}`)
        await run(process.execPath, [
          tsc, "--declaration", "--emitDeclarationOnly", "--strict", "--skipLibCheck", "--target", "es2022",
          "--module", module === "nodenext" ? "nodenext" : "preserve", "--moduleResolution", module,
          "--types", "node", "--outDir", outDir, "library.ts"
        ], { cwd: consumer.dir })
        // Every type is named through a public entry, never a file of dist/.
        expect(readFileSync(join(outDir, "library.d.ts"), "utf8")).not.toMatch(/dist\//)
      })
    }
  }
})
