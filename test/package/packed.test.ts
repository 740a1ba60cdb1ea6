/**
 * The package as users install it (`npm pack`, installed into a fresh
 * folder): its modules have no side effects, a bundler drops the services a
 * program does not use, the bin runs, and a library that emits declarations
 * can name every type it gets from the SDK.
 */
import { build } from "esbuild"
import { execFileSync, spawnSync } from "node:child_process"
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"
import { gzipSync } from "node:zlib"
import { rollup } from "rollup"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Consumer, installConsumer, installedVersion, root } from "../support/packed.js"
import { perModuleImports, smsOnly, withalloLayer } from "./consumers.js"

const walk = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]
  )

let consumer: Consumer
beforeAll(() => {
  consumer = installConsumer("package", {
    dependencies: { "@types/node": installedVersion("@types/node") },
    files: { "library.ts": readFileSync(join(root, "test", "package", "library.ts"), "utf8") }
  })
}, 300_000)
afterAll(() => consumer?.remove())

const bundle = async (source: string) => {
  const result = await build({
    stdin: { contents: source, loader: "ts", resolveDir: consumer.dir },
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    logLevel: "silent"
  })
  const inputs = Object.keys(Object.values(result.metafile.outputs)[0]!.inputs)
  return { inputs, gzipped: gzipSync(result.outputFiles[0]!.contents).byteLength, metafile: result.metafile }
}

/** The package's own modules in a bundle, as paths below dist/. */
const sdkModules = (inputs: ReadonlyArray<string>) =>
  inputs.flatMap((path) => {
    const match = /node_modules\/effect-withallo\/dist\/(.*)$/.exec(path)
    return match === null ? [] : [match[1]!]
  })

/** What tsc printed when it failed; "" when it succeeded. */
const diagnostics = (args: ReadonlyArray<string>): string => {
  const run = spawnSync(process.execPath, args, { cwd: consumer.dir, encoding: "utf8" })
  return run.status === 0 ? "" : `${run.stdout}${run.stderr}`
}

