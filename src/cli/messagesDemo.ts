/**
 * `withallo messages demo`: the log against the built-in fake Allo with an
 * in-memory PGlite: a send, a process dying after Allo accepted the text but
 * before the log recorded it, and the restarted process settling it through
 * the conversation search — one SMS, never two.
 *
 * @since 0.1.0
 */
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { Command } from "effect/cli"
import { Messages } from "../messages/Messages.js"
import type { InternalOptions } from "../messages/options.js"
import { FakeWithallo } from "../testing/FakeWithallo.js"
import * as WithalloTest from "../testing/WithalloTest.js"
import { CliFailure, ExitCode } from "./errors.js"

const FROM = "+14155550100"
const TO = "+14155550199"
const KEY = "order-1042-shipped"

const timings: InternalOptions = { pollInterval: "50 millis", lease: "1 second", notFoundAfter: "2 seconds", reconcileEvery: "200 millis" }

const say = (text: string) => Console.log(text)

const demo = Effect.gen(function*() {
  const PgliteClient = yield* Effect.tryPromise({
    try: () => import("../pglite/PgliteClient.js"),
    catch: () => new CliFailure({ message: "@electric-sql/pglite is not installed.", hint: "npm install @electric-sql/pglite", exitCode: ExitCode.usage })
  })
  yield* say("Starting an in-memory PGlite for the log and a fake Allo…")
  // One database and one Allo outlive both "processes" below.
  const shared = yield* Layer.build(Layer.merge(
    PgliteClient.layer(),
    WithalloTest.layer({ now: Date.now() }, { client: { timeout: "2 seconds", maxRetries: 0 } })
  ))
  const fake = Context.get(shared, FakeWithallo)
  const start = (options: InternalOptions) =>
    Effect.gen(function*() {
      const scope = yield* Scope.make()
      const context = yield* Layer.buildWithScope(Messages.layer(options), scope).pipe(Effect.provideContext(shared))
      return { messages: Context.get(context, Messages), stop: Scope.close(scope, Exit.void) }
    })

  const first = yield* start({ ...timings, onStep: (step, message) => (step === "responded" && message.key === KEY ? Effect.interrupt : Effect.void) })
  const ok = yield* first.messages.send({ key: "welcome-1", from: FROM, to: TO, message: "Welcome to Acme!" })
  yield* say(`1. send "welcome-1" → ${ok.status} (attempts: ${ok.attempts})`)
  yield* say(`2. send "${KEY}": Allo accepts the text, and the process dies before the log records it…`)
  yield* Effect.exit(first.messages.send({ key: KEY, from: FROM, to: TO, message: "Your order #1042 has shipped" }))
  const stuck = yield* first.messages.get(KEY)
  yield* first.stop
  yield* say(`   the log says: ${stuck.status}; Allo has ${(yield* fake.sentSms).length} texts`)

  yield* say("3. the process restarts; its worker finds the message in flight and looks it up in Allo…")
  const second = yield* start(timings)
  const events = yield* second.messages.events({ from: "start" }).pipe(
    Stream.filter((e) => e.key === KEY),
    Stream.takeUntil((e) => e._tag === "MessageSent" || e._tag === "MessageFailed" || e._tag === "MessageUnsettled"),
    Stream.runCollect
  )
  for (const e of events) {
    yield* say(`   ${e._tag}${e._tag === "MessageSent" ? ` (reconciled: ${e.reconciled}, Allo item ${e.alloItemId ?? "?"})` : ""}`)
  }
  const again = yield* second.messages.send({ key: KEY, from: FROM, to: TO, message: "Your order #1042 has shipped" })
  yield* say(`4. the job runs again and sends "${KEY}" once more → ${again.status}, answered from the log without a request`)
  const sent = yield* fake.sentSms
  yield* say(`Allo received ${sent.length} texts for 2 keys: ${sent.map((s) => JSON.stringify(s.content)).join(", ")}`)
  yield* second.stop
}).pipe(
  Effect.scoped,
  Effect.mapError((error) =>
    error instanceof CliFailure ? error : new CliFailure({ message: `demo failed: ${error.message}`, exitCode: ExitCode.api })
  )
)

/** `withallo messages demo`. */
export const messagesDemoCommand = Command.make("demo", {}, () => demo).pipe(
  Command.withDescription("Watch a crash between 'Allo sent it' and 'the log recorded it' settle without a duplicate")
)
