/**
 * `Retry-After` as the client reads it (RFC 9110 §10.2.3): whole seconds or
 * an HTTP date in one of its three forms; anything else is no wait at all (the
 * client then backs off on its own, see test/retry.test.ts), never a misread one.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import { retryAfterDelay } from "../../src/internal/retryAfter.js"

const NOW = Date.UTC(1994, 10, 6, 8, 49, 0) // Sun, 06 Nov 1994 08:49:00 GMT
const waitMillis = (value: string, now = NOW) => {
  const delay = retryAfterDelay(value, now)
  return delay === undefined ? undefined : Duration.toMillis(delay)
}

describe("retryAfterDelay", () => {
  it("reads whole seconds, surrounding whitespace allowed", () => {
    assert.strictEqual(waitMillis("0"), 0)
    assert.strictEqual(waitMillis("7"), 7_000)
    assert.strictEqual(waitMillis("120"), 120_000)
    assert.strictEqual(waitMillis(" 3 "), 3_000)
    assert.strictEqual(waitMillis("\t42\n"), 42_000)
  })

  it("reads the three HTTP-date forms, measured from now", () => {
    // 37 s after NOW, in IMF-fixdate, RFC 850 and asctime.
    assert.strictEqual(waitMillis("Sun, 06 Nov 1994 08:49:37 GMT"), 37_000)
    assert.strictEqual(waitMillis("Sunday, 06-Nov-94 08:49:37 GMT"), 37_000)
    assert.strictEqual(waitMillis("Sun Nov  6 08:49:37 1994"), 37_000)
    assert.strictEqual(waitMillis("Wed Nov 16 08:49:37 1994"), 10 * 86_400_000 + 37_000)
    assert.strictEqual(waitMillis(" Sun, 06 Nov 1994 08:49:37 GMT "), 37_000)
  })

  it("reads an asctime date as UTC whatever this machine's time zone", () => {
    const zone = process.env.TZ
    process.env.TZ = "America/New_York"
    try {
      assert.strictEqual(waitMillis("Sun Nov  6 08:49:37 1994"), 37_000)
      assert.strictEqual(waitMillis("Sun, 06 Nov 1994 08:49:37 GMT"), 37_000)
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
  })

  it("a date already past is no wait, not a negative one", () => {
    assert.strictEqual(waitMillis("Sun, 06 Nov 1994 08:48:00 GMT"), 0)
    assert.strictEqual(waitMillis("Sun, 06 Nov 1994 08:49:00 GMT"), 0)
    assert.strictEqual(waitMillis("Sun, 06 Nov 1994 08:49:01 GMT"), 1_000)
  })

  it("anything else is no Retry-After: fractions, units, signs, ISO dates, near-miss dates", () => {
    for (
      const value of [
        "",
        " ",
        "1.5",
        "120abc",
        "abc120",
        "-3",
        "+3",
        "1e3",
        "0x10",
        "3 s",
        "2026-01-01T12:00:00Z",
        "1994-11-06",
        "xSun, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMTx",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 Nov 1994 08:49:37",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sun, 06 Nov 1994 08:49 GMT",
        "Sun 06 Nov 1994 08:49:37 GMT",
        "Su, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sunday, 6-Nov-94 08:49:37 GMT",
        "Sunday 06-Nov-94 08:49:37 GMT",
        ", 06-Nov-94 08:49:37 GMT",
        "Sun Nov 6 08:49:37 1994",
        "Sun Nov  6 08:49:37 94",
        "Sun Nov  6 08:49:37 1994 GMT",
        "Sun Nov  6 8:49:37 1994",
        "SunNov  6 08:49:37 1994",
        // The right shape, but no date: the form alone is not enough.
        "Xyz, 99 Abc 1994 08:49:37 GMT",
        "Xyz Abc 99 08:49:37 1994"
      ]
    ) {
      assert.isUndefined(waitMillis(value), JSON.stringify(value))
    }
  })
})
