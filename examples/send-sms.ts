/**
 * Send one SMS with the key from WITHALLO_API_KEY. Bad input (a number that
 * is not E.164, an empty message) fails before any request, and the process
 * exits with code 1.
 *
 *   npm run example -- send-sms +14155550100 +14155550199 "Hello from Effect"   (against a local fake Allo)
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer } from "effect"
import { FetchHttpClient } from "effect/http"
import { Sms, Withallo } from "effect-withallo"

const [from = "+14155550100", to = "+14155550199", message = "Hello from effect-withallo"] = process.argv.slice(2)

const program = Effect.gen(function*() {
  const sms = yield* Sms
  const sent = yield* sms.send({ from, to, message, idempotencyKey: crypto.randomUUID() })
  yield* Console.log(`sent to ${sent.to_number} at ${sent.start_date}`)
})

const live = Withallo.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))

NodeRuntime.runMain(
  program.pipe(
    Effect.provide(live),
    // Every failure is a tagged error: word the ones you expect by name. The failure still ends
    // the program (exit code 1), so a script calling this knows the text was not sent.
    Effect.tapError((error) =>
      Console.error(
        error._tag === "ValidationError"
          ? `bad input: ${error.errors.map((f) => `${f.field ?? "?"}: ${f.message}`).join(", ")}`
          : error._tag === "NotFoundError"
          ? `Allo does not know that number: ${error.message}`
          : error.message
      )
    )
  ),
  { disableErrorReporting: true }
)
