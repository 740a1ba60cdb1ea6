/**
 * The one seam every webhook HMAC goes through (verify, sign and the fake's
 * deliveries), modelled on stripe-node's `CryptoProvider`: synchronous where
 * the runtime allows it, asynchronous where it does not.
 *
 * - `node:crypto`, looked up at run time through
 *   `process.getBuiltinModule` (Node ≥ 20.16, Bun, Deno, Workers with
 *   `nodejs_compat`), so the core entry has no static import of it and still
 *   bundles for the edge. Synchronous and the fastest.
 * - Web Crypto (`crypto.subtle`) elsewhere: asynchronous only.
 * - The pure-JS HMAC (`hmacSha256.ts`) where neither exists.
 *
 * The provider is a `Context.Reference`, so a program (or a test) can pin
 * one with `Effect.provideService(CryptoProvider, provider)`; by default the
 * first available of the three above is used.
 *
 * @internal
 */
import * as Context from "effect/Context"
import { loadNodeCrypto, nodeCryptoProvider } from "./NodeCryptoProvider.js"
import { pureJsCryptoProvider } from "./PureJsCryptoProvider.js"
import { subtleCryptoProvider } from "./SubtleCryptoProvider.js"

/** A message to authenticate, as parts laid end to end (text is UTF-8). */
export type MessageParts = ReadonlyArray<string | Uint8Array>

/** HMAC-SHA256 under one prepared key. */
export interface HmacSha256 {
  /** The 32-byte MAC, synchronously; `undefined` when the provider is asynchronous only (Web Crypto). */
  readonly digestSync: ((message: MessageParts) => Uint8Array) | undefined
  /** The 32-byte MAC. Rejects only when the runtime's crypto does. */
  readonly digest: (message: MessageParts) => Promise<Uint8Array>
}

/** A source of HMAC-SHA256. */
export interface CryptoProvider {
  /** Which implementation this is, for logs and tests. */
  readonly name: "node:crypto" | "web-crypto" | "pure-js"
  /** Prepares a key once (Web Crypto imports it, the pure-JS HMAC hashes its pads) for many messages. */
  readonly hmacSha256: (key: Uint8Array) => HmacSha256
}

/** Where a runtime's crypto is looked up: `globalThis`, or a stand-in in tests. */
export interface CryptoGlobals {
  readonly process?: { readonly getBuiltinModule?: ((id: string) => unknown) | undefined } | undefined
  readonly crypto?: { readonly subtle?: SubtleCrypto | undefined } | undefined
}

/** The best provider `globals` offer: `node:crypto`, else Web Crypto, else pure JS. */
export const detectCryptoProvider = (globals: CryptoGlobals): CryptoProvider => {
  const subtle = globals.crypto?.subtle
  return nodeCryptoProvider(loadNodeCrypto(globals)) ??
    (subtle === undefined ? pureJsCryptoProvider : subtleCryptoProvider(subtle))
}

let detected: CryptoProvider | undefined

/** The best provider this runtime has, detected once. */
export const defaultCryptoProvider = (): CryptoProvider => {
  detected ??= detectCryptoProvider(globalThis)
  return detected
}

/** The provider in use; defaults to {@link defaultCryptoProvider}. */
export const CryptoProvider: Context.Reference<CryptoProvider> = Context.Reference<CryptoProvider>(
  "effect-withallo/webhooks/CryptoProvider",
  { defaultValue: defaultCryptoProvider }
)
