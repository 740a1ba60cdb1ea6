/**
 * Bundle size of two consumers, esbuild --bundle --minify then gzip: one that
 * sends an SMS with only the SMS service and the client core, and one that
 * uses `Withallo.layer`.
 */
import { build } from "esbuild"
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { gzipSync } from "node:zlib"

const consumers = {
  "sms-only": `
import { Effect, Layer, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import { Sms, WithalloClient } from "effect-withallo"
const layer = Sms.layer.pipe(
  Layer.provide(WithalloClient.layer({ apiKey: Redacted.make("ak_live_x") })),
  Layer.provide(FetchHttpClient.layer)
)
Effect.runPromise(Sms.use((s) => s.send({ from: "+14155550100", to: "+14155550199", message: "hi" })).pipe(Effect.provide(layer)))
`,
  "withallo-layer": `
import { Effect, Layer, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import { Sms, Withallo } from "effect-withallo"
const layer = Withallo.layer({ apiKey: Redacted.make("ak_live_x") }).pipe(Layer.provide(FetchHttpClient.layer))
Effect.runPromise(Sms.use((s) => s.send({ from: "+14155550100", to: "+14155550199", message: "hi" })).pipe(Effect.provide(layer)))
`
}

export interface BundleResult {
  readonly name: string
  readonly minified: number
  readonly gzipped: number
  readonly targetKb: number
}

export const measureBundles = async (root: string): Promise<ReadonlyArray<BundleResult>> => {
  const dir = join(root, ".tmp", "bench-bundle")
  mkdirSync(dir, { recursive: true })
  const out: Array<BundleResult> = []
  for (const [name, source] of Object.entries(consumers)) {
    const entry = join(dir, `${name}.ts`)
    writeFileSync(entry, source)
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      write: false,
      format: "esm",
      platform: "neutral",
      mainFields: ["module", "main"],
      alias: { "effect-withallo": join(root, "src", "index.ts") },
      nodePaths: [join(root, "node_modules")],
      logLevel: "silent"
    })
    const code = result.outputFiles[0]!.contents
    out.push({
      name,
      minified: code.byteLength,
      gzipped: gzipSync(code).byteLength,
      targetKb: name === "sms-only" ? 60 : 90
    })
  }
  return out
}
