/**
 * HMAC-SHA256 (RFC 2104 over FIPS 180-4) in plain synchronous JavaScript:
 * the last resort of the HMAC seam (`CryptoProvider.ts`), used only on a
 * runtime that has neither `node:crypto` nor Web Crypto's `crypto.subtle`
 * (React Native's Hermes; a browser page served over plain http, where
 * `crypto.subtle` is undefined). The contract promises that signing and
 * verifying run on every runtime, and those have nothing else.
 *
 * Why not more: measured on Node 22 (1 KB body, key prepared once),
 * `node:crypto` takes ~7.5 µs per HMAC, this ~16 µs and Web Crypto ~53 µs;
 * at 16 KB, 31 µs, 195 µs and 219 µs. Where `node:crypto` exists it wins
 * outright, and where only Web Crypto exists it is the native
 * implementation, so this file is never chosen when either is present.
 *
 * A key's inner and outer pad blocks are hashed once ({@link hmacKey}) and
 * the two midstates reused for every message, so each signature costs only
 * the message blocks plus two.
 *
 * @internal
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
])

const INITIAL = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
])

const BLOCK = 64

// Words are kept as signed 32-bit integers throughout (Int32Array, `| 0`):
// V8 then keeps every round in integer registers, where uint32 values above
// 2^31 would fall back to floating point and run several times slower.
// One message schedule, reused: the functions below never re-enter.
const W = new Int32Array(64)

/** Mixes the 64-byte blocks of `data` from `offset` to `end` into `state`. */
const compress = (state: Int32Array, data: Uint8Array, offset: number, end: number): void => {
  let h0 = state[0]!, h1 = state[1]!, h2 = state[2]!, h3 = state[3]!
  let h4 = state[4]!, h5 = state[5]!, h6 = state[6]!, h7 = state[7]!
  for (let p = offset; p < end; p += BLOCK) {
    for (let i = 0; i < 16; i++) {
      const j = p + i * 4
      W[i] = (data[j]! << 24) | (data[j + 1]! << 16) | (data[j + 2]! << 8) | data[j + 3]!
    }
    for (let i = 16; i < 64; i++) {
      const w15 = W[i - 15]!
      const w2 = W[i - 2]!
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3)
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10)
      // Additions two at a time, each truncated: the sums stay int32 (no overflow into doubles).
      W[i] = (((W[i - 16]! + s0) | 0) + ((W[i - 7]! + s1) | 0)) | 0
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
      const ch = (e & f) ^ (~e & g)
      const t1 = (((h + S1) | 0) + ((ch + ((K[i]! + W[i]!) | 0)) | 0)) | 0
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
      const maj = (a & b) ^ (a & c) ^ (b & c)
      const t2 = (S0 + maj) | 0
      h = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = b
      b = a
      a = (t1 + t2) | 0
    }
    h0 = (h0 + a) | 0
    h1 = (h1 + b) | 0
    h2 = (h2 + c) | 0
    h3 = (h3 + d) | 0
    h4 = (h4 + e) | 0
    h5 = (h5 + f) | 0
    h6 = (h6 + g) | 0
    h7 = (h7 + h) | 0
  }
  state[0] = h0
  state[1] = h1
  state[2] = h2
  state[3] = h3
  state[4] = h4
  state[5] = h5
  state[6] = h6
  state[7] = h7
}

// Scratch space for the last one or two blocks, reused (no re-entry).
const TAIL = new Uint8Array(BLOCK * 2)

/**
 * Finishes a hash whose `state` has already absorbed `prefixBytes` bytes
 * (whole blocks), then `message`: the remaining blocks, the padding and the
 * length. Writes the 32-byte digest into `out`.
 */
const finish = (state: Int32Array, prefixBytes: number, message: Uint8Array, out: Uint8Array): Uint8Array => {
  const whole = message.length - (message.length % BLOCK)
  compress(state, message, 0, whole)
  const rest = message.length - whole
  const tailLength = rest < 56 ? BLOCK : BLOCK * 2
  TAIL.fill(0, 0, tailLength)
  for (let i = 0; i < rest; i++) TAIL[i] = message[whole + i]!
  TAIL[rest] = 0x80
  // The length in bits, big-endian in the last 8 bytes (exact below 2^53).
  const bits = (prefixBytes + message.length) * 8
  const high = Math.floor(bits / 0x100000000)
  const low = bits >>> 0
  TAIL[tailLength - 8] = high >>> 24
  TAIL[tailLength - 7] = high >>> 16
  TAIL[tailLength - 6] = high >>> 8
  TAIL[tailLength - 5] = high
  TAIL[tailLength - 4] = low >>> 24
  TAIL[tailLength - 3] = low >>> 16
  TAIL[tailLength - 2] = low >>> 8
  TAIL[tailLength - 1] = low
  compress(state, TAIL, 0, tailLength)
  for (let i = 0; i < 8; i++) {
    const word = state[i]!
    out[i * 4] = word >>> 24
    out[i * 4 + 1] = word >>> 16
    out[i * 4 + 2] = word >>> 8
    out[i * 4 + 3] = word
  }
  return out
}

/** SHA-256 of `message`. */
export const sha256 = (message: Uint8Array): Uint8Array => finish(INITIAL.slice(), 0, message, new Uint8Array(32))

/** A key ready for {@link hmacSha256}: the midstates after its inner and outer pads. */
export interface HmacKey {
  readonly inner: Int32Array
  readonly outer: Int32Array
}

/** Prepares `key` (any length; longer than a block is hashed first, per RFC 2104). */
export const hmacKey = (key: Uint8Array): HmacKey => {
  const block = new Uint8Array(BLOCK)
  block.set(key.length > BLOCK ? sha256(key) : key)
  const ipad = new Uint8Array(BLOCK)
  const opad = new Uint8Array(BLOCK)
  for (let i = 0; i < BLOCK; i++) {
    ipad[i] = block[i]! ^ 0x36
    opad[i] = block[i]! ^ 0x5c
  }
  const inner = INITIAL.slice()
  const outer = INITIAL.slice()
  compress(inner, ipad, 0, BLOCK)
  compress(outer, opad, 0, BLOCK)
  return { inner, outer }
}

/** HMAC-SHA256 of `message` under a prepared key: 32 bytes. */
export const hmacSha256 = (key: HmacKey, message: Uint8Array): Uint8Array => {
  STATE.set(key.inner)
  finish(STATE, BLOCK, message, INNER_DIGEST)
  STATE.set(key.outer)
  return finish(STATE, BLOCK, INNER_DIGEST, new Uint8Array(32))
}

const STATE = new Int32Array(8)
const INNER_DIGEST = new Uint8Array(32)
