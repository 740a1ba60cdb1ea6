/**
 * Sending SMS (`POST /v1/api/sms`) — the only SMS endpoint, even in Allo's v2
 * docs.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { idempotencyKey, phoneNumber, senderId, smsMessage, validate } from "../internal/validate.js"
import { DataEnvelope } from "../schema/internal.js"
import { SentSms } from "../schema/Sms.js"
import { WithalloClient } from "../WithalloClient.js"
import type { WithalloError } from "../WithalloError.js"
import { operation } from "../internal/operation.js"

const SentSmsResponse = DataEnvelope(SentSms)

/** Types of the {@link Sms} service. */
export declare namespace Sms {
  /** A text from one of your Allo numbers to a number in the same country. */
  export interface SendParams {
    /** Your Allo number (E.164). */
    readonly from: string
    /** Recipient (E.164). */
    readonly to: string
    /** 1–1000 characters. */
    readonly message: string
    /**
     * Sent as `Idempotency-Key` on every attempt. Without one, a send that may
     * have reached Allo (5xx, dropped connection, timeout) is never retried, so
     * a text is never sent twice.
     */
    readonly idempotencyKey?: string | undefined
  }
  /** A text to a French number from a verified Sender ID (French operators block business texts from mobile numbers). */
  export interface SendFranceParams {
    /** Verified Sender ID, 3–11 letters or digits. */
    readonly senderId: string
    readonly to: string
    readonly message: string
    /** As for {@link SendParams.idempotencyKey}. */
    readonly idempotencyKey?: string | undefined
  }
  /** The service. */
  export interface Service {
    /** Sends a text from one of your Allo numbers. */
    readonly send: (params: SendParams) => Effect.Effect<SentSms, WithalloError>
    /** Sends a text to a French number from a verified Sender ID. */
    readonly sendFrance: (params: SendFranceParams) => Effect.Effect<SentSms, WithalloError>
  }
}

/** Sending SMS. */
export class Sms extends Context.Service<Sms, Sms.Service>()("effect-withallo/Sms") {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<Sms, never, WithalloClient> = Layer.effect(
    Sms,
    Effect.gen(function*() {
      const client = yield* WithalloClient

      const send = operation("Sms.send")(function*(params: Sms.SendParams) {
        yield* validate(
          "Sms.send",
          phoneNumber("from", params.from),
          phoneNumber("to", params.to),
          smsMessage("message", params.message),
          idempotencyKey(params.idempotencyKey)
        )
        const response = yield* client.request({
          operation: "Sms.send",
          method: "POST",
          path: "/v1/api/sms",
          body: { from: params.from, to: params.to, message: params.message },
          idempotencyKey: params.idempotencyKey,
          response: SentSmsResponse
        })
        return response.data
      })

      const sendFrance = operation("Sms.sendFrance")(function*(params: Sms.SendFranceParams) {
        yield* validate(
          "Sms.sendFrance",
          senderId("senderId", params.senderId),
          phoneNumber("to", params.to),
          smsMessage("message", params.message),
          idempotencyKey(params.idempotencyKey)
        )
        const response = yield* client.request({
          operation: "Sms.sendFrance",
          method: "POST",
          path: "/v1/api/sms",
          body: { sender_id: params.senderId, to: params.to, message: params.message },
          idempotencyKey: params.idempotencyKey,
          response: SentSmsResponse
        })
        return response.data
      })

      return Sms.of({ send, sendFrance })
    })
  )
}
