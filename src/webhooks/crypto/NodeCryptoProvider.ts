/**
 * HMAC-SHA256 from `node:crypto`, found at run time: no static import, so
 * the modules that use it bundle for runtimes without it.
 *
 * @internal
 */
import type { CryptoProvider, HmacSha256, MessageParts } from "./CryptoProvider.js"

/** The part of `node:crypto` used here. */
export interface NodeCrypto {
  readonly createHmac: (algorithm: string, key: Uint8Array) => NodeHmac
}

interface NodeHmac {
  update(data: string | Uint8Array): NodeHmac
  digest(): Uint8Array
}

const isNodeCrypto = (u: unknown): u is NodeCrypto =>
  typeof (u as { readonly createHmac?: unknown } | null | undefined)?.createHmac === "function"

/**
 * `node:crypto` through `process.getBuiltinModule` (never a static import),
 * or `undefined` where the runtime has no such thing.
 */
export const loadNodeCrypto = (
  globals: { readonly process?: { readonly getBuiltinModule?: ((id: string) => unknown) | undefined } | undefined }
): NodeCrypto | undefined => {
  try {
    const module = globals.process?.getBuiltinModule?.("node:crypto")
    return isNodeCrypto(module) ? module : undefined
  } catch {
    return undefined
  }
}

/** A provider over `crypto` (`node:crypto`), or `undefined` without one. */
export const nodeCryptoProvider = (crypto: NodeCrypto | undefined): CryptoProvider | undefined => {
  if (crypto === undefined) return undefined
  const hmacSha256 = (key: Uint8Array): HmacSha256 => {
    const digestSync = (message: MessageParts): Uint8Array => {
      const hmac = crypto.createHmac("sha256", key)
      for (const part of message) hmac.update(part)
      return hmac.digest()
    }
    return { digestSync, digest: (message) => Promise.resolve().then(() => digestSync(message)) }
  }
  return { name: "node:crypto", hmacSha256 }
}
