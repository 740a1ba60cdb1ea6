/**
 * HMAC-SHA256 in plain JavaScript (`hmacSha256.ts`), for runtimes with
 * neither `node:crypto` nor Web Crypto. Synchronous.
 *
 * @internal
 */
import type { CryptoProvider, HmacSha256, MessageParts } from "./CryptoProvider.js"
import { concatParts } from "./encode.js"
import { hmacKey, hmacSha256 } from "./hmacSha256.js"

/** The pure-JS provider. */
export const pureJsCryptoProvider: CryptoProvider = {
  name: "pure-js",
  hmacSha256: (key): HmacSha256 => {
    const prepared = hmacKey(key)
    const digestSync = (message: MessageParts) => hmacSha256(prepared, concatParts(message))
    return { digestSync, digest: (message) => Promise.resolve().then(() => digestSync(message)) }
  }
}
