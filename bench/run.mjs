// `npm run bench [suite…]`: measures the package **as users install it**:
// `npm pack`, the tarball installed into a temporary consumer folder, and the
// TypeScript bench suites bundled with esbuild there (`effect-withallo`,
// `effect` and the SQL drivers all resolved from the consumer's node_modules,
// never from src/). Each suite runs in its own Node process; prints a results
// table and writes bench/results.json (git-ignored).
//
// Suites: bundle, webhook, overhead, export, memory, messages. BENCH_ROUNDS=n overrides
// each suite's number of interleaved rounds.
import { spawn } from "node:child_process"
import { mkdirSync, writeFileSync } from "node:fs"
import os from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { build } from "esbuild"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const outdir = join(root, ".tmp", "bench")
const ALL = ["bundle", "webhook", "overhead", "export", "memory", "messages"]
const wanted = process.argv.slice(2)
const suites = wanted.length === 0 ? ALL : ALL.filter((s) => wanted.includes(s))
// `npm run bench -- profile`: only builds bench/profile.ts (a CPU-profiling aid, see its header).
const profileOnly = wanted.length === 1 && wanted[0] === "profile"
if (suites.length === 0 && !profileOnly) {
  console.error(`unknown suite(s) ${wanted.join(", ")}; choose from ${ALL.join(", ")}`)
  process.exit(2)
}

// The packed tarball in a fresh consumer (test/support/packed.ts, bundled on
// the fly: this script is plain Node).
mkdirSync(outdir, { recursive: true })
await build({
  entryPoints: [join(root, "test", "support", "packed.ts")],
  outfile: join(outdir, "packed.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  logLevel: "warning"
})
const { installConsumer, installedVersion } = await import(join(outdir, "packed.mjs"))
console.error("[bench] packing the package and installing it into a temporary consumer…")
const consumer = installConsumer("bench", {
  dependencies: {
    "@effect/sql-pg": installedVersion("@effect/sql-pg"),
    "@electric-sql/pglite": installedVersion("@electric-sql/pglite")
  }
})
process.on("exit", () => consumer.remove())
const installedDist = join(consumer.dir, "node_modules", "effect-withallo", "dist")

// Every import of the SDK, of effect and of the drivers resolves in the
// consumer, so the suites and the package share one copy of effect, as in a
// user's program. The few internals a suite measures alone (`../src/X.js`:
// the decode figure's page schema) are taken from the installed dist/X.js,
// which keeps src/'s module layout.
const fromConsumer = {
  name: "effect-withallo-installed",
  setup(b) {
    b.onResolve({ filter: /^(effect|effect-withallo|@effect\/sql-pg|@effect\/sql)(\/.*)?$/ }, async (args) => {
      if (args.pluginData === "consumer") return undefined
      const result = await b.resolve(args.path, { kind: args.kind, resolveDir: consumer.dir, pluginData: "consumer" })
      return result.errors.length > 0 ? { errors: result.errors } : { path: result.path }
    })
    b.onResolve({ filter: /^\.\.\/src\// }, (args) => {
      if (!args.importer.startsWith(join(root, "bench"))) return undefined
      return { path: join(installedDist, args.path.slice("../src/".length)) }
    })
  }
}

await build({
  entryPoints: [...suites, "fakeServer", "profile", ...(suites.includes("memory") ? ["memoryWorker"] : [])].map((name) => join(root, "bench", `${name}.ts`)),
  outdir,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  sourcemap: "linked",
  // PGlite loads its WebAssembly and data files from beside its own module, so
  // it stays a run-time import (the same version as the consumer's).
  external: ["esbuild", "@electric-sql/pglite"],
  plugins: [fromConsumer],
  // Bundled CommonJS dependencies call require().
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: "warning"
})

if (profileOnly) {
  process.removeAllListeners("exit")
  console.error(`(the installed package stays in ${consumer.dir})`)
  console.error("built .tmp/bench/profile.mjs: PROFILE_WHO=ours|floor PROFILE_ENDPOINT=list|search node --cpu-prof --cpu-prof-dir=.tmp/prof .tmp/bench/profile.mjs")
  process.exit(0)
}

const runSuite = (name) =>
  new Promise((resolve) => {
    const started = Date.now()
    const child = spawn(process.execPath, [join(outdir, `${name}.mjs`)], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, BENCH_ROOT: root }
    })
    let out = ""
    child.stdout.on("data", (chunk) => {
      out += chunk.toString()
    })
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("RESULT "))
      const rows = line === undefined ? [] : JSON.parse(line.slice(7))
      console.error(`[bench] ${name}: ${rows.length} figure(s) in ${((Date.now() - started) / 1000).toFixed(1)} s (exit ${code})`)
      resolve({ name, code, rows })
    })
  })

const results = []
for (const suite of suites) {
  console.error(`[bench] running ${suite}…`)
  results.push(await runSuite(suite))
}

const fmt = (x) =>
  typeof x !== "number" || !Number.isFinite(x)
    ? "—"
    : Math.abs(x) >= 1000
    ? Math.round(x).toLocaleString("en-US")
    : Math.abs(x) >= 10
    ? x.toFixed(1)
    : x.toFixed(3)
const rows = results.flatMap((r) => r.rows)
const table = [
  ["suite", "figure", "unit", "ours", "baseline", "ratio", "target", "met"],
  ...rows.map((r) => [
    r.suite,
    r.name,
    r.unit,
    fmt(r.ours),
    `${fmt(r.baseline)} (${r.baselineName})`,
    `${r.ratio.toFixed(3)}×`,
    r.target,
    r.met === undefined ? "—" : r.met ? "yes" : "NO"
  ])
]
const widths = table[0].map((_, i) => Math.max(...table.map((row) => String(row[i]).length)))
for (const [i, row] of table.entries()) {
  console.log(row.map((cell, j) => String(cell).padEnd(widths[j])).join("  "))
  if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "))
}
for (const r of rows) if (r.note) console.log(`  ${r.suite}/${r.name}: ${r.note}`)

writeFileSync(
  join(root, "bench", "results.json"),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      suites: results.map((r) => ({ name: r.name, exitCode: r.code })),
      rows
    },
    null,
    2
  ) + "\n"
)
process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0
