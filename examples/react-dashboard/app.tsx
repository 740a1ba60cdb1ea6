/**
 * The dashboard's browser code: a call history with load-more, a send-SMS
 * form and the live feed of webhook deliveries, all through the app's
 * server (`server.ts`) with `effect-withallo/react`. No API key here, and no
 * Allo address: the bundle test greps for both.
 */
import { createRoot } from "react-dom/client"
import type { WebhookEvent, WithalloError } from "effect-withallo/browser"
import {
  type FeedEvent,
  useCalls,
  useMe,
  useSendSms,
  useWebhookEvents,
  WithalloProvider
} from "effect-withallo/react"
import { type FormEvent, useState } from "react"

const alloNumber = document.querySelector<HTMLMetaElement>("meta[name=allo-number]")?.content ?? ""

/** A typed error, as the screen shows it: its class, its code, its message. */
const ErrorLine = ({ error }: { readonly error: WithalloError }) => (
  <p role="alert" className="error">
    <strong>{error._tag}</strong>
    {"code" in error && error.code !== undefined ? <code>{error.code}</code> : null}
    <span>{error.message}</span>
  </p>
)

const minutes = (length: number) => `${Math.round(length * 60)} s`

const CallHistory = () => {
  const calls = useCalls({ alloNumber, size: 10 })
  return (
    <section aria-label="Call history">
      <h2>Call history <small>{alloNumber}</small></h2>
      <table>
        <thead>
          <tr><th>When</th><th>Direction</th><th>From</th><th>To</th><th>Result</th><th>Length</th></tr>
        </thead>
        <tbody>
          {calls.items.map((call) => (
            <tr key={call.id} data-call-id={call.id}>
              <td>{call.start_date?.replace("T", " ").slice(0, 16) ?? ""}</td>
              <td>{call.type ?? ""}</td>
              <td>{call.from_number}</td>
              <td>{call.to_number ?? ""}</td>
              <td>{call.result ?? ""}</td>
              <td>{call.length_in_minutes === undefined ? "" : minutes(call.length_in_minutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {calls.error ? <ErrorLine error={calls.error} /> : null}
      <p className="actions">
        <span role="status">{calls.loading ? "Loading…" : `${calls.items.length} calls`}</span>
        <button type="button" onClick={calls.loadMore} disabled={!calls.hasMore || calls.loading}>Load more</button>
      </p>
    </section>
  )
}

const SendSmsForm = () => {
  const send = useSendSms()
  const [to, setTo] = useState("+14155551234")
  const [message, setMessage] = useState("Your order is ready for pickup.")
  const submit = (event: FormEvent) => {
    event.preventDefault()
    send.run({ from: alloNumber, to, message })
  }
  return (
    <section aria-label="Send an SMS">
      <h2>Send an SMS</h2>
      <form onSubmit={submit}>
        <label>From <input value={alloNumber} readOnly /></label>
        <label>To <input name="to" value={to} onChange={(e) => setTo(e.target.value)} /></label>
        <label>Message <textarea name="message" value={message} onChange={(e) => setMessage(e.target.value)} /></label>
        <button type="submit" disabled={send.status === "pending"}>Send</button>
      </form>
      <p role="status" data-status={send.status}>
        {send.status === "success" && send.data ? `Sent to ${send.data.to_number}` : send.status === "pending" ? "Sending…" : ""}
      </p>
      {send.error ? <ErrorLine error={send.error} /> : null}
    </section>
  )
}

const field = (event: WebhookEvent, name: string): string => {
  const data = event.data
  if (typeof data !== "object" || data === null || !(name in data)) return ""
  const value: unknown = Reflect.get(data, name)
  return typeof value === "string" ? value : ""
}

const describeEvent = (event: WebhookEvent): string => {
  const content = field(event, "content")
  const from = field(event, "from_number")
  const to = field(event, "to_number")
  return [from && to ? `${from} → ${to}` : from || to, content && `“${content}”`].filter(Boolean).join(" ")
}

const FeedItem = ({ item }: { readonly item: FeedEvent }) => (
  <li data-webhook-id={item.id}>
    <code>{item.event.topic}</code> {describeEvent(item.event)}
  </li>
)

const LiveFeed = () => {
  const feed = useWebhookEvents()
  return (
    <section aria-label="Live feed">
      <h2>Live feed <span className={`dot ${feed.status}`} role="status" data-status={feed.status}>{feed.status}</span></h2>
      {feed.error ? <ErrorLine error={feed.error} /> : null}
      {feed.events.length === 0 ? <p className="muted">Waiting for webhook deliveries…</p> : null}
      <ol>{feed.events.map((item) => <FeedItem key={item.id} item={item} />)}</ol>
    </section>
  )
}

const KeyInfo = () => {
  const me = useMe()
  return (
    <p className="key" aria-label="API key">
      {me.data ? `Server key ${me.data.api_key_id} · ${me.data.scopes?.length ?? 0} scopes` : me.error ? me.error._tag : "…"}
    </p>
  )
}

const App = () => (
  <WithalloProvider url="/api/withallo">
    <header>
      <h1>Allo dashboard</h1>
      <KeyInfo />
      <nav><a href="/login">Sign in as Alice</a> · <a href="/logout">Sign out</a></nav>
    </header>
    <main>
      <CallHistory />
      <aside>
        <SendSmsForm />
        <LiveFeed />
      </aside>
    </main>
  </WithalloProvider>
)

const container = document.getElementById("root")
if (container !== null) createRoot(container).render(<App />)
