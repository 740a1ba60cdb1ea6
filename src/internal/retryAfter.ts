/**
 * Reading `Retry-After` (RFC 9110 §10.2.3): whole seconds or an HTTP date.
 * Hand-written rather than effect/http's `Headers.parseRetryAfter`, which
 * goes through `DateTime` and added about 1 KB gzip to every bundle for a
 * header Allo sends in seconds.
 *
 * @internal
 */
import * as Duration from "effect/Duration"

const WHOLE_SECONDS = /^\d+$/
// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") and the two obsolete forms
// RFC 9110 still asks recipients to accept; `Date.parse` reads all three.
const HTTP_DATE = /^(?:[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT|[A-Za-z]+, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT|[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/

/**
 * The wait a `Retry-After` value asks for, measured from `nowMillis`; a date
 * in the past is no wait. `undefined` when the value is neither form.
 */
export const retryAfterDelay = (value: string, nowMillis: number): Duration.Duration | undefined => {
  const trimmed = value.trim()
  if (WHOLE_SECONDS.test(trimmed)) return Duration.seconds(Number(trimmed))
  if (!HTTP_DATE.test(trimmed)) return undefined
  // asctime carries no zone: it is UTC by definition.
  const millis = Date.parse(trimmed.endsWith("GMT") ? trimmed : `${trimmed} GMT`)
  return Number.isNaN(millis) ? undefined : Duration.millis(Math.max(0, millis - nowMillis))
}
