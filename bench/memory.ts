/**
 * Target 4 — memory. Exporting 20,000 and 200,000 calls to NDJSON through
 * `Calls.stream`, next to a plain fetch loop doing the same, each in a fresh
 * child process (peak RSS from `process.resourceUsage().maxRSS`). The fake
 * runs in its own process, without latency or rate limit, and the client's
 * pacing is off (at Allo's 20 reads/s a 200,000-call export takes 100 s).
 */
import { execFile } from "node:child_process"
import { rmSync } from "node:fs"
import { join } from "node:path"
import { promisify } from "node:util"
import { ALLO, benchDir, log, median, report, rounds, type Row, startServer } from "./lib.js"

const run = promisify(execFile)

interface Sample {
  readonly calls: number
  readonly maxRssMb: number
  readonly seconds: number
}

const main = async () => {
  const server = await startServer({ seed: 8, numbers: [ALLO], calls: 20_000 })
  const file = join(benchDir, "export.ndjson")
  const exportOnce = async (mode: "ours" | "plain", calls: number): Promise<Sample> => {
    await server.admin("reset", { seed: 8, numbers: [ALLO], calls })
    const { stdout } = await run(process.execPath, [join(benchDir, "memoryWorker.mjs"), mode, server.url, String(calls), file], {
      maxBuffer: 1 << 20
    })
    const sample = JSON.parse(stdout.trim().split("\n").at(-1)!) as Sample
    if (sample.calls !== calls) throw new Error(`${mode}: exported ${sample.calls} of ${calls}`)
    return sample
  }
  const n = rounds(3)
  const perRound: Array<Record<string, number>> = []
  try {
    for (let round = 0; round < n; round++) {
      const ours20 = await exportOnce("ours", 20_000)
      const plain20 = await exportOnce("plain", 20_000)
      const ours200 = await exportOnce("ours", 200_000)
      const plain200 = await exportOnce("plain", 200_000)
      const row = {
        ours20kMb: ours20.maxRssMb,
        ours200kMb: ours200.maxRssMb,
        plain20kMb: plain20.maxRssMb,
        plain200kMb: plain200.maxRssMb,
        oursGrowthMb: ours200.maxRssMb - ours20.maxRssMb,
        plainGrowthMb: plain200.maxRssMb - plain20.maxRssMb,
        ours200kSeconds: ours200.seconds,
        plain200kSeconds: plain200.seconds
      }
      perRound.push(row)
      log(`memory round ${round + 1}/${n}:`, JSON.stringify(row))
    }
  } finally {
    rmSync(file, { force: true })
    await server.close()
  }
  const oursGrowth = median(perRound.map((r) => r.oursGrowthMb))
  const plainGrowth = median(perRound.map((r) => r.plainGrowthMb))
  const peak200 = median(perRound.map((r) => r.ours200kMb))
  // Growth can be ~0 for both (constant memory): the ratio is then noise, so
  // a growth within 5 MB of the plain loop's also passes.
  const growthOk = oursGrowth <= 1.25 * Math.max(plainGrowth, 0) || oursGrowth - plainGrowth <= 5
  const rows: Array<Row> = [
    {
      suite: "memory",
      name: "peak RSS growth 20k → 200k calls (NDJSON)",
      unit: "MB",
      ours: oursGrowth,
      baseline: plainGrowth,
      baselineName: "plain fetch loop",
      ratio: plainGrowth > 0 ? oursGrowth / plainGrowth : NaN,
      target: "≤ 1.25× the plain loop's growth",
      met: growthOk,
      note: `per round (ours/plain MB): ${perRound.map((r) => `${r.oursGrowthMb!.toFixed(1)}/${r.plainGrowthMb!.toFixed(1)}`).join(", ")}`,
      rounds: perRound
    },
    {
      suite: "memory",
      name: "peak RSS at 200k calls",
      unit: "MB",
      ours: peak200,
      baseline: median(perRound.map((r) => r.plain200kMb)),
      baselineName: "plain fetch loop",
      ratio: median(perRound.map((r) => r.ours200kMb! / r.plain200kMb!)),
      target: "≤ 200 MB",
      met: peak200 <= 200,
      note: `200k export time ours/plain: ${median(perRound.map((r) => r.ours200kSeconds)).toFixed(1)} s / ${
        median(perRound.map((r) => r.plain200kSeconds)).toFixed(1)
      } s`
    }
  ]
  report(rows)
}

await main()
