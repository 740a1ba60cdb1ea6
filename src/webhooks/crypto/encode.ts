/**
 * Byte helpers shared by the HMAC providers and the signature code: UTF-8
 * concatenation of a message's parts, and strict base64.
 *
 * @internal
 */

const encoder = new TextEncoder()

/** The UTF-8 bytes of `parts` laid end to end (text is encoded, bytes copied). */
export const concatParts = (parts: ReadonlyArray<string | Uint8Array>): Uint8Array<ArrayBuffer> => {
  const chunks = parts.map((part) => (typeof part === "string" ? encoder.encode(part) : part))
  let size = 0
  for (const chunk of chunks) size += chunk.length
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/

/** Decodes strict base64 (no whitespace, padding optional); `undefined` when malformed. */
export const base64Decode = (text: string): Uint8Array<ArrayBuffer> | undefined => {
  if (!BASE64.test(text)) return undefined
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Standard base64 with padding. */
export const base64Encode = (bytes: Uint8Array): string => {
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}
