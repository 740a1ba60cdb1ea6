/**
 * What the runtime matrix needs around the runtimes: one consumer folder with
 * the packed package and every runtime installed from npm, the HTTP fake
 * (`FakeServer` from the packed package's `effect-withallo/node`, on
 * 127.0.0.1), a same-origin page server for Chromium, and helpers to run a
 * process and read its JSON.
 */
import { build } from "esbuild"
import { execFileSync, spawn } from "node:child_process"
import { readFileSync, writeFileSync } from "node:fs"
import * as Http from "node:http"
import { join } from "node:path"
import { type Consumer, installConsumer, installedVersion, root } from "../test/support/packed.js"

/** Runtimes installed from npm, by the name the smoke reports (pinned: the README table names them). */
export const NODES = {
  "node 20": "npm:node@20.19.0",
  "node 22": "npm:node@22.23.3",
  "node 24": "npm:node@24.21.0",
  "node 26": "npm:node@26.10.0"
} as const

const RUNTIME_PACKAGES = {
  ...Object.fromEntries(Object.entries(NODES).map(([name, spec]) => [name.replace(" ", ""), spec])),
  bun: "1.4.5",
  deno: "2.9.6",
  workerd: "1.20261123.1",
  typescript6: "npm:typescript@6.0.3",
  typescript7: "npm:typescript@7.0.2",
  "@types/node": installedVersion("@types/node")
}

const smokeFiles = Object.fromEntries(
  ["smoke.mjs", "main.mjs", "require.cjs", "worker.mjs", "browser.mjs"].map((file) => [
    file,
    readFileSync(join(root, "test-runtimes", "smoke", file), "utf8")
  ])
)

/** The consumer folder: the packed package, effect, and the runtimes. */
export const installRuntimes = (): Consumer =>
  installConsumer("runtimes", {
    dependencies: RUNTIME_PACKAGES,
    files: { ...smokeFiles, "library.ts": readFileSync(join(root, "test", "package", "library.ts"), "utf8") }
  })

/** Node binary of one of {@link NODES} in the consumer. */
export const nodeBinary = (consumer: Consumer, name: keyof typeof NODES): string =>
  consumer.path(`node_modules/${name.replace(" ", "")}/bin/node`)

/** A process left running; `stop` ends it (by its own handle). */
export interface Running {
  /** Resolves with stdout when the process exits 0, rejects with its output otherwise. */
  readonly exited: Promise<string>
  /** Resolves with the first line the process prints (rejects if it exits first). */
  readonly firstLine: Promise<string>
  readonly stop: () => void
}

/** Starts a process. */
export const start = (
  command: string,
  args: ReadonlyArray<string>,
  options: { readonly cwd: string; readonly env?: Record<string, string> }
): Running => {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] })
  let out = ""
  let err = ""
  let lineSeen: (line: string) => void = () => undefined
  const firstLine = new Promise<string>((resolve) => (lineSeen = resolve))
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString()
    if (out.includes("\n")) lineSeen(out.slice(0, out.indexOf("\n")))
  })
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()))
  const exited = new Promise<string>((resolve, reject) => {
    child.on("error", reject)
    child.on("exit", (code, signal) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(" ")} exited ${code ?? signal}\n${out}\n${err}`))
    )
  })
  exited.catch(() => undefined)
  const lineOrExit = Promise.race([firstLine, exited.then(() => Promise.reject(new Error(`${command} exited silently`)))])
  lineOrExit.catch(() => undefined)
  return { exited, firstLine: lineOrExit, stop: () => void child.kill("SIGTERM") }
}

/** Runs a process to completion; resolves with its stdout, rejects with its output when it fails. */
export const run = (command: string, args: ReadonlyArray<string>, options: { cwd: string; env?: Record<string, string> }) =>
  start(command, args, options).exited

export interface Fake {
  readonly url: string
  /** The SMS the fake recorded. */
  readonly sentSms: () => Promise<ReadonlyArray<{ readonly content: string }>>
  readonly stop: () => void
}

/**
 * The HTTP fake: the packed package's own bin (`withallo mock`) on Node 20,
 * the oldest Node it supports, then seeded with one number and 1,000 calls.
 */
export const startFake = async (consumer: Consumer): Promise<Fake> => {
  const bin = consumer.path("node_modules/effect-withallo/dist/cli/main.js")
  const mock = start(nodeBinary(consumer, "node 20"), [bin, "--json", "mock", "--port", "0", "--calls", "0"], { cwd: consumer.dir })
  const { url }: { url: string } = JSON.parse(await mock.firstLine)
  const reset = await fetch(`${url}/__admin/reset`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ numbers: ["+14155550100"], calls: 1000 })
  })
  if (reset.status !== 204) throw new Error(`seeding the fake answered ${reset.status}`)
  return {
    url,
    sentSms: async () => {
      const response = await fetch(`${url}/__admin/sms`)
      const body: { data: ReadonlyArray<{ content: string }> } = await response.json()
      return body.data
    },
    stop: mock.stop
  }
}

/** The last line of a process's stdout, parsed. */
export const lastJsonLine = (stdout: string): unknown => JSON.parse(stdout.trim().split("\n").at(-1)!)

/** The version a binary reports (`--version`), first line. */
export const versionOf = (binary: string, args: ReadonlyArray<string> = ["--version"]): string =>
  execFileSync(binary, args, { encoding: "utf8" }).trim().split("\n")[0]!

/** Bundles an entry of the consumer folder for a non-Node runtime, from the installed package. */
export const bundleFor = async (consumer: Consumer, entry: string, conditions: Array<string>): Promise<string> => {
  const outfile = consumer.path(entry.replace(/\.mjs$/, ".bundle.js"))
  await build({
    entryPoints: [consumer.path(entry)],
    outfile,
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["browser", "module", "main"],
    conditions,
    logLevel: "warning"
  })
  return outfile
}

/**
 * Serves the Chromium page and its bundle, and passes every other request to
 * the fake, so the page calls the fake on its own origin (the fake sends no
 * CORS headers).
 */
export const startPageServer = async (fakeUrl: string, bundle: string): Promise<{ url: string; close: () => Promise<void> }> => {
  const script = readFileSync(bundle)
  const fake = new URL(fakeUrl)
  const server = Http.createServer((req, res) => {
    if (req.url === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><script type="module" src="/smoke.js"></script>`)
      return
    }
    if (req.url === "/smoke.js") {
      res.writeHead(200, { "content-type": "text/javascript" }).end(script)
      return
    }
    const upstream = Http.request(
      { host: fake.hostname, port: fake.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
    upstream.on("error", () => res.writeHead(502).end())
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** workerd's configuration: the worker on `address`, allowed to reach loopback (the fake). */
export const writeWorkerdConfig = (consumer: Consumer, address: string): string => {
  const file = consumer.path("workerd.capnp")
  writeFileSync(
    file,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .smokeWorker),
    (name = "loopback", network = (allow = ["public", "private", "local"]))
  ],
  sockets = [(name = "http", address = "${address}", http = (), service = "main")]
);
const smokeWorker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "worker.bundle.js")],
  compatibilityDate = "2025-09-01",
  globalOutbound = "loopback"
);
`
  )
  return file
}
