/**
 * Send one SMS with the key from WITHALLO_API_KEY.
 *
 *   WITHALLO_API_KEY=ak_live_… node examples/send-sms.ts +14155550100 +14155550199 "Hello from Effect"
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
}).pipe(
  // Every failure is a tagged error: handle the ones you expect by name.
  Effect.catchTags({
    ValidationError: (e) => Console.error(`bad input: ${e.errors.map((f) => `${f.field}: ${f.message}`).join(", ")}`),
    NotFoundError: (e) => Console.error(`Allo does not know that number: ${e.message}`)
  })
)

const live = Withallo.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))

NodeRuntime.runMain(program.pipe(Effect.provide(live)))