describe("the packed package", () => {
  it("has one ESM, CommonJS and declaration module per source module, and its license", () => {
    const dist = consumer.path("node_modules/effect-withallo/dist")
    const files = new Set(walk(dist).map((f) => relative(dist, f)))
    const sources = walk(join(root, "src"))
      .map((f) => relative(join(root, "src"), f))
      .filter((f) => f.endsWith(".ts") && !f.startsWith("cli/"))
    expect(sources.length).toBeGreaterThan(50)
    const missing = sources.flatMap((source) =>
      [".js", ".cjs", ".d.ts", ".d.cts"].map((ext) => source.replace(/\.ts$/, ext)).filter((f) => !files.has(f))
    )
    expect(missing).toEqual([])
    expect(walk(consumer.dir).some((f) => f.endsWith("effect-withallo/LICENSE"))).toBe(true)
  })

  const OPTIONAL_PEERS = ["@electric-sql/pglite", "@effect/sql-pg", "@effect/sql-pg/*", "react"]
  const OPTIONAL_PEER_IMPORT = /import(?:\*as \w+ from|\{[^}]*\}from)?"(?:@electric-sql\/pglite|@effect\/sql-pg|react)[^"]*";/g
  it("has no module with side effects: each, imported for its effects alone, bundles to nothing (esbuild)", async () => {
    // A copy outside the package, so its `sideEffects: false` cannot hide
    // anything: esbuild then keeps whatever top-level code it cannot prove
    // pure. Imports of Node built-ins (node:http) are the only thing left.
    const copy = consumer.path("proof")
    cpSync(consumer.path("node_modules/effect-withallo/dist"), copy, { recursive: true })
    writeFileSync(join(copy, "package.json"), JSON.stringify({ type: "module" }))
    const modules = walk(copy).filter((f) => f.endsWith(".js") && !f.includes("/cli/"))
    const result = await build({
      entryPoints: modules.map((path) => ({ in: `proof:${path}`, out: relative(copy, path).replace(/\.js$/, "") })),
      outdir: consumer.path("proof-out"),
      bundle: true,
      minify: true,
      write: false,
      format: "esm",
      platform: "node",
      logLevel: "silent",
      // The optional peers (the Messages stores', React for effect-withallo/react) are not installed in this consumer.
      external: OPTIONAL_PEERS,
      plugins: [{
        name: "import-for-effects",
        setup(b) {
          b.onResolve({ filter: /^proof:/ }, (args) => ({ path: args.path.slice(6), namespace: "proof" }))
          b.onLoad({ filter: /.*/, namespace: "proof" }, (args) => ({
            contents: `import ${JSON.stringify(args.path)}`,
            resolveDir: consumer.dir
          }))
        }
      }]
    })
    const leftovers = result.outputFiles
      .map((file) => [relative(consumer.path("proof-out"), file.path), file.text.replace(/import\*as \w+ from"node:\w+";/g, "").replace(OPTIONAL_PEER_IMPORT, "").trim()])
      .filter(([, code]) => code !== "")
      .map(([file, code]) => `${file}: ${code!.slice(0, 200)}`)
    expect(modules.length).toBeGreaterThan(50)
    expect(leftovers).toEqual([])
  }, 120_000)

  it("has no module with side effects for Rollup (Vite's production bundler) either", async () => {
    // The same proof with Rollup's defaults: each module an entry with side
    // effects of its own, effect external and free of side effects.
    const dist = consumer.path("node_modules/effect-withallo/dist")
    const modules = walk(dist).filter((f) => f.endsWith(".js") && !f.includes("/cli/"))
    const leftovers: Array<string> = []
    for (const module of modules) {
      const bundle = await rollup({
        input: module,
        external: (id) => !id.startsWith(".") && !id.startsWith("/"),
        treeshake: { moduleSideEffects: (_id, external) => !external },
        preserveEntrySignatures: false,
        onwarn: () => undefined
      })
      const { output } = await bundle.generate({ format: "es" })
      const code = output[0].code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^import .*$/gm, "").trim()
      if (code !== "") leftovers.push(`${relative(dist, module)}: ${code.slice(0, 200)}`)
    }
    expect(modules.length).toBeGreaterThan(50)
    expect(leftovers).toEqual([])
  }, 120_000)

  it("bundles only the SMS service for a program that provides only Sms.layer", async () => {
    const sms = await bundle(perModuleImports + smsOnly)
    const all = await bundle(perModuleImports + withalloLayer)
    const sdk = sdkModules(sms.inputs)
    expect(sdk).toContain("services/Sms.js")
    const otherServices = sdk.filter((m) =>
      /(^services\/(?!Sms\.js))|Calls|Conversation|Contact|PhoneNumber|Webhook|Users|Me\.js|Tag/.test(m)
    )
    expect(otherServices).toEqual([])
    // Withallo.layer does include them, and costs more.
    expect(sdkModules(all.inputs)).toEqual(expect.arrayContaining(["services/Calls.js", "services/Conversations.js"]))
    expect(sms.gzipped).toBeLessThan(all.gzipped)
  }, 60_000)

  it("runs the withallo bin, with no dependency but effect installed", () => {
    // npm installed nothing for the package but its effect peer (@types/node is the consumer's own).
    const installed = readdirSync(consumer.path("node_modules")).filter((name) => !name.startsWith("."))
    expect(installed.filter((name) => !["@types", "undici-types"].includes(name)).sort()).toEqual(["effect", "effect-withallo"])
    const out = execFileSync(consumer.path("node_modules/.bin/withallo"), ["--version"], { cwd: consumer.dir })
    expect(out.toString()).toContain("0.1.0")
    const sent = execFileSync(
      consumer.path("node_modules/.bin/withallo"),
      ["--mock", "--json", "sms", "send", "--from", "+14155550100", "--to", "+14155550199", "--message", "packed"],
      { cwd: consumer.dir }
    )
    expect(JSON.parse(sent.toString())).toMatchObject({ to_number: "+14155550199", content: "packed" })
  }, 60_000)

  for (const module of ["nodenext", "bundler"] as const) {
    it(`compiles a library that emits declarations (TypeScript ${installedVersion("typescript")}, module ${module})`, () => {
      const tsc = join(root, "node_modules", "typescript", "bin", "tsc")
      const args = [
        tsc, "--declaration", "--emitDeclarationOnly", "--strict", "--skipLibCheck", "--target", "es2022",
        "--module", module === "nodenext" ? "nodenext" : "preserve", "--moduleResolution", module,
        "--types", "node", "--outDir", consumer.path(`types-${module}`), consumer.path("library.ts")
      ]
      expect(diagnostics(args)).toBe("")
      // Every type is named through a public entry, never a file of dist/.
      expect(readFileSync(consumer.path(`types-${module}/library.d.ts`), "utf8")).not.toMatch(/dist\//)
    }, 120_000)
  }
})
