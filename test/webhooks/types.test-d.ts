/**
 * Type-level checks, run by `npm run typecheck` (not by vitest): `tsc` fails
 * if a handler stops being narrowed to its topic or if any
 * `@ts-expect-error` below stops being an error.
 */
import { Effect } from "effect"
import { expectTypeOf } from "vitest"
import { type WebhookEvent as WebhookEventType, WebhookEvent } from "../../src/webhooks/decode.js"
import * as WebhookReceiver from "../../src/webhooks/WebhookReceiver.js"
import type { WebhookPayloadError } from "../../src/WithalloError.js"

export const receiver = WebhookReceiver.make({
  handlers: {
    // The handler's event is narrowed to its topic: these read typed fields.
    "call.received": (event) => Effect.log(event.data.from_number.toUpperCase(), event.data.person?.job_title),
    SMS_RECEIVED: (event) => Effect.log(event.data.content.length),
    CALL_RECEIVED: (event) => Effect.log(event.data.transcriptions?.[0]?.text)
  }
})

WebhookReceiver.make({
  handlers: {
    // @ts-expect-error an SMS handler cannot be registered for call.received
    "call.received": (event: Extract<WebhookEventType, { topic: "SMS_SENT" }>) =>
      Effect.log(event.data.content)
  }
})

WebhookReceiver.make({
  handlers: {
    // @ts-expect-error from_number is a string, not a number
    "call.received": (event) => Effect.succeed(event.data.from_number satisfies number)
  }
})

WebhookReceiver.make({
  handlers: {
    // @ts-expect-error a misspelt topic is not a handler key
    "call.recieved": () => Effect.void
  }
})

WebhookReceiver.make({
  handlers: {
    // @ts-expect-error a handler must return an Effect
    SMS_SENT: () => "done"
  }
})

export const narrowing = (event: WebhookEventType): string | undefined => {
  if (!WebhookEvent.isKnown(event)) {
    // @ts-expect-error an unknown event's data is `unknown`
    return event.data.id
  }
  switch (event.topic) {
    case "call.received":
      return event.data.to_number
    case "SMS_SENT":
      // @ts-expect-error SMS data has no typed `to` (undeclared keys are `unknown`)
      return event.data.to.toString()
    default:
      return undefined
  }
}

expectTypeOf(receiver.handle).returns.toEqualTypeOf<Effect.Effect<WebhookReceiver.WebhookResponse>>()
expectTypeOf(WebhookEvent.decode).returns.toEqualTypeOf<Effect.Effect<WebhookEventType, WebhookPayloadError>>()
expectTypeOf(WebhookReceiver.makeEffect({ secret: "whsec_x", handlers: {} })).toEqualTypeOf<
  Effect.Effect<WebhookReceiver.WebhookReceiver, WebhookReceiver.WebhookConfigError>
>()
// `secret: process.env.X` (string | undefined) still type-checks: a missing value is refused at run time.
WebhookReceiver.make({ secret: process.env["ALLO_WEBHOOK_SECRET"], allowUnsigned: false, handlers: {} })
