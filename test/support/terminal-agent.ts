/// <reference lib="dom" />
// DOM types: it runs the screens' own code (or code in the page) that uses them; the Node project
// has them only through the files that ask.
/**
 * A hall terminal in its own process, for the fault tests: a kiosk issuing tickets or a counter
 * serving them, through the hub's HTTP API with its paired terminal token, and following the
 * event stream with the screens' own transport and stream logic. Every command it sends has its
 * own idempotency key and is retried with that key until the hub gives a definite answer, as a
 * terminal that must not lose or double an action does.
 *
 *   node --import tsx test/support/terminal-agent.ts '<json AgentConfig>'
 *
 * Prints JSON lines: {"ack": …} for every acknowledged command, {"status": …} on connection
 * changes, {"stopped": …} once it has stopped working after SIGTERM, and {"final": …} with its
 * view of the hall after SIGUSR2 (sent when every terminal has stopped, so the hall is still).
 */
import { WebSocket as WsWebSocket } from 'ws'
import { HttpTransport } from '../../src/renderer/src/transport/http-transport'
import { receive, type Held } from '../../src/renderer/src/stores/hall/stream'
import type { HallState } from '../../src/shared/hall-state'
import { canonical } from './canonical'

export interface AgentConfig {
  id: string
  hub: string
  terminalToken: string
  role: 'kiosk' | 'counter'
  counterId?: number
  staffCode?: string
  pin?: string
  seed: number
  services: string[]
  /** Leave call-back and complaint phones (the hall collects them). */
  phones: boolean
  /** The counter's evaluator tablet: the customer rates through it (a clerk's login never rates). */
  evaluatorToken?: string
}

const config = JSON.parse(process.argv[2]!) as AgentConfig
const emit = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`)

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const random = mulberry32(config.seed)
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const phone = () => `1${pick(['38', '39', '59', '86', '77'])}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`

let stopping = false
let keys = 0
let clerkToken: string | undefined

/** One logical action: the same key until the hub answers 2xx or a definite 4xx. */
async function call(name: string, payload: unknown, as: 'counter' | 'evaluator' = 'counter'): Promise<{ ok: true; body: any } | { ok: false; code: string } | null> {
  const key = `${config.id}-${++keys}`
  for (let attempt = 1; ; attempt++) {
    if (stopping && attempt > 1) return null
    try {
      const res = await fetch(`${config.hub}/api/v1/commands/${name}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hallq-terminal-token': as === 'evaluator' ? config.evaluatorToken! : config.terminalToken,
          'idempotency-key': key,
          ...(clerkToken && as === 'counter' ? { authorization: `Bearer ${clerkToken}` } : {}),
        },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(8_000),
      })
      const body = (await res.json()) as any
      if (res.ok) {
        emit({ ack: { agent: config.id, name, key, payload, body: summarize(name, body) } })
        return { ok: true, body }
      }
      // 5xx: the hub could not save (a locked database, a disk problem): nothing was applied.
      if (res.status >= 500) {
        emit({ retry: { agent: config.id, name, status: res.status, code: body?.error?.code } })
      } else {
        return { ok: false, code: body?.error?.code ?? String(res.status) }
      }
    } catch {
      // The hub is gone or the answer was lost: ask again with the same key.
    }
    await sleep(Math.min(2_000, 100 * attempt))
  }
}

function summarize(name: string, body: any): unknown {
  switch (name) {
    case 'issueTicket':
      return { ticketId: body.ticket.id, number: body.ticket.number, serviceId: body.ticket.issuedServiceId, contact: body.ticket.contact }
    case 'login':
      return { clerkId: body.clerk.id }
    case 'rateService':
      return { recordId: body.record.id, rating: body.record.rating }
    default:
      return body.record ? { ticketId: body.ticket.id, recordId: body.record.id, outcome: body.record.outcome, counterId: body.record.counterId } : null
  }
}

// ---- the stream, through the screens' transport and stream logic ----
let held: Held | null = null
let online = false
class TerminalSocket extends WsWebSocket {
  constructor(url: string) {
    super(url, { headers: { 'x-hallq-terminal-token': config.terminalToken } })
  }
}
const transport = new HttpTransport({
  baseUrl: config.hub,
  terminal: config.id,
  language: () => 'zh-CN',
  fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-hallq-terminal-token': config.terminalToken } }),
  WebSocket: TerminalSocket as unknown as typeof WebSocket,
  pingIntervalMs: 2_000,
})
transport.open(
  {
    message(message) {
      const r = receive(held, message)
      if (r.kind === 'snapshot' || r.kind === 'applied') held = r.held
      else if (r.kind === 'gap' || r.kind === 'failed') transport.resync()
    },
    status(status, info) {
      online = status === 'online'
      emit({ status: { agent: config.id, status, attempt: info.attempt } })
    },
  },
  () => held?.seq ?? null,
)

