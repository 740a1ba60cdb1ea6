/**
 * Server-sent events framing (the WHATWG `text/event-stream` format): the
 * server writes messages, the browser reads them back with a parser fed
 * arbitrary chunks. The browser reads the feed with `fetch` rather than
 * `EventSource`, so it can send headers, see the status of a refusal and
 * choose when to reconnect.
 *
 * @since 0.2.0
 */

/** One dispatched message. */
export interface SseMessage {
  /** The `id:` field of this message, if it had one. */
  readonly id: string | undefined
  /** The `event:` field; `"message"` when absent. */
  readonly event: string
  readonly data: string
}

/** A message as the server writes it (one `data:` line per line of `data`). */
export const formatMessage = (message: { readonly id?: string | undefined; readonly event: string; readonly data: string }): string => {
  // An id with a line break would split the message: such ids are not sent.
  const id = message.id !== undefined && !/[\r\n]/.test(message.id) ? `id: ${message.id}\n` : ""
  const data = message.data.split(/\r\n|\r|\n/).map((line) => `data: ${line}\n`).join("")
  return `${id}event: ${message.event}\n${data}\n`
}

/** A comment line: ignored by readers, keeps proxies from closing an idle connection. */
export const formatComment = (text: string): string => `: ${text.replace(/[\r\n]/g, " ")}\n\n`

/** Tells `EventSource` readers how long to wait before reconnecting. */
export const formatRetry = (millis: number): string => `retry: ${Math.max(0, Math.round(millis))}\n\n`

/**
 * A parser for one connection: feed it the text as it arrives, in chunks of
 * any size; it returns the messages completed by each chunk.
 */
export const makeParser = (): (chunk: string) => ReadonlyArray<SseMessage> => {
  let buffer = ""
  let id: string | undefined
  let event = ""
  let data: Array<string> = []

  const line = (text: string, out: Array<SseMessage>): void => {
    if (text === "") {
      if (data.length > 0) out.push({ id, event: event === "" ? "message" : event, data: data.join("\n") })
      id = undefined
      event = ""
      data = []
      return
    }
    if (text.startsWith(":")) return
    const colon = text.indexOf(":")
    const field = colon === -1 ? text : text.slice(0, colon)
    const value = colon === -1 ? "" : text.slice(text[colon + 1] === " " ? colon + 2 : colon + 1)
    if (field === "data") data.push(value)
    else if (field === "event") event = value
    else if (field === "id" && !value.includes("\0")) id = value
  }

  return (chunk) => {
    buffer += chunk
    const out: Array<SseMessage> = []
    let start = 0
    for (let i = 0; i < buffer.length; i++) {
      const c = buffer[i]
      if (c !== "\n" && c !== "\r") continue
      // A `\r` at the very end may be the first half of `\r\n`: wait for more.
      if (c === "\r" && i === buffer.length - 1) break
      line(buffer.slice(start, i), out)
      if (c === "\r" && buffer[i + 1] === "\n") i++
      start = i + 1
    }
    buffer = buffer.slice(start)
    return out
  }
}
