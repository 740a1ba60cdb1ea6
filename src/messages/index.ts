/**
 * The durable message log (`Messages`), its records, events and errors.
 *
 * @since 0.1.0
 */
export { Messages } from "./Messages.js"
export {
  isSettled,
  Message,
  MessageConfirmed,
  MessageError,
  MessageEvent,
  type MessageEventTag,
  MessageFailed,
  MessageQueued,
  MessageReceived,
  MessageSent,
  MessageStatus,
  MessageUnsettled
} from "./Message.js"
export { MessageKeyReusedError, MessageNotFoundError, type MessagesError, MessageStoreError } from "./errors.js"
