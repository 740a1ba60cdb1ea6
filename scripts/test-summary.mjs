// Prints vitest's result as one plain closing line: "tests: N passed, N failed, N skipped".
import { existsSync, readFileSync } from "node:fs"

// `npm run test:messages` (the long Messages proofs) writes its own report beside `npm test`'s; both count.
const files = ["../.tmp/vitest-report.json", "../.tmp/vitest-report-messages.json"]
  .map((name) => new URL(name, import.meta.url))
  .filter((url) => existsSync(url))
const reports = files.map((url) => JSON.parse(readFileSync(url, "utf8")))
const sum = (field) => reports.reduce((n, report) => n + report[field], 0)
const skipped = sum("numPendingTests") + sum("numTodoTests")
console.log(`tests: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`)
