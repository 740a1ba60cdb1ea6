// The modules under mutation testing, in groups that are scored on their own
// (test/MUTATION.md), each with the suites that exercise it. A group's
// mutants run against its suites only: a mutant in a module-level constant
// (a regular expression, a limit) is "static" and reruns every test it could
// reach, so a narrow suite is what keeps a group's run in minutes.
// Used by stryker.config.mjs and vitest.mutation.config.ts through
// `MUTATION_GROUP`; `npm run test:mutation` (scripts/mutation.mjs) runs each
// group in turn.
export const groups = {
  core: {
    mutate: ["src/WithalloClient.ts", "src/internal/classify.ts", "src/internal/request.ts"],
    tests: [
      "test/WithalloClient.test.ts",
      "test/core/classify.test.ts",
      "test/core/client.test.ts",
      "test/core/options.test.ts",
      "test/core/backoff.test.ts",
      "test/retry.test.ts",
      "test/timeouts.test.ts",
      "test/observability.test.ts"
    ]
  },
  retry: {
    mutate: ["src/internal/retry.ts"],
    tests: ["test/retry.test.ts", "test/core/backoff.test.ts", "test/observability.test.ts"]
  },
  retryAfter: {
    mutate: ["src/internal/retryAfter.ts"],
    tests: ["test/core/retryAfter.test.ts", "test/core/classify.test.ts", "test/retry.test.ts"]
  },
  pagination: {
    mutate: ["src/Pagination.ts"],
    tests: ["test/Pagination.test.ts", "test/PaginationEdges.test.ts", "test/services/streams.test.ts"]
  },
  signature: {
    mutate: ["src/webhooks/signature.ts", "src/webhooks/secret.ts", "src/webhooks/crypto/*.ts"],
    tests: [
      "test/webhooks/signature*.test.ts",
      "test/webhooks/cryptoProvider.test.ts",
      "test/webhooks/hmacSha256.test.ts",
      "test/webhooks/failClosed.test.ts"
    ]
  },
  endpoint: {
    mutate: ["src/Endpoint.ts"],
    tests: ["test/core/Endpoint*.test.ts", "test/services/**/*.test.ts", "test/browser/server.test.ts", "test/browser/routes.test.ts"]
  },
  errorBody: {
    mutate: ["src/internal/errorBody.ts"],
    tests: ["test/core/classify.test.ts", "test/core/errorBody.test.ts", "test/WithalloClient.test.ts"]
  }
}

/** The group named by `MUTATION_GROUP`, or `undefined` for all of them at once. */
export const selected = () => {
  const name = process.env.MUTATION_GROUP
  if (name === undefined || name === "") return undefined
  const group = groups[name]
  if (group === undefined) throw new Error(`MUTATION_GROUP=${name}: not one of ${Object.keys(groups).join(", ")}`)
  return { name, ...group }
}
