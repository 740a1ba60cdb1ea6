/**
 * `npm run example -- <name> [args…]`: runs one of `examples/*.ts` on a
 * fresh clone — no account, no build, any Node the npm scripts use. The
 * example is bundled with esbuild (the package's imports point at `src/`),
 * a fake Allo is started on 127.0.0.1, and the example runs as a child
 * process with `WITHALLO_BASE_URL`/`WITHALLO_API_KEY` pointing at it. A
 * webhook server example (one that prints `listening on <url>`) is sent
 * signed deliveries by the fake, as Allo would, then stopped.
 * `testing-your-code` is a test file: it runs under vitest.
 *
 * The tests import {@link bundleExamples} and {@link runExample} to run
 * every example the same way.
 */
import { build } from "esbuild"
import { Effect } from "effect"
import { spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { existsSync, readdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import * as FakeServer from "../src/node/FakeServer.js"
import { DEFAULT_KEY } from "../src/testing/fake/store.js"

/** The repository root: the nearest directory up from this file (or its bundle in .tmp/) with a package.json. */
const findRoot = (from: string): string => {
  let dir = from
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir)
  return dir
}

const root = findRoot(dirname(fileURLToPath(import.meta.url)))

/** The example names (`send-sms`, …), from `examples/*.ts`. */
export const exampleNames = (): ReadonlyArray<string> =>
  readdirSync(join(root, "examples")).filter((file) => file.endsWith(".ts")).map((file) => file.slice(0, -3)).sort()

/** Bundles examples into `outdir` in one esbuild run; returns each bundle's path by name. */
export const bundleExamples = async (names: ReadonlyArray<string>, outdir: string): Promise<ReadonlyMap<string, string>> => {
  await build({
    absWorkingDir: root,
    entryPoints: names.map((name) => `examples/${name}.ts`),
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    // `effect-withallo` resolves to src/ through tsconfig paths; real packages stay in node_modules.
    packages: "external",
    logLevel: "warning"
  })
  return new Map(names.map((name) => [name, join(root, outdir, `${name}.mjs`)]))
}

/** The seed of the fake the examples run against. */
export const exampleSeed = { calls: 2_000, contacts: 120, messages: 60 }

/** Topics the fake sends to a webhook server example. */
export const DEMO_TOPICS: ReadonlyArray<string> = ["call.completed", "sms.received", "contact.created"]

/** A fresh signing secret, as Allo shows one. */
export const demoSecret = (): string => `whsec_${randomBytes(24).toString("base64")}`

/** What a run printed and how it ended. */
export interface ExampleRun {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  /** For a webhook server: the status it answered to each delivery (`undefined`: no answer). */
  readonly answers: ReadonlyArray<{ readonly topic: string; readonly status: number | undefined }>
}

/** Options of {@link runExample}. */
export interface RunOptions {
  readonly bundle: string
  readonly args?: ReadonlyArray<string> | undefined
  readonly fake: FakeServer.FakeServer
  /** Extra environment (wins over the defaults). */
  readonly env?: Readonly<Record<string, string>> | undefined
  readonly cwd?: string | undefined
  /** Echo the child's output as it comes (the npm script does; tests do not). */
  readonly echo?: boolean | undefined
}

/**
 * Runs one bundled example against `fake`. When it prints `listening on
 * <url>`, the fake delivers {@link DEMO_TOPICS} to that URL, signed with
 * `ALLO_WEBHOOK_SECRET`, reports each answer, and stops the server with
 * SIGTERM.
 */
export const runExample = (options: RunOptions): Promise<ExampleRun> =>
  new Promise((resolve, reject) => {
    const env: Record<string, string> = {
      ...Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
      WITHALLO_BASE_URL: options.fake.url,
      WITHALLO_API_KEY: DEFAULT_KEY,
      ALLO_WEBHOOK_SECRET: process.env["ALLO_WEBHOOK_SECRET"] ?? demoSecret(),
      PORT: "0",
      ...options.env
    }
    const child = spawn(process.execPath, [options.bundle, ...(options.args ?? [])], {
      cwd: options.cwd ?? root,
      env,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    let delivering = false
    const answers: Array<{ readonly topic: string; readonly status: number | undefined }> = []
    const out = (text: string) => {
      stdout += text
      if (options.echo === true) process.stdout.write(text)
    }
    const deliver = async (url: string) => {
      const secret = env["ALLO_WEBHOOK_SECRET"] ?? ""
      const fake = options.fake.fake
      for (const topic of DEMO_TOPICS) {
        const attempt = await Effect.runPromise(Effect.gen(function*() {
          const [made] = yield* fake.trigger(topic, undefined, { to: url, secret })
          const settled = yield* fake.awaitWebhookDeliveries
          return settled.find((delivery) => delivery.id === made?.id)?.attempts[0]
        }))
        answers.push({ topic, status: attempt?.status })
        out(`  Allo → POST ${url} ${topic}: ${attempt?.status ?? attempt?.error ?? "not sent"}\n`)
      }
      child.kill("SIGTERM")
    }
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      out(text)
      const listening = /listening on (http:\/\/\S+)/.exec(stdout)
      if (listening !== null && !delivering) {
        delivering = true
        deliver(listening[1] ?? "").catch((error: unknown) => {
          child.kill("SIGTERM")
          reject(error)
        })
      }
    })
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text
      if (options.echo === true) process.stderr.write(text)
    })
    child.once("error", reject)
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr, answers }))
  })

const usage = (names: ReadonlyArray<string>) =>
  `usage: npm run example -- <name> [args…]\n\nexamples: ${names.join(", ")}\n`

const main = async (argv: ReadonlyArray<string>): Promise<number> => {
  const names = exampleNames()
  const [given, ...args] = argv
  const name = given?.replace(/^examples\//, "").replace(/\.ts$/, "")
  if (name === undefined || !names.includes(name)) {
    process.stderr.write(`${given === undefined ? "" : `no example named ${given}\n`}${usage(names)}`)
    return 2
  }
  if (name === "testing-your-code") {
    // A test file: vitest runs it (with the project's aliases for effect-withallo).
    const vitest = spawn(process.execPath, [join(root, "node_modules/vitest/vitest.mjs"), "run", "examples/testing-your-code.ts"], {
      cwd: root,
      stdio: "inherit"
    })
    return new Promise((resolve) => vitest.once("close", (code) => resolve(code ?? 1)))
  }
  const bundles = await bundleExamples([name], ".tmp/examples")
  const fake = await FakeServer.start({ seed: exampleSeed })
  process.stdout.write(`(fake Allo on ${fake.url}, key ${DEFAULT_KEY}: no account, no network)\n`)
  const result = await runExample({
    bundle: bundles.get(name) ?? "",
    args,
    fake,
    cwd: process.env["INIT_CWD"] ?? process.cwd(),
    echo: true
  }).finally(() => fake.close())
  // A server example is stopped by the runner after its deliveries: it succeeded if it acknowledged them all.
  if (result.answers.length > 0) return result.answers.every((a) => a.status !== undefined && a.status < 300) ? 0 : 1
  return result.code ?? 1
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`example runner failed: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exit(1)
    }
  )
}
