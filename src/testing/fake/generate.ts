/**
 * Deterministic, realistic records. Calls are generated lazily: a block of
 * 200,000 is a handful of numbers, and call `i` is rebuilt from
 * `hash(seed, block, i)` whenever it is read, newest first by construction.
 *
 * @since 0.1.0
 */
import { hash32, Rng } from "./prng.js"
import type { CallRecord, ContactRecord, MessageRecord, TranscriptLine } from "./records.js"

const FIRST = ["Sarah", "John", "Marie", "Alex", "Jordan", "Camille", "Lucas", "Emma", "Noah", "Chloé", "Liam", "Olivia", "Hugo", "Mia", "Ethan", "Léa", "Mason", "Zoé", "Owen", "Inès"]
const LAST = ["Johnson", "Doe", "Martin", "Kim", "Lee", "Dubois", "O'Brien", "Smith", "García", "Nguyen", "Bernard", "Brown", "Moreau", "Davis", "Lefèvre", "Wilson"]
const COMPANIES = ["Acme Corp", "Globex", "Initech", "Umbrella, Inc.", "Stark Industries", "Wayne Enterprises", "Hooli", "Pied Piper", "Vandelay Industries"]
const JOBS = ["CEO", "CTO", "Manager", "Sales Lead", "Office Manager", "Founder", null]
const TAGS = ["support", "sales", "billing", "qualified", "follow_up", "urgent"]
const SUMMARIES = [
  "Customer called about order status.",
  "Asked about pricing for the Pro plan; wants a quote by Friday.",
  "Billing issue on the last invoice, refund requested.",
  "Left a voicemail, asked to be called back \"as soon as possible\".",
  "Follow-up on the demo, next step: contract review.",
  "Wrong number."
]
const LINES_AGENT = [
  "Hello, how can I help you today?",
  "Sure, let me check that for you.",
  "I've noted it, you'll get an email shortly.",
  "Could you spell your last name, please?",
  "Thanks for calling, have a great day!"
]
const LINES_EXTERNAL = [
  "Hi, I'm calling about my order status.",
  "Yes, it's the one from \"last Tuesday\", order #4521.",
  "Well, the invoice says $1,200, but we agreed on $1,000.",
  "Can you call me back?\nI'm driving right now.",
  "Perfect, thanks."
]
const SMS = [
  "Thank you for contacting us!",
  "Your appointment is confirmed for tomorrow, 10:00.",
  "Hi, can you send me the quote?",
  "Here is the link: https://example.com/q/123",
  "OK, \"see you\" then.\nBest, J."
]
const RESULTS_IN: ReadonlyArray<readonly [string, number]> = [["ANSWERED", 55], ["VOICEMAIL", 15], ["MISSED", 12], ["TRANSFERRED_AI", 6], ["TRANSFERRED_EXTERNAL", 4], ["BLOCKED", 2], ["RECEIVED", 3], ["CLOSED", 3]]
const RESULTS_OUT: ReadonlyArray<readonly [string, number]> = [["ANSWERED", 60], ["VOICEMAIL", 25], ["FAILED", 10], ["FAILED_EXTERNAL", 5]]

const weighted = (rng: Rng, table: ReadonlyArray<readonly [string, number]>): string => {
  let roll = rng.int(100)
  for (const [value, weight] of table) {
    if (roll < weight) return value
    roll -= weight
  }
  return "ANSWERED"
}

/** A US-style E.164 number, `+1` and ten digits with a valid area code. */
export const randomUsNumber = (rng: Rng): string => `+1${rng.range(201, 989)}555${rng.digits(4)}`

/** Base-36 serial, fixed width, so an id can be parsed back to its index. */
const serial = (i: number): string => i.toString(36).padStart(6, "0")

/** Reads the serial back from a generated id's last six characters. */
export const serialOf = (id: string): number => parseInt(id.slice(-6), 36)

/** The fixed inputs of one lazily generated block of calls. */
export interface CallBlock {
  readonly seed: number
  readonly block: number
  readonly size: number
  /** The newest call of the block starts just before this instant. */
  readonly anchorMs: number
  readonly alloNumbers: ReadonlyArray<string>
  /** Numbers of the contacts when the block was made; 1 in 4 calls is from an unknown number. */
  readonly contactNumbers: ReadonlyArray<string>
  readonly userIds: ReadonlyArray<string>
}

const STEP_MS = 180_000

/** Start of call `i`: strictly decreasing in `i`. */
export const blockStartMs = (b: CallBlock, i: number): number =>
  Math.floor((b.anchorMs - (i + 1) * STEP_MS + (hash32(b.seed, b.block, i, 1) % (STEP_MS - 1000))) / 1000) * 1000

/** Allo number of call `i`, without building the call. */
export const blockAlloNumber = (b: CallBlock, i: number): string =>
  b.alloNumbers[hash32(b.seed, b.block, i, 2) % Math.max(1, b.alloNumbers.length)] ?? "+14155550100"

/** Counterpart number of call `i`, without building the call. */
export const blockContactNumber = (b: CallBlock, i: number): string => {
  const h = hash32(b.seed, b.block, i, 3)
  if (b.contactNumbers.length > 0 && h % 4 !== 0) return b.contactNumbers[(h >>> 2) % b.contactNumbers.length] ?? ""
  return randomUsNumber(new Rng(h))
}

