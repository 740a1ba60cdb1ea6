import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"
import { groups, selected } from "./mutation.groups.mjs"

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url))
const group = selected()

// The suites that exercise the mutated modules (mutation.groups.mjs): those of
// the group named by MUTATION_GROUP, else all of them. The slow end-to-end
// suites (CLI, chaos, Redis) add time, not kills.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^effect-withallo\/testing$/, replacement: src("testing/index.ts") },
      { find: /^effect-withallo\/node$/, replacement: src("node/index.ts") },
      { find: /^effect-withallo$/, replacement: src("index.ts") }
    ]
  },
  test: {
    include: group === undefined ? [...new Set(Object.values(groups).flatMap((g) => g.tests))] : group.tests,
    testTimeout: 30_000,
    pool: "forks"
  }
})
