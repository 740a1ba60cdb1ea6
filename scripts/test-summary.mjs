// Prints vitest's results as one plain closing line: "tests: N passed, N failed, N skipped",
// summed over the JSON reports named on the command line (default: `npm test`'s).
import { readFileSync } from "node:fs"

const files = process.argv.length > 2 ? process.argv.slice(2) : [".tmp/vitest-report.json"]
const root = new URL("../", import.meta.url)
const total = { passed: 0, failed: 0, skipped: 0 }
for (const file of files) {
  const report = JSON.parse(readFileSync(new URL(file, root), "utf8"))
  total.passed += report.numPassedTests
  total.failed += report.numFailedTests
  total.skipped += report.numPendingTests + report.numTodoTests
}
console.log(`tests: ${total.passed} passed, ${total.failed} failed${total.skipped > 0 ? `, ${total.skipped} skipped` : ""}`)
