// Mutation testing of the modules whose behaviour users rely on most: the
// client core, the retry policy, Retry-After parsing, answer classification,
// endpoint argument decoding, pagination and webhook signatures.
// `npm run test:mutation`; the HTML report lands in reports/mutation/.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: [
    "src/WithalloClient.ts",
    "src/Endpoint.ts",
    "src/Pagination.ts",
    "src/internal/classify.ts",
    "src/internal/errorBody.ts",
    "src/internal/retry.ts",
    "src/internal/retryAfter.ts",
    "src/internal/request.ts",
    "src/webhooks/signature.ts"
  ],
  coverageAnalysis: "perTest",
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: ".tmp/stryker",
  cleanTempDir: "always"
}
