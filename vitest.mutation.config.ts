import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

// The suites that exercise the mutated modules (stryker.config.mjs); the
// slow end-to-end suites (CLI, chaos, Redis) add time, not kills.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^effect-withallo\/testing$/, replacement: src("testing/index.ts") },
      { find: /^effect-withallo\/node$/, replacement: src("node/index.ts") },
      { find: /^effect-withallo$/, replacement: src("index.ts") }
    ]
  },
  test: {
    include: [
      "test/core/**/*.test.ts",
      "test/retry.test.ts",
      "test/WithalloClient.test.ts",
      "test/Pagination.test.ts",
      "test/timeouts.test.ts",
      "test/observability.test.ts",
      "test/services/**/*.test.ts",
      "test/webhooks/signature*.test.ts"
    ],
    testTimeout: 30_000,
    pool: "forks"
  }
})
