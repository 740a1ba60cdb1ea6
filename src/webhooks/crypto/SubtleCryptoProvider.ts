/**
 * HMAC-SHA256 from Web Crypto (`crypto.subtle`): on every browser, edge and
 * server runtime, asynchronous only.
 *
 * @internal
 */
import type { CryptoProvider, HmacSha256 } from "./CryptoProvider.js"
import { concatParts } from "./encode.js"

/** A provider over `subtle` (by default `globalThis.crypto.subtle`). */
export const subtleCryptoProvider = (subtle: SubtleCrypto): CryptoProvider => {
  const hmacSha256 = (key: Uint8Array): HmacSha256 => {
    // Importing is the slow part: once per prepared key, on first use.
    let imported: Promise<CryptoKey> | undefined
    const importKey = () => {
      imported ??= subtle.importKey("raw", new Uint8Array(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
      return imported
    }
    return {
      digestSync: undefined,
      digest: async (message) => new Uint8Array(await subtle.sign("HMAC", await importKey(), concatParts(message)))
    }
  }
  return { name: "web-crypto", hmacSha256 }
}
