/**
 * Per-attempt timeouts without a fiber per attempt.
 *
 * `Effect.timeout` races the attempt against a sleep: two forked fibers, a
 * timer and an interruption for every request, which measured as the largest
 * single cost the client added over a bare effect/http GET (issue #8). Here an
 * attempt runs on its caller's fiber inside a scope of its own, and registers a
 * deadline. One watchdog fiber per client and Clock sleeps until the earliest
 * deadline and closes the scope of an attempt still running then; closing it
 * aborts the request's `AbortSignal` (`HttpClient.withScope`), which fetch,
 * Node's and Bun's clients and the SDK's fake honour, and the attempt fails on
 * its own fiber. (A transport that ignores its signal is not cut off: the
 * price of not forking each attempt.)
 *
 * Deadlines are kept in the order they were set, on the Clock's monotonic
 * time. With one timeout per client that is also the order they fall due, so
 * the watchdog only ever looks at the first; it is woken early only when the
 * list goes from empty to not empty.
 *
 * On effect's default Clock the watchdog sleeps on an unref'd timer: it must
 * never be what keeps a process alive (a request in flight does that through
 * its socket). Its sleep is not cut short when the last attempt settles, which
 * would cost an interruption per request; it simply finds nothing due.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Latch from "effect/Latch"
import * as Scope from "effect/Scope"

/** One attempt's deadline, set by {@link Timeline.add}. */
export interface Deadline {
  /** Whether the deadline passed while the attempt ran (its scope was closed). */
  readonly expired: boolean
}

interface Entry extends Deadline {
  expired: boolean
  readonly dueMillis: number
  readonly scope: Scope.Closeable
  prev: Entry | undefined
  next: Entry | undefined
}

const NANOS_PER_MILLI = BigInt(1_000_000)
/** setTimeout's longest delay; a longer wait is slept in several goes. */
const MAX_TIMER_MILLIS = 2 ** 31 - 1

const defaultClockPrototype = Object.getPrototypeOf(Context.get(Context.empty(), Clock.Clock))

/** A sleep that does not keep the process alive (Node, Bun, Deno; a plain timer elsewhere). */
const unrefSleep = (millis: number): Effect.Effect<void> =>
  Effect.callback<void>((resume) => {
    const handle = setTimeout(() => resume(Effect.void), Math.min(millis, MAX_TIMER_MILLIS))
    // A Timeout object on Node and Bun; a number in browsers and Deno.
    if (typeof handle === "object") handle.unref()
    return Effect.sync(() => clearTimeout(handle))
  })

/** The deadlines of one client under one Clock, and the watchdog that enforces them. */
class Timeline {
  private first: Entry | undefined = undefined
  private last: Entry | undefined = undefined
  private readonly wake = Latch.makeUnsafe(false)
  private readonly sleep: (millis: number) => Effect.Effect<void>

  constructor(private readonly clock: Clock.Clock, private readonly timeoutMillis: number) {
    this.sleep = Object.getPrototypeOf(clock) === defaultClockPrototype
      ? unrefSleep
      : (millis) => clock.sleep(Duration.millis(millis))
  }

  private nowMillis(): number {
    return Number(this.clock.monotonicTimeNanosUnsafe() / NANOS_PER_MILLI)
  }

  /** Starts the clock on an attempt running in `scope`. */
  add(scope: Scope.Closeable): Entry {
    const entry: Entry = {
      expired: false,
      dueMillis: this.nowMillis() + this.timeoutMillis,
      scope,
      prev: this.last,
      next: undefined
    }
    const last = this.last
    if (last === undefined) this.first = entry
    else last.next = entry
    this.last = entry
    // Woken only once the list is linked up.
    if (last === undefined) this.wake.openUnsafe()
    return entry
  }

  /** Forgets a settled attempt (or one the watchdog has just expired). */
  remove(entry: Entry): void {
    if (entry.prev === undefined) {
      if (this.first !== entry) return // already removed
      this.first = entry.next
    } else {
      entry.prev.next = entry.next
    }
    if (entry.next === undefined) this.last = entry.prev
    else entry.next.prev = entry.prev
    entry.prev = entry.next = undefined
  }

  /** The watchdog: runs until the client's scope closes. */
  readonly watch: Effect.Effect<never> = Effect.forever(Effect.suspend(() => {
    const first = this.first
    if (first === undefined) {
      this.wake.closeUnsafe()
      return this.wake.await
    }
    const wait = first.dueMillis - this.nowMillis()
    if (wait > 0) return this.sleep(wait)
    this.remove(first)
    first.expired = true
    return Scope.close(first.scope, Exit.void)
  }))
}

/** Runs effects under a deadline each, for one client. */
export interface Deadlines {
  /**
   * Runs `f(scope)` with `scope` closed once the timeout has passed (aborting
   * whatever request it holds) or once the effect fails or is interrupted.
   * A successful effect leaves nothing to abort: its scope is simply dropped.
   */
  readonly within: <A, E, R>(
    f: (scope: Scope.Closeable, deadline: Deadline) => Effect.Effect<A, E, R>
  ) => Effect.Effect<A, E, R>
}

/**
 * Deadlines `timeout` after each attempt starts, measured on the Clock of the
 * fiber that runs it (so `TestClock` drives them). The watchdog for the Clock
 * the client is built under is forked into `scope` now; one for another Clock
 * (a test's own `TestClock`, say) the first time it is seen.
 */
export const makeDeadlines = (timeout: Duration.Duration, scope: Scope.Scope): Effect.Effect<Deadlines> =>
  Effect.clockWith((buildClock) => {
    const timeoutMillis = Duration.toMillis(timeout)
    const timelines = new WeakMap<Clock.Clock, Timeline>()
    const start = (clock: Clock.Clock): Effect.Effect<Timeline> => {
      const timeline = new Timeline(clock, timeoutMillis)
      timelines.set(clock, timeline)
      return Effect.as(Effect.forkIn(timeline.watch, scope), timeline)
    }
    const deadlines: Deadlines = {
      // One step: the fiber gives the Clock, and the attempt starts there.
      within: (f) =>
        Effect.withFiber((fiber) => {
          const clock = fiber.getRef(Clock.Clock)
          const existing = timelines.get(clock)
          return existing === undefined
            ? Effect.flatMap(start(clock), (timeline) => run(timeline, f))
            : run(existing, f)
        })
    }
    return Effect.as(start(buildClock), deadlines)
  })

/** Starts `f` under a new deadline on `timeline` (synchronously: call it inside a step). */
const run = <A, E, R>(
  timeline: Timeline,
  f: (scope: Scope.Closeable, deadline: Deadline) => Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> => {
  const attemptScope = Scope.makeUnsafe()
  const entry = timeline.add(attemptScope)
  return Effect.onExit(f(attemptScope, entry), (exit) => {
    timeline.remove(entry)
    return Exit.isSuccess(exit) ? Effect.void : Scope.close(attemptScope, exit)
  })
}
