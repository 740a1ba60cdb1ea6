// Chromium: the page runs the smoke against the fake, proxied on the page's own origin.
import { smoke } from "./smoke.mjs"

smoke(location.origin, "chromium").then(
  (result) => {
    globalThis.smokeResult = result
  },
  (error) => {
    globalThis.smokeResult = { error: String(error) }
  }
)
