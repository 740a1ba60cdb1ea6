/**
 * Target 3 — webhook ingest on one core. Ours: `WebhookReceiver.verify` +
 * `WebhookEvent.decode` of a signed v2 delivery, and decode alone of the v1
 * `CALL_RECEIVED` fixture. Baseline for both: `JSON.parse` + a plain
 * node:crypto HMAC check (constant-time compare) of the same bytes. For the
 * record, the pre-fix path (Web Crypto HMAC, asynchronous) is measured too.
 */
import { createHmac, timingSafeEqual } from "node:crypto"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import * as Effect from "effect/Effect"
import { WebhookEvent, WebhookReceiver } from "effect-withallo"
import { log, median, report, rounds, type Row } from "./lib.js"

const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 300)
const root = process.env.BENCH_ROOT ?? process.cwd()
const fixtures = JSON.parse(readFileSync(join(root, "test", "fixtures", "withallo-examples.json"), "utf8"))

const v2 = fixtures.webhook_v2_call_received_signed
const secret: string = v2.signing_secret
const v2Body: string = v2.delivery.raw_body
const v1Body: string = JSON.stringify(fixtures.webhook_v1_call_received.body)
const secretBytes = Buffer.from(secret.slice("whsec_".length), "base64")

/** Operations per second of a synchronous function, over the window. */
const opsPerSecond = (once: () => void): number => {
  let n = 0
  const start = performance.now()
  const deadline = start + WINDOW_MS
  while (performance.now() < deadline) {
    for (let i = 0; i < 100; i++) once()
    n += 100
  }
  return n / ((performance.now() - start) / 1000)
}

/** As {@link opsPerSecond}, for an Effect run in batches inside one fiber. */
const effectOpsPerSecond = (once: Effect.Effect<unknown, unknown>): number =>
  Effect.runSync(Effect.gen(function*() {
    let n = 0
    const start = performance.now()
    const deadline = start + WINDOW_MS
    while (performance.now() < deadline) {
      for (let i = 0; i < 100; i++) yield* once
      n += 100
    }
    return n / ((performance.now() - start) / 1000)
  }))

const asyncOpsPerSecond = async (once: () => Promise<unknown>): Promise<number> => {
  let n = 0
  const start = performance.now()
  const deadline = start + WINDOW_MS
  while (performance.now() < deadline) {
    for (let i = 0; i < 100; i++) await once()
    n += 100
  }
  return n / ((performance.now() - start) / 1000)
}

const baselineCheck = (body: string, headers: Record<string, string>) => {
  const expected = createHmac("sha256", secretBytes)
    .update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.`)
    .update(body)
    .digest()
  const given = Buffer.from(headers["webhook-signature"]!.slice(3), "base64")
  if (!(given.length === expected.length && timingSafeEqual(given, expected))) throw new Error("baseline: bad signature")
  return JSON.parse(body)
}

const main = async () => {
  // Signed now, so the ±5 min tolerance holds against the real clock.
  const headers = await Effect.runPromise(
    WebhookReceiver.sign({ id: v2.delivery.headers["webhook-id"], timestamp: new Date(), body: v2Body, secret })
  )
  const v1Headers = await Effect.runPromise(
    WebhookReceiver.sign({ id: "msg_v1_fixture", timestamp: new Date(), body: v1Body, secret })
  )
  const oursV2 = Effect.andThen(WebhookReceiver.verify({ body: v2Body, headers, secret }), WebhookEvent.decode(v2Body))
  const oursV1 = WebhookEvent.decode(v1Body)
  // The path before this change: Web Crypto's asynchronous HMAC per delivery
  // (key imported once), then the same decode.
  const webKey = await globalThis.crypto.subtle.importKey("raw", secretBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
  const encoder = new TextEncoder()
  const webCryptoV2 = async () => {
    const digest = await globalThis.crypto.subtle.sign(
      "HMAC",
      webKey,
      encoder.encode(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${v2Body}`)
    )
    if (new Uint8Array(digest).length !== 32) throw new Error("digest")
    return Effect.runSync(WebhookEvent.decode(v2Body))
  }
  // Sanity: both decode.
  Effect.runSync(oursV2)
  Effect.runSync(oursV1)
  baselineCheck(v2Body, headers)
  baselineCheck(v1Body, v1Headers)

  const n = rounds(9)
  const perRound: Array<{ v2: number; v2Base: number; v1: number; v1Base: number; webCrypto: number }> = []
  for (let i = 0; i < 3; i++) {
    effectOpsPerSecond(oursV2)
    opsPerSecond(() => baselineCheck(v2Body, headers))
    effectOpsPerSecond(oursV1)
    await asyncOpsPerSecond(webCryptoV2)
  }
  for (let round = 0; round < n; round++) {
    const v2Ours = effectOpsPerSecond(oursV2)
    const v2Base = opsPerSecond(() => baselineCheck(v2Body, headers))
    const v1Ours = effectOpsPerSecond(oursV1)
    const v1Base = opsPerSecond(() => baselineCheck(v1Body, v1Headers))
    const webCrypto = await asyncOpsPerSecond(webCryptoV2)
    perRound.push({ v2: v2Ours, v2Base, v1: v1Ours, v1Base, webCrypto })
    log(`webhook round ${round + 1}/${n}:`, JSON.stringify(perRound.at(-1)))
  }
  const rows: Array<Row> = [
    {
      suite: "webhook",
      name: `v2 verify + decode (${v2Body.length} B)`,
      unit: "deliveries/s",
      ours: median(perRound.map((r) => r.v2)),
      baseline: median(perRound.map((r) => r.v2Base)),
      baselineName: "JSON.parse + node:crypto HMAC",
      ratio: median(perRound.map((r) => r.v2 / r.v2Base)),
      target: "≥ 0.5×",
      met: median(perRound.map((r) => r.v2 / r.v2Base)) >= 0.5,
      note: `before (Web Crypto HMAC + decode): ${Math.round(median(perRound.map((r) => r.webCrypto)))}/s = ${
        median(perRound.map((r) => r.webCrypto / r.v2Base)).toFixed(3)
      }× the baseline`,
      rounds: perRound
    },
    {
      suite: "webhook",
      name: `v1 CALL_RECEIVED decode (${v1Body.length} B)`,
      unit: "deliveries/s",
      ours: median(perRound.map((r) => r.v1)),
      baseline: median(perRound.map((r) => r.v1Base)),
      baselineName: "JSON.parse + node:crypto HMAC",
      ratio: median(perRound.map((r) => r.v1 / r.v1Base)),
      target: "≥ 0.5×",
      met: median(perRound.map((r) => r.v1 / r.v1Base)) >= 0.5
    }
  ]
  report(rows)
}

await main()