// ---- the work ----
async function kiosk(): Promise<void> {
  while (!stopping) {
    const priority = random() < 0.15 ? pick(['vip', 'care'] as const) : 'normal'
    await call('issueTicket', {
      serviceId: pick(config.services),
      priority,
      ...(config.phones && random() < 0.2 ? { callbackPhone: phone() } : {}),
    })
    await sleep(60 + random() * 140)
  }
}

async function counter(): Promise<void> {
  const counterId = config.counterId!
  const login = await call('login', { staffCode: config.staffCode, pin: config.pin })
  if (!login?.ok) throw new Error(`login failed: ${JSON.stringify(login)}`)
  clerkToken = login.body.token
  await call('openCounter', { counterId })
  while (!stopping) {
    const called = await call('callNext', { counterId })
    if (called === null) break
    if (!called.ok) {
      if (called.code === 'COUNTER_BUSY') await finishCurrent(counterId)
      else await sleep(150)
      continue
    }
    await sleep(20 + random() * 60)
    const r = random()
    if (r < 0.08) {
      await call('recall', { counterId })
      await call('noShow', { counterId })
      if (random() < 0.5) await call('reactivate', { number: called.body.ticket.number })
      continue
    }
    await call('startService', { counterId })
    await sleep(20 + random() * 80)
    if (r < 0.16) {
      const others = config.services.filter((s) => s !== called.body.ticket.serviceId)
      await call('transfer', { counterId, toServiceId: pick(others) })
      continue
    }
    await finish(counterId)
    if (random() < 0.03) {
      await call('pauseCounter', { counterId, reason: pick(['meal', 'training', 'backoffice'] as const) })
      await sleep(200)
      await call('resumeCounter', { counterId })
    }
  }
}

async function finish(counterId: number): Promise<void> {
  const complaint =
    random() < 0.1
      ? { category: pick(['product', 'service'] as const), summary: '客户反映问题', followUp: 'open' as const, ...(config.phones ? { phone: phone() } : {}) }
      : null
  const done = await call('finishService', { counterId, outcome: random() < 0.9 ? 'completed' : 'pending', complaint })
  if (done?.ok && config.evaluatorToken && random() < 0.7) await call('rateService', { recordId: done.body.record.id, score: 1 + Math.floor(random() * 4) }, 'evaluator')
}

/** After a restart the counter may still hold a customer from before: carry on with them. */
async function finishCurrent(counterId: number): Promise<void> {
  const state: HallState | undefined = held?.state
  const current = state?.counters[counterId]?.currentTicketId
  const ticket = current == null ? undefined : state!.tickets[current]
  if (ticket?.status === 'called') await call('startService', { counterId })
  await finish(counterId)
}

process.on('SIGTERM', () => {
  stopping = true
})
let reportNow: () => void = () => undefined
const reportAsked = new Promise<void>((resolve) => (reportNow = resolve))
process.on('SIGUSR2', () => reportNow())

const work = config.role === 'kiosk' ? kiosk() : counter()
work
  .catch((err: unknown) => emit({ error: { agent: config.id, message: String(err) } }))
  .then(async () => {
    emit({ stopped: { agent: config.id } })
    await reportAsked
    // Let the stream catch up with the last commands before reporting what this terminal sees.
    const deadline = Date.now() + 15_000
    let hubSeq = -1
    while (Date.now() < deadline) {
      try {
        const health = (await (await fetch(`${config.hub}/api/v1/health`)).json()) as { seq: number }
        hubSeq = health.seq
        if (online && held && held.seq >= hubSeq) break
      } catch {
        // hub restarting
      }
      await sleep(200)
    }
    transport.close()
    // Writes to a pipe are asynchronous: exit only once the report is out.
    const line = JSON.stringify({ final: { agent: config.id, seq: held?.seq ?? null, hubSeq, online, state: held ? canonical(held.state) : null } })
    process.stdout.write(`${line}\n`, () => process.exit(0))
  })
