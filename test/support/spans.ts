/** A tracer that keeps every span it starts, for tests that read span names and attributes. */
import * as Tracer from "effect/Tracer"

export const collectSpans = () => {
  const spans: Array<Tracer.NativeSpan> = []
  const tracer = Tracer.make({
    span(options) {
      const span = new Tracer.NativeSpan(options)
      spans.push(span)
      return span
    }
  })
  return { spans, tracer }
}
