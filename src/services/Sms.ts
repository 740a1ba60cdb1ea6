/**
 * Sending SMS (`POST /v1/api/sms`) — the only SMS endpoint, even in Allo's v2
 * docs.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Endpoint from "../Endpoint.js"
import { IdempotencyKey, PhoneNumber, SenderId, SmsMessage } from "../internal/params.js"
import { DataEnvelope } from "../schema/internal.js"
import { SentSms } from "../schema/Sms.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"

/**
 * Both flavours are one endpoint told apart by the body (the spec's two
 * operations differ only by a `#france` fragment). v1 documents no
 * idempotency: a key is sent only when the caller gives one.
 */
const sendSms = <F extends { readonly to: typeof PhoneNumber; readonly message: typeof SmsMessage }>(name: string, fields: F) =>
  Endpoint.make({
    name,
    method: "POST",
    path: "/v1/api/sms",
    args: [Endpoint.arg("params", Endpoint.params({ ...fields, idempotencyKey: Schema.optional(IdempotencyKey) }))],
    response: DataEnvelope(SentSms),
    result: Endpoint.data,
    idempotency: "caller"
  })

/** `POST /v1/api/sms` from one of your Allo numbers. */
export const send = sendSms("Sms.send", { from: PhoneNumber, to: PhoneNumber, message: SmsMessage })

/** `POST /v1/api/sms#france` from a verified Sender ID. */
export const sendFrance = sendSms("Sms.sendFrance", { senderId: SenderId, to: PhoneNumber, message: SmsMessage })

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
    Effect.map(WithalloClient, (client) =>
      Sms.of({
        send: Endpoint.method(client, send),
        sendFrance: Endpoint.method(client, sendFrance)
      }))
  )
}
