/**
 * Flag helpers: a default that the help shows (the description and the
 * behaviour come from the same value), and whole-number ranges refused at
 * parse time with a message naming the flag.
 *
 * @since 0.1.0
 */
import { Flag } from "effect/cli"

/** Sets `description`, followed by `(default: value)`, and the default itself. */
export const withShownDefault = <A>(description: string, value: A, shown: string = String(value)) =>
(self: Flag.Flag<A>): Flag.Flag<A> =>
  self.pipe(Flag.withDescription(`${description} (default: ${shown})`), Flag.withDefault(value))

/** Refuses a whole number outside `min`…`max` (the flag parser has already refused a non-integer). */
export const intBetween = (min: number, max: number = Number.MAX_SAFE_INTEGER) => (self: Flag.Flag<number>): Flag.Flag<number> =>
  self.pipe(
    Flag.filter(
      (n) => n >= min && n <= max,
      () => max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`
    )
  )

/** A TCP port; 0 asks the system for any free one. */
export const portFlag = (description: string, value: number) =>
  Flag.Int("port").pipe(intBetween(0, 65_535), withShownDefault(`${description} (0: any free port)`, value))
