import { defineConfig } from "vitest/config"

// `npm run test:runtimes`: the packed package on every runtime it claims
// (README "Runs on"). Not part of `npm test`: it installs the runtimes from
// npm (and needs Debian's chromium), which takes minutes.
export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["test-runtimes/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 900_000,
    reporters: ["default", ["json", { outputFile: ".tmp/vitest-runtimes-report.json" }]],
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false
  }
})
