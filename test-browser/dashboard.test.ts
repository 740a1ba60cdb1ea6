/**
 * The React dashboard example in headless Chromium, against the HTTP fake of
 * Allo on 127.0.0.1: what a user sees and what reached Allo. Each step waits
 * on the page's state, never on a clock.
 */
import { Effect } from "effect"
import { mkdirSync, statSync } from "node:fs"
import { join } from "node:path"
import { type Browser, chromium, type Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { bundleApp, root } from "../examples/react-dashboard/bundle.js"
import { ALLO_NUMBER, type Dashboard, start } from "../examples/react-dashboard/server.js"

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
export const SCREENSHOT = join(root, "docs", "react-dashboard.png")

let dashboard: Dashboard
let browser: Browser
let page: Page
const pageErrors: Array<string> = []

/** The fake's own page of calls, straight from Allo's API (not through the dashboard). */
const callIds = async (page: number): Promise<ReadonlyArray<string>> => {
  const response = await fetch(`${dashboard.fake.url}/v1/api/calls?allo_number=${encodeURIComponent(ALLO_NUMBER)}&size=10&page=${page}`, {
    headers: { authorization: "Api-Key ak_test_fake" }
  })
  const body = await response.json() as { readonly data: { readonly results: ReadonlyArray<{ readonly id: string }> } }
  return body.data.results.map((call) => call.id)
}

const rowIds = () => page.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-call-id") ?? ""))

const rowCount = (n: number) =>
  page.waitForFunction((count) => document.querySelectorAll("tbody tr").length === count, n)

const alloRequests = () => Effect.runPromise(dashboard.fake.fake.requests)

beforeAll(async () => {
  dashboard = await start({ seed: { calls: 80 } })
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--headless=new"] })
  page = await (await browser.newContext({ viewport: { width: 1280, height: 820 } })).newPage()
  page.on("pageerror", (error) => pageErrors.push(error.message))
  await page.goto(`${dashboard.url}/login`)
})

afterAll(async () => {
  await browser?.close()
  await dashboard?.close()
})

describe("React dashboard in Chromium", () => {
  it("the call table shows the seeded calls, newest first", async () => {
    await rowCount(10)
    expect(await rowIds()).toEqual(await callIds(0))
    expect(await page.getByRole("status").first().textContent()).toBe("10 calls")
  })

  it("load more appends the next page", async () => {
    const first = await rowIds()
    const next = await callIds(1)
    expect(next.length).toBe(10)
    await page.getByRole("button", { name: "Load more" }).click()
    await rowCount(20)
    const ids = await rowIds()
    expect(ids.slice(0, 10)).toEqual(first)
    expect(ids.slice(10)).toEqual(next)
  })

  it("sending an SMS reaches the fake's sent list and arrives on the live feed", async () => {
    await page.locator("[data-status=open]").waitFor()
    const message = "Your order #4217 is ready for pickup"
    await page.locator("textarea[name=message]").fill(message)
    await page.locator("input[name=to]").fill("+14155551234")
    await page.getByRole("button", { name: "Send" }).click()
    await page.getByText("Sent to +14155551234").waitFor()
    const sent = await Effect.runPromise(dashboard.fake.fake.sentSms)
    expect(sent.map((sms) => [sms.from_number, sms.to_number, sms.content])).toContainEqual([ALLO_NUMBER, "+14155551234", message])
    // The fake delivers the signed sms.sent webhook to the server, which publishes it to this browser.
    const item = page.locator("section[aria-label='Live feed'] li", { hasText: message })
    await item.waitFor()
    expect(await item.locator("code").textContent()).toBe("sms.sent")
  })

  it("saves a screenshot", async () => {
    mkdirSync(join(root, "docs"), { recursive: true })
    await page.screenshot({ path: SCREENSHOT, fullPage: true })
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(20_000)
  })

  it("without a session: the typed error on screen, and nothing sent to Allo", async () => {
    const before = (await alloRequests()).length
    await page.goto(`${dashboard.url}/logout`)
    const tableError = page.locator("section[aria-label='Call history'] [role=alert]")
    await tableError.waitFor()
    expect(await tableError.textContent()).toContain("AuthenticationError")
    expect(await tableError.locator("code").textContent()).toBe("SESSION_REQUIRED")
    await page.getByRole("button", { name: "Send" }).click()
    const formError = page.locator("section[aria-label='Send an SMS'] [role=alert]")
    await formError.waitFor()
    expect(await formError.locator("code").textContent()).toBe("SESSION_REQUIRED")
    await page.locator("[data-status=closed]").waitFor()
    expect(await page.locator("section[aria-label='Live feed'] [role=alert] strong").textContent()).toBe("AuthenticationError")
    expect((await alloRequests()).length).toBe(before)
    expect(pageErrors).toEqual([])
  })

  it("the browser bundle holds neither the API key nor Allo's address", async () => {
    const script = await bundleApp()
    expect(script.length).toBeGreaterThan(10_000)
    expect(script).not.toContain("ak_test_fake")
    expect(script).not.toContain("api.withallo.com")
    expect(script).not.toContain(dashboard.fake.url)
  })
})
