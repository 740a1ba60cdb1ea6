// `node bench/profile-summary.mjs <file.cpuprofile> [n]`: self time by
// function (name and source position), the top n (40), for bench/profile.ts.
import { readFileSync } from "node:fs"

const [file, n = "40"] = process.argv.slice(2)
const profile = JSON.parse(readFileSync(file, "utf8"))
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const self = new Map()
const dt = profile.timeDeltas
let total = 0
for (let i = 0; i < profile.samples.length; i++) {
  const node = byId.get(profile.samples[i])
  const { functionName, url, lineNumber } = node.callFrame
  const key = `${functionName || "(anonymous)"} ${url.replace(/^.*\//, "")}:${lineNumber + 1}`
  self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0))
  total += dt[i] ?? 0
}
const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(n))
for (const [key, us] of rows) console.log(`${(100 * us / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`)
