/**
 * Fan-out: a clerk presses call-next on the hub (the real `npm run hub` process, durable commit)
 * and each of 50 WebSocket clients in this process receives the event — against a bare `ws`
 * server in another process broadcasting a message of the same bytes to 50 clients, triggered
 * the same way (an HTTP POST). Latency per client: from sending the POST to that client's
 * message event. The two are measured alternately in the same run. Target: p99 ≤ 2×.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { startChild, type Child } from './support/child'
import { figure, finish } from './support/report'
import { median, p99 } from './support/stats'

const CLIENTS = 50
const ROUNDS = 300
const WARM_UP = 30
const ADMIN_PIN = '135790'

const started = performance.now()
const dataDir = mkdtempSync(join(tmpdir(), 'hallq-bench-fanout-'))
const children: Child[] = []
const sockets: WebSocket[] = []
try {
  const hub = await startChild(['src/main/hub.ts', '--data', dataDir, '--port', '0'], /HallQ hub listening on (http:\/\/[\d.:]+)/, { HALLQ_ADMIN_PIN: ADMIN_PIN })
  children.push(hub)
  const bare = await startChild(['bench/support/bare-broadcast.ts'], /READY (http:\/\/[\d.:]+)/)
  children.push(bare)

  const post = async (url: string, body: string, token?: string) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body })
    const text = await res.text()
    if (!res.ok) throw new Error(`${url}: ${res.status} ${text}`)
    return text ? (JSON.parse(text) as Record<string, any>) : {}
  }
  const command = (name: string, payload: unknown, token?: string) => post(`${hub.url}/api/v1/commands/${name}`, JSON.stringify(payload), token)

  const admin = (await command('login', { staffCode: 'admin', pin: ADMIN_PIN })).token as string
  await command('saveClerk', { staffCode: 'c1', name: '王芳', role: 'clerk', active: true, pin: '2468' }, admin)
  const clerk = (await command('login', { staffCode: 'c1', pin: '2468' })).token as string
  await command('openCounter', { counterId: 1 }, clerk)
  for (let i = 0; i < 2 * (ROUNDS + WARM_UP) + 20; i++) await command('issueTicket', { serviceId: i % 3 ? 'MOBILE' : 'PAYMENT' })

  // 50 clients on each server; every message's arrival time is kept until the round reads it.
  const connect = async (url: string) => {
    const arrivals: { at: bigint; data: string }[][] = Array.from({ length: CLIENTS }, () => [])
    await Promise.all(
      arrivals.map(
        (list) =>
          new Promise<void>((ok, fail) => {
            const ws = new WebSocket(url)
            sockets.push(ws)
            let first = true
            ws.on('message', (data) => {
              const at = process.hrtime.bigint()
              const text = data.toString()
              if (first) {
                first = false // the hub's snapshot; the bare server sends nothing on connect
                ok()
                return
              }
              // Only the hall's events: the hub's stream also carries the devices' health.
              if (url.includes('/api/') && !text.startsWith('{"type":"event"')) return
              list.push({ at, data: text })
            })
            ws.on('open', () => {
              if (!url.includes('/api/')) {
                first = false
                ok()
              }
            })
            ws.on('error', fail)
          }),
      ),
    )
    return arrivals
  }
  const hubArrivals = await connect(`${hub.url.replace('http', 'ws')}/api/v1/stream`)
  const bareArrivals = await connect(bare.url.replace('http', 'ws'))

  /** Waits until every client has `n` messages, then returns and clears them. */
  const delivered = async (arrivals: { at: bigint; data: string }[][], n: number) => {
    const deadline = Date.now() + 10_000
    while (arrivals.some((a) => a.length < n)) {
      if (Date.now() > deadline) throw new Error('a client did not receive the event')
      await new Promise((r) => setImmediate(r))
    }
    return arrivals.map((a) => a.splice(0))
  }

  let sample = ''
  const hubLatency: number[] = []
  const bareLatency: number[] = []
  for (let i = 0; i < ROUNDS + WARM_UP; i++) {
    const keep = i >= WARM_UP
    // The hub: call-next, then a no-show to free the counter for the next round.
    let t0 = process.hrtime.bigint()
    await command('callNext', { counterId: 1 }, clerk)
    const calls = await delivered(hubArrivals, 1)
    sample = calls[0]![0]!.data
    if (!sample.includes('"ticketCalled"')) throw new Error(`expected the call event, got ${sample.slice(0, 80)}`)
    if (keep) for (const c of calls) hubLatency.push(Number(c[0]!.at - t0) / 1000)
    await command('noShow', { counterId: 1 }, clerk)
    await delivered(hubArrivals, 1)

    // The bare broadcast of the same bytes.
    t0 = process.hrtime.bigint()
    await post(`${bare.url}/broadcast`, sample)
    const got = await delivered(bareArrivals, 1)
    if (got[0]![0]!.data.length !== sample.length) throw new Error('bare message differs in size')
    if (keep) for (const c of got) bareLatency.push(Number(c[0]!.at - t0) / 1000)
  }

  finish(
    'fan-out',
    `Fan-out — call-next on the hub to ${CLIENTS} WebSocket clients in another process`,
    [
      figure('event to 50 clients median', median(hubLatency), 'µs', { baseline: { name: 'bare ws broadcast median', value: median(bareLatency) } }),
      figure('event to 50 clients p99', p99(hubLatency), 'µs', { baseline: { name: 'bare ws broadcast p99', value: p99(bareLatency) }, max: 2 }),
    ],
    [
      `${ROUNDS} rounds × ${CLIENTS} clients, hub and bare alternately; message ${sample.length} bytes; the hub answers after its durable commit (synchronous=FULL)`,
      'latency per client: from sending the HTTP POST to that client receiving the message',
    ],
    started,
  )
} finally {
  for (const ws of sockets) ws.terminate()
  for (const c of children) await c.stop()
  rmSync(dataDir, { recursive: true, force: true })
}

