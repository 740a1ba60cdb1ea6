/**
 * A small deterministic PRNG: a 32-bit hash to derive an independent stream
 * per record (so record `i` of 200,000 can be built without building the
 * others) and mulberry32 to draw from it. Never `Math.random`.
 *
 * @since 0.1.0
 */

/** Mixes integers into one well-spread unsigned 32-bit value. */
export const hash32 = (...parts: ReadonlyArray<number>): number => {
  let h = 0x811c9dc5
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x01000193)
    h ^= h >>> 15
    h = Math.imul(h, 0x2c1b3c6d)
    h ^= h >>> 12
    h = Math.imul(h, 0x297a2d39)
    h ^= h >>> 15
  }
  return h >>> 0
}

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
const ALNUM_MIXED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/** A mulberry32 stream with the helpers the generators need. */
export class Rng {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }
  /** Integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1)
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  pick<A>(items: ReadonlyArray<A>, fallback: A): A {
    return items.length === 0 ? fallback : (items[this.int(items.length)] ?? fallback)
  }
  /** Lower-case letters and digits. */
  alnum(length: number): string {
    let out = ""
    for (let i = 0; i < length; i++) out += ALNUM[this.int(ALNUM.length)]
    return out
  }
  /** Mixed-case letters and digits (request ids, webhook message ids). */
  alnumMixed(length: number): string {
    let out = ""
    for (let i = 0; i < length; i++) out += ALNUM_MIXED[this.int(ALNUM_MIXED.length)]
    return out
  }
  digits(length: number): string {
    let out = ""
    for (let i = 0; i < length; i++) out += String(this.int(10))
    return out
  }
}