const transcript = (rng: Rng, seconds: number): ReadonlyArray<TranscriptLine> => {
  const lines: Array<TranscriptLine> = []
  let t = 1
  const count = rng.range(2, 6)
  for (let k = 0; k < count && t < seconds; k++) {
    const agent = k % 2 === 0
    const length = rng.range(2, 8) + rng.int(10) / 10
    lines.push({
      source: agent ? rng.chance(0.8) ? "AGENT" : "USER" : "EXTERNAL",
      text: agent ? rng.pick(LINES_AGENT, "") : rng.pick(LINES_EXTERNAL, ""),
      startSeconds: t,
      endSeconds: Math.round((t + length) * 10) / 10
    })
    t = Math.round((t + length + rng.range(1, 4)) * 10) / 10
  }
  return lines
}

/** Builds call `i` of a block. */
export const blockCall = (b: CallBlock, i: number): CallRecord => {
  const rng = new Rng(hash32(b.seed, b.block, i, 4))
  const direction = rng.chance(0.6) ? "INBOUND" : "OUTBOUND"
  const result = weighted(rng, direction === "INBOUND" ? RESULTS_IN : RESULTS_OUT)
  const talked = result === "ANSWERED" || result.startsWith("TRANSFERRED")
  const durationSeconds = talked ? rng.range(20, 1800) : result === "VOICEMAIL" ? rng.range(5, 60) : 0
  const key = rng.alnum(6) + serial(i)
  const tag = talked && rng.chance(0.5) ? rng.pick(TAGS, "support") : null
  return {
    id: `call_${b.block}${key}`,
    itemId: `cll-${b.block}${key}`,
    direction,
    alloNumber: blockAlloNumber(b, i),
    contactNumber: blockContactNumber(b, i),
    startMs: blockStartMs(b, i),
    durationSeconds,
    result,
    summary: talked || result === "VOICEMAIL" ? rng.pick(SUMMARIES, null) : null,
    tag,
    tags: tag === null ? [] : [tag],
    recordingUrl: talked ? `https://storage.withallo.com/recordings/${key}.mp3` : null,
    transcript: talked ? transcript(rng, durationSeconds) : null,
    userId: rng.pick(b.userIds, null)
  }
}

/** Builds generated contact `i` (`seed` fixes the whole set). */
export const generateContact = (seed: number, i: number, anchorMs: number): ContactRecord => {
  const rng = new Rng(hash32(seed, 7, i))
  const name = rng.pick(FIRST, "Sam")
  const lastName = rng.chance(0.9) ? rng.pick(LAST, "Doe") : null
  const company = rng.chance(0.7) ? { id: `com_${rng.alnum(6)}`, name: rng.pick(COMPANIES, "Acme Corp") } : null
  const createdMs = Math.floor((anchorMs - (i + 1) * 21_600_000 - rng.int(3_600_000)) / 1000) * 1000
  const numbers = [randomUsNumber(rng)]
  if (rng.chance(0.1)) numbers.push(`+336${rng.digits(8)}`)
  const slug = (name + (lastName ?? "")).toLowerCase().replace(/[^a-z]/g, "")
  return {
    id: `cnt_${rng.alnum(6)}${serial(i)}`,
    name,
    lastName,
    company,
    jobTitle: rng.pick(JOBS, null),
    website: company === null ? null : `https://${company.name?.toLowerCase().replace(/[^a-z]/g, "") ?? "acme"}.com`,
    status: "active",
    isArchived: rng.chance(0.03),
    createdMs,
    updatedMs: createdMs + rng.int(3_600) * 1000,
    numbers,
    emails: rng.chance(0.7) ? [`${slug}@example.com`] : [],
    isWhitelisted: rng.chance(0.3),
    engagement: rng.pick(["ENGAGED", "COOLING", "COLD", null] as const, null),
    integrationData: {},
    customProperties: rng.chance(0.2) ? { preferred_language: rng.pick(["English", "French"], "English") } : null
  }
}

/** Builds generated text message `i`. */
export const generateMessage = (
  seed: number,
  i: number,
  anchorMs: number,
  alloNumbers: ReadonlyArray<string>,
  contactNumbers: ReadonlyArray<string>,
  userIds: ReadonlyArray<string>
): MessageRecord => {
  const rng = new Rng(hash32(seed, 11, i))
  const direction = rng.chance(0.5) ? "INBOUND" : "OUTBOUND"
  return {
    itemId: `msg-${rng.alnum(6)}${serial(i)}`,
    direction,
    alloNumber: rng.pick(alloNumbers, "+14155550100"),
    senderId: null,
    contactNumber: contactNumbers.length > 0 ? rng.pick(contactNumbers, "") : randomUsNumber(rng),
    content: rng.pick(SMS, "Hi"),
    startMs: anchorMs - (i + 1) * 600_000 - rng.int(500) * 1000,
    status: direction === "INBOUND" ? "DELIVERED" : rng.pick(["SENT", "DELIVERED", "DELIVERED", "FAILED"] as const, "SENT"),
    messageType: rng.chance(0.95) ? "SMS" : "MMS",
    userId: direction === "OUTBOUND" ? rng.pick(userIds, null) : null
  }
}
