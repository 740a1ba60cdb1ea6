/**
 * What the log keeps out of sight: numbers masked in logs and spans, and the
 * SHA-256 of a text, which lets reconciliation recognise a message whose body
 * is not stored.
 *
 * @internal
 */

/**
 * `+14155550199` → `+1415•••0199`: the country and area code and the last four
 * digits stay, enough to tell messages apart in a log, not to dial.
 */
export const maskNumber = (number: string): string => {
  if (number.length <= 8) return `${number.slice(0, 2)}•••${number.slice(-2)}`
  return `${number.slice(0, 5)}•••${number.slice(-4)}`
}

const encoder = new TextEncoder()

/** Hex SHA-256 of a text, through Web Crypto (Node ≥ 20, Bun, Deno, browsers). */
export const sha256Hex = async (text: string): Promise<string> => {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", encoder.encode(text))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("")
}
