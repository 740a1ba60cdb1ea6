import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const src = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url))

// `npm run test:browser`: the React dashboard example in headless Chromium
// (Debian's, driven by playwright-core) against the HTTP fake of Allo. Not
// part of `npm test`: it needs the chromium binary.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^effect-withallo\/testing$/, replacement: src("testing/index.ts") },
      { find: /^effect-withallo\/node$/, replacement: src("node/index.ts") },
      { find: /^effect-withallo\/browser$/, replacement: src("browser/index.ts") },
      { find: /^effect-withallo\/react$/, replacement: src("react/index.ts") },
      { find: /^effect-withallo$/, replacement: src("index.ts") }
    ]
  },
  test: {
    root: fileURLToPath(new URL("..", import.meta.url)),
    include: ["test-browser/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ["default", ["json", { outputFile: ".tmp/vitest-browser-report.json" }]],
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false
  }
})
