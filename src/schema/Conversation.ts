/**
 * One entry of a v1 contact's conversation history
 * (`GET /v1/api/contact/{id}/conversation`): a call or a text message.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Call } from "./Call.js"
import { Nullable, OpenEnum, Optional } from "./internal.js"
import { TextMessage } from "./Sms.js"

/** A call (`type: "CALL"`, `call` set) or a text message (`type: "TEXT_MESSAGE"`, `message` set). */
export const ConversationEntry = Schema.Struct({
  type: Optional(OpenEnum(["CALL", "TEXT_MESSAGE"])),
  call: Nullable(Call),
  message: Nullable(TextMessage)
})

/** One entry of a v1 contact's conversation history. */
export type ConversationEntry = typeof ConversationEntry.Type
