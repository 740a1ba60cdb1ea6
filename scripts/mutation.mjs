// `npm run test:mutation [group…]`: runs Stryker once per group of
// mutation.groups.mjs (all groups when none is named), one after the other,
// then prints each group's and each file's mutation score and the surviving
// mutants. Reports: reports/mutation/<group>.html and .json.
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync, rmSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { groups } from "../mutation.groups.mjs"

const root = fileURLToPath(new URL("..", import.meta.url))
const stryker = fileURLToPath(new URL("../node_modules/@stryker-mutator/core/bin/stryker.js", import.meta.url))
const names = process.argv.slice(2)
for (const name of names) {
  if (!(name in groups)) {
    console.error(`unknown group ${name}: one of ${Object.keys(groups).join(", ")}`)
    process.exit(2)
  }
}

/** Stryker's score: detected (killed, timed out) over valid (detected, survived, not covered). */
const score = (mutants) => {
  const count = (...statuses) => mutants.filter((m) => statuses.includes(m.status)).length
  const detected = count("Killed", "Timeout")
  const valid = detected + count("Survived", "NoCoverage")
  return { detected, valid, percent: valid === 0 ? 100 : (100 * detected) / valid }
}
const line = (label, s) => `${label.padEnd(34)} ${s.percent.toFixed(1).padStart(6)}%  (${s.detected}/${s.valid})`

const summary = []
let failed = false
for (const name of names.length > 0 ? names : Object.keys(groups)) {
  const report = `${root}reports/mutation/${name}.json`
  rmSync(report, { force: true })
  console.log(`\n=== mutation group ${name}: ${groups[name].mutate.join(", ")}`)
  const run = spawnSync(process.execPath, [stryker, "run"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, MUTATION_GROUP: name }
  })
  if (run.status !== 0 || !existsSync(report)) {
    failed = true
    summary.push(`${name}: Stryker failed (exit ${run.status})`)
    continue
  }
  const files = JSON.parse(readFileSync(report, "utf8")).files
  const all = Object.values(files).flatMap((f) => f.mutants)
  summary.push(line(name, score(all)))
  for (const [file, { mutants }] of Object.entries(files)) {
    summary.push(line(`  ${file}`, score(mutants)))
    for (const m of mutants.filter((m) => m.status === "Survived" || m.status === "NoCoverage")) {
      summary.push(`    ${m.status} ${m.mutatorName} at ${m.location.start.line}:${m.location.start.column}: ${m.replacement ?? ""}`.slice(0, 160))
    }
  }
}
console.log(`\n=== mutation scores\n${summary.join("\n")}`)
process.exit(failed ? 1 : 0)
