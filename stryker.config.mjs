// Mutation testing of the modules whose behaviour users rely on most: the
// client core, the retry policy, Retry-After parsing, pagination, webhook
// signatures, endpoint argument decoding and error bodies (mutation.groups.mjs).
// `npm run test:mutation` runs the groups one after the other and prints each
// group's score; `MUTATION_GROUP=retry npx stryker run` runs one. Survivors
// and scores: test/MUTATION.md.
import { groups, selected } from "./mutation.groups.mjs"

const group = selected()
const report = group === undefined ? "mutation" : group.name

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // Forks, as in `npm test`: a test may set process.env.TZ, which a worker thread ignores.
  vitest: { configFile: "vitest.mutation.config.ts", pool: "forks" },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: group === undefined ? Object.values(groups).flatMap((g) => g.mutate) : group.mutate,
  coverageAnalysis: process.env.MUTATION_COVERAGE ?? "perTest",
  // The machine is shared: two runners, whatever the core count.
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: `reports/mutation/${report}.html` },
  jsonReporter: { fileName: `reports/mutation/${report}.json` },
  thresholds: { high: 90, low: 85, break: null },
  // Build output, reports and scratch files are no input to any test: not copied to the sandbox.
  ignorePatterns: ["/.tmp", "/dist", "/coverage", "/reports"],
  tempDirName: ".tmp/stryker",
  cleanTempDir: "always"
}
