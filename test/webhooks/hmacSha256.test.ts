/**
 * The pure-JS HMAC-SHA256 that verifies webhook signatures: RFC 4231's test
 * vectors, Allo's signed fixture, and agreement with node:crypto and Web
 * Crypto over every length around the block boundaries.
 */
import { assert, describe, it } from "@effect/vitest"
import { createHash, createHmac, randomBytes } from "node:crypto"
import { hmacKey, hmacSha256, sha256 } from "../../src/webhooks/crypto/hmacSha256.js"
import fixtures from "../fixtures/withallo-examples.json" with { type: "json" }

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex")
const fromHex = (text: string) => new Uint8Array(Buffer.from(text, "hex"))
const utf8 = (text: string) => new TextEncoder().encode(text)
const hmac = (key: Uint8Array, data: Uint8Array) => hex(hmacSha256(hmacKey(key), data))

describe("hmacSha256", () => {
  // RFC 4231 §4: HMAC-SHA-256 column. Case 5 is a truncated output (first 128 bits).
  const vectors: ReadonlyArray<{ readonly name: string; readonly key: Uint8Array; readonly data: Uint8Array; readonly mac: string }> = [
    {
      name: "case 1: 20-byte key, 'Hi There'",
      key: fromHex("0b".repeat(20)),
      data: utf8("Hi There"),
      mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
    },
    {
      name: "case 2: key shorter than the output ('Jefe')",
      key: utf8("Jefe"),
      data: utf8("what do ya want for nothing?"),
      mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    },
    {
      name: "case 3: 50 bytes of 0xdd",
      key: fromHex("aa".repeat(20)),
      data: fromHex("dd".repeat(50)),
      mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
    },
    {
      name: "case 4: 25-byte counting key, 50 bytes of 0xcd",
      key: fromHex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
      data: fromHex("cd".repeat(50)),
      mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
    },
    {
      name: "case 6: 131-byte key (longer than a block: hashed first)",
      key: fromHex("aa".repeat(131)),
      data: utf8("Test Using Larger Than Block-Size Key - Hash Key First"),
      mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
    },
    {
      name: "case 7: 131-byte key and a 152-byte message",
      key: fromHex("aa".repeat(131)),
      data: utf8(
        "This is a test using a larger than block-size key and a larger than block-size data. " +
          "The key needs to be hashed before being used by the HMAC algorithm."
      ),
      mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
    }
  ]
  for (const vector of vectors) {
    it(`RFC 4231 ${vector.name}`, () => {
      assert.strictEqual(hmac(vector.key, vector.data), vector.mac)
    })
  }

  it("RFC 4231 case 5: the first 128 bits match the truncated output", () => {
    const mac = hmac(fromHex("0c".repeat(20)), utf8("Test With Truncation"))
    assert.strictEqual(mac.slice(0, 32), "a3b6167473100ee06e0c796c2955552b")
  })

  it("reproduces the signature of Allo's signed v2 fixture", () => {
    const fixture = fixtures.webhook_v2_call_received_signed
    const headers = fixture.delivery.headers
    const secret = Buffer.from(fixture.signing_secret.slice("whsec_".length), "base64")
    const content = utf8(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${fixture.delivery.raw_body}`)
    const signature = Buffer.from(hmacSha256(hmacKey(new Uint8Array(secret)), content)).toString("base64")
    assert.strictEqual(`v1,${signature}`, headers["webhook-signature"])
  })

  it("agrees with node:crypto for every message length 0–300 and keys of 0–130 bytes", () => {
    for (let length = 0; length <= 300; length++) {
      const key = new Uint8Array(randomBytes(length % 131))
      const data = new Uint8Array(randomBytes(length))
      assert.strictEqual(hmac(key, data), createHmac("sha256", key).update(data).digest("hex"), `length ${length}`)
      assert.strictEqual(hex(sha256(data)), createHash("sha256").update(data).digest("hex"), `sha256 length ${length}`)
    }
  })

  it("agrees with node:crypto on large and multi-byte messages, reusing one prepared key", () => {
    const key = new Uint8Array(randomBytes(32))
    const prepared = hmacKey(key)
    for (const size of [1_000, 4_095, 4_096, 65_537, 1_000_000]) {
      const data = new Uint8Array(randomBytes(size))
      assert.strictEqual(hex(hmacSha256(prepared, data)), createHmac("sha256", key).update(data).digest("hex"))
    }
    const text = utf8("Appel reçu de +33 6 12 34 56 78 — résumé: ☎️ rappeler demain")
    assert.strictEqual(hex(hmacSha256(prepared, text)), createHmac("sha256", key).update(text).digest("hex"))
  })

  it("agrees with Web Crypto's HMAC", async () => {
    const key = new Uint8Array(randomBytes(24))
    const data = new Uint8Array(randomBytes(777))
    const imported = await globalThis.crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
    const expected = new Uint8Array(await globalThis.crypto.subtle.sign("HMAC", imported, data))
    assert.strictEqual(hmac(key, data), hex(expected))
  })
})
