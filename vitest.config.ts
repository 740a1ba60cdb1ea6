import { fileURLToPath } from "node:url"
import { configDefaults, defineConfig } from "vitest/config"

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

export default defineConfig({
  resolve: {
    alias: [
      { find: /^effect-withallo\/testing$/, replacement: src("testing/index.ts") },
      { find: /^effect-withallo\/node$/, replacement: src("node/index.ts") },
      { find: /^effect-withallo\/pglite$/, replacement: src("pglite/index.ts") },
      { find: /^effect-withallo\/browser$/, replacement: src("browser/index.ts") },
      { find: /^effect-withallo\/react$/, replacement: src("react/index.ts") },
      { find: /^effect-withallo$/, replacement: src("index.ts") }
    ]
  },
  test: {
    include: ["test/**/*.test.{ts,tsx}", "examples/testing-your-code.ts"],
    // The long Messages proofs (crash kills, two replicas, 1,000 messages) run with `npm run test:messages`.
    exclude: [...configDefaults.exclude, ...(process.env.WITHALLO_HEAVY_TESTS === "1" ? [] : ["test/**/*.heavy.test.ts"])],
    testTimeout: 30_000,
    // A passing run is quiet: what a test logs (a receiver warning about the forged deliveries a
    // test sends on purpose, say) is printed only for the tests that fail, where it helps.
    silent: "passed-only",
    hookTimeout: 30_000,
    globalSetup: ["test/cli/setup.ts"],
    // The JSON report lets CI print a plain "N passed, N failed" closing line.
    reporters: [
      "default",
      ["json", { outputFile: process.env.WITHALLO_HEAVY_TESTS === "1" ? ".tmp/vitest-report-messages.json" : ".tmp/vitest-report.json" }]
    ],
    pool: "forks",
    // Files share their worker's module graph (effect, the SDK) instead of re-importing it per
    // file: about half the suite's wall time. Tests keep no state in modules; a file that must
    // is run alone with VITEST_ISOLATE=1 to check.
    isolate: process.env.VITEST_ISOLATE === "1",
    maxWorkers: 2
  }
})
