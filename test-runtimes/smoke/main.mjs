// Node, Bun and Deno: `<runtime> main.mjs <fake url> <runtime name>` prints the smoke's result as JSON.
import { smoke } from "./smoke.mjs"

const [baseUrl, runtime] = (globalThis.Deno?.args ?? process.argv.slice(2))
const result = await smoke(baseUrl, runtime)
console.log(JSON.stringify(result))
