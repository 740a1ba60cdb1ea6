/**
 * Reading a request body with a size limit, for the adapters: stop at the
 * limit instead of buffering whatever a client sends.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

class BodyTooLarge extends Data.TaggedError("BodyTooLarge") {}

/** The body's bytes, or `undefined` when it is larger than `limit` bytes (reading stops there). */
export const readLimited = <E, R>(
  stream: Stream.Stream<Uint8Array, E, R>,
  limit: number
): Effect.Effect<Uint8Array | undefined, E, R> =>
  Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let size = 0
    const read = Stream.runForEach(stream, (chunk) => {
      size += chunk.length
      if (size > limit) return Effect.fail(new BodyTooLarge())
      chunks.push(chunk)
      return Effect.void
    })
    return read.pipe(
      Effect.map(() => concat(chunks, size)),
      Effect.catchTag("BodyTooLarge", () => Effect.succeed(undefined))
    )
  })

const concat = (chunks: ReadonlyArray<Uint8Array>, size: number): Uint8Array => {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0]
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}
