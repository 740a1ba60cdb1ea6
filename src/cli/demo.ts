/**
 * `withallo demo` (`npm run demo`): a tour of the CLI on a fresh machine, with
 * no account and no network. It starts the fake Allo with a realistic history,
 * then runs the real `withallo` commands against it as child processes —
 * exactly what a user would type — and relays a signed webhook delivery to an
 * in-process `listen` receiver.
 *
 * @since 0.1.0
 */
import { spawn } from "node:child_process"
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { Command, Flag } from "effect/cli"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import { WebhookEndpoints } from "../services/WebhookEndpoints.js"
import * as Withallo from "../Withallo.js"
import { CliFailure, describeApiError, ExitCode } from "./errors.js"
import { count } from "./format.js"
import { startListener } from "./listen.js"
import { startMockServer } from "./mockServer.js"

const bold = (text: string) => (process.stdout.isTTY === true ? `\x1b[1m${text}\x1b[22m` : text)
const dim = (text: string) => (process.stdout.isTTY === true ? `\x1b[2m${text}\x1b[22m` : text)
const say = (line = "") => Effect.sync(() => process.stdout.write(`${line}\n`))

/** Runs `withallo args…` as a child process sharing this terminal; fails when it does. */
const withallo = (args: ReadonlyArray<string>, env: Readonly<Record<string, string>>) =>
  Effect.flatMap(say(bold(`$ withallo ${args.map((a) => (/[\s"$]/.test(a) ? JSON.stringify(a) : a)).join(" ")}`)), () =>
    Effect.callback<void, CliFailure>((resume) => {
      const child = spawn(process.execPath, [...process.execArgv, process.argv[1] ?? "", ...args], {
        stdio: "inherit",
        env: { ...process.env, ...env }
      })
      child.once("error", (error) =>
        resume(Effect.fail(new CliFailure({ message: `Cannot start withallo: ${error.message}`, exitCode: ExitCode.api }))))
      child.once("exit", (code) =>
        resume(code === 0
          ? Effect.void
          : Effect.fail(new CliFailure({ message: `withallo ${args[0] ?? ""} exited with ${code}`, exitCode: ExitCode.api }))))
      return Effect.sync(() => child.kill("SIGINT"))
    }))

/** `withallo demo`. */
export const demoCommand = Command.make(
  "demo",
  {
    calls: Flag.Int("calls").pipe(Flag.withDescription("Calls in the fake's history"), Flag.withDefault(12_000)),
    dir: Flag.String("dir").pipe(Flag.withDescription("Where the export is written"), Flag.withDefault(".tmp/demo"))
  },
  Effect.fnUntraced(function*(flags) {
    yield* Effect.scoped(Effect.gen(function*() {
      const started = Date.now()
      // 1. A fake Allo with a realistic history, on loopback.
      const server = yield* startMockServer({ calls: flags.calls, contacts: 400 })
      const state = yield* server.fake.state
      const numbers = state.numbers.flatMap((n) => (n.number === null ? [] : [n.number]))
      const alloNumber = numbers[0] ?? "+14155550100"
      const env = { WITHALLO_BASE_URL: server.url, WITHALLO_API_KEY: server.apiKey }
      yield* say(bold("withallo demo") + " — no account, no network: everything below runs against a local fake Allo.")
      yield* say(
        `Fake Allo on ${server.url}: ${count(state.callCount)} calls over ${numbers.length} numbers ` +
          `(${numbers.join(", ")}), ${count(state.contacts.length)} contacts.`
      )
      yield* say(dim(`(WITHALLO_BASE_URL=${server.url} WITHALLO_API_KEY=${server.apiKey} for the commands below)`))
      yield* say()

      // 2. Export one number's whole history, with progress and summary.
      mkdirSync(flags.dir, { recursive: true })
      const out = join(flags.dir, "calls.csv")
      yield* say(bold("1. Export a number's call history"))
      yield* withallo(["calls", "export", "--allo-number", alloNumber, "--out", out], env)
      yield* say()

      // 3. A webhook endpoint for sent texts, and a local receiver with its secret.
      const endpoint = yield* createEndpoint(server.url, server.apiKey)
      const listener = yield* startListener({
        port: 0,
        host: "127.0.0.1",
        secret: Option.fromNullishOr(endpoint.signing_secret),
        verbose: false,
        json: false,
        print: (line) => process.stdout.write(`${dim("  listen │")} ${line}\n`)
      })

      // 4. Send a test SMS: Allo signs an sms.sent delivery for the endpoint.
      yield* say(bold("2. Send a test SMS"))
      yield* withallo(["sms", "send", "--from", alloNumber, "--to", "+14155550199", "--message", "Hello from the withallo demo"], env)
      yield* say()

      // 5. Relay the delivery to the receiver, as a tunnel to this machine would.
      yield* say(bold("3. Receive the signed webhook (withallo listen, in-process)"))
      yield* say(dim(`Endpoint ${endpoint.id} (sms.sent) → ${listener.url}, verifying signatures with its whsec_ secret`))
      const deliveries = yield* server.fake.takeWebhookDeliveries
      for (const delivery of deliveries) {
        const status = yield* Effect.tryPromise({
          try: () => fetch(listener.url, { method: "POST", headers: delivery.headers, body: delivery.body }).then((r) => r.status),
          catch: (error) => new CliFailure({ message: `Delivery failed: ${String(error)}`, exitCode: ExitCode.api })
        })
        yield* say(dim(`  Allo   │ POST ${listener.url} webhook-id=${delivery.headers["webhook-id"] ?? "?"} → ${status}`))
      }
      yield* say()
      yield* say(dim(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s. Next: withallo --help, withallo mock, withallo listen.`))
    }))
  })
).pipe(Command.withDescription("A tour against a built-in fake Allo: export, send an SMS, receive a signed webhook"))

/** Registers a v2 endpoint for `sms.sent` through the SDK; its response carries the signing secret. */
const createEndpoint = (baseUrl: string, apiKey: string) =>
  WebhookEndpoints.use((endpoints) =>
    endpoints.create({ url: "https://example.com/allo-webhooks", topics: ["sms.sent"], description: "withallo demo" })
  ).pipe(
    Effect.provide(
      Withallo.layer({ apiKey: Redacted.make(apiKey), baseUrl, rateLimit: false }).pipe(Layer.provide(FetchHttpClient.layer))
    ),
    Effect.mapError((error) => CliFailure.fromReport(describeApiError(error, baseUrl)))
  )
