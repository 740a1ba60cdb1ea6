/**
 * Error messages, composed from the error's fields in one place.
 *
 * @internal
 */
/**
 * The one way an error's `message` is composed from its fields:
 * `operation: CODE detail`. Callers read the fields (`operation`, `code`,
 * `status`, `errors`); the message is for people.
 */
export const describe = (operation: string | undefined, ...parts: ReadonlyArray<string | undefined>): string =>
  [operation === undefined ? undefined : `${operation}:`, ...parts].filter((p) => p !== undefined && p !== "").join(" ")
