/**
 * The customer's phone: a clerk calls the next customer on the hub (the real `npm run hub`
 * process) and that customer's phone stream (/api/v1/phone/…/stream) delivers the call — against
 * the staff event stream (/api/v1/stream) delivering the same call, measured from the same POST
 * in the same round. Targets: p50 ≤ 80 ms and p95 ≤ 200 ms, each ≤ 3× the staff stream's.
 * The phone's view is worked out after the command is published (one task later), with the
 * kiosk's wait estimator: that is what this measures. The browser's paint is not in it.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { startChild, type Child } from './support/child'
import { figure, finish } from './support/report'
import { median, quantile } from './support/stats'

const ROUNDS = 150
const WARM_UP = 15
/** Customers waiting behind the one called: every phone of theirs is open too, as in a hall. */
const WAITING_PHONES = 40
const ADMIN_PIN = '135790'

const started = performance.now()
const dataDir = mkdtempSync(join(tmpdir(), 'hallq-bench-phone-'))
const children: Child[] = []
const sockets: WebSocket[] = []
try {
  const hub = await startChild(['src/main/hub.ts', '--data', dataDir, '--port', '0'], /HallQ hub listening on (http:\/\/[\d.:]+)/, { HALLQ_ADMIN_PIN: ADMIN_PIN })
  children.push(hub)
  const post = async (path: string, payload: unknown, token?: string) => {
    const res = await fetch(`${hub.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(payload) })
    const text = await res.text()
    if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`)
    return JSON.parse(text) as Record<string, any>
  }
  const command = (name: string, payload: unknown, token?: string) => post(`/api/v1/commands/${name}`, payload, token)

  const admin = (await command('login', { staffCode: 'admin', pin: ADMIN_PIN })).token as string
  // Any guest address: the phone routes answer on the LAN address too.
  await command('updateSettings', { patch: { phone: { guestUrl: 'http://hallq.guest:8080' } } }, admin)
  await command('saveClerk', { staffCode: 'c1', name: '王芳', role: 'clerk', active: true, pin: '2468' }, admin)
  const clerk = (await command('login', { staffCode: 'c1', pin: '2468' })).token as string
  await command('openCounter', { counterId: 1 }, clerk)
  const links: string[] = []
  for (let i = 0; i < ROUNDS + WARM_UP + WAITING_PHONES; i++) links.push((await command('issueTicket', { serviceId: 'MOBILE' })).phoneUrl as string)

  type Arrival = { at: bigint; data: string }
  const open = (url: string) =>
    new Promise<{ ws: WebSocket; arrivals: Arrival[] }>((ok, fail) => {
      const ws = new WebSocket(url)
      sockets.push(ws)
      const arrivals: Arrival[] = []
      let first = true
      ws.on('message', (data) => {
        const at = process.hrtime.bigint()
        if (first) {
          first = false
          ok({ ws, arrivals })
          return
        }
        arrivals.push({ at, data: data.toString() })
      })
      ws.on('error', fail)
    })
  const phoneStream = (link: string) => {
    const u = new URL(link)
    return `${hub.url.replace('http', 'ws')}/api/v1/phone/${u.pathname.slice(3)}/stream${u.search}`
  }
  const staff = await open(`${hub.url.replace('http', 'ws')}/api/v1/stream`)
  /** Phones open for the next customers in line (the one called next, and those behind). */
  const phones = new Map<number, Awaited<ReturnType<typeof open>>>()
  const ensurePhones = async (from: number) => {
    for (let i = from; i < Math.min(links.length, from + WAITING_PHONES); i++) if (!phones.has(i)) phones.set(i, await open(phoneStream(links[i]!)))
  }
  const until = async (pred: () => Arrival | undefined, what: string): Promise<Arrival> => {
    const deadline = Date.now() + 10_000
    for (;;) {
      const found = pred()
      if (found) return found
      if (Date.now() > deadline) throw new Error(`no ${what}`)
      await new Promise((r) => setImmediate(r))
    }
  }

  const phoneMs: number[] = []
  const staffMs: number[] = []
  for (let i = 0; i < ROUNDS + WARM_UP; i++) {
    await ensurePhones(i)
    const phone = phones.get(i)!
    await new Promise((r) => setTimeout(r, 20))
    phone.arrivals.length = 0
    staff.arrivals.length = 0
    const t0 = process.hrtime.bigint()
    await command('callNext', { counterId: 1 }, clerk)
    const onStaff = await until(() => staff.arrivals.find((a) => a.data.includes('"ticketCalled"')), 'staff event')
    const onPhone = await until(() => phone.arrivals.find((a) => a.data.includes('"state":"called"')), 'phone call')
    if (i >= WARM_UP) {
      staffMs.push(Number(onStaff.at - t0) / 1e6)
      phoneMs.push(Number(onPhone.at - t0) / 1e6)
    }
    phone.ws.close()
    phones.delete(i)
    await command('startService', { counterId: 1 }, clerk)
    await command('finishService', { counterId: 1 }, clerk)
  }

  const p95 = (s: readonly number[]) => quantile(s, 0.95)
  finish(
    'phone',
    "The customer's phone — counter call-next → the phone's stream shows the call",
    [
      figure('call on the phone p50', median(phoneMs), 'ms', { max: 80, of: 'value' }),
      figure('call on the phone p95', p95(phoneMs), 'ms', { max: 200, of: 'value' }),
      figure('call on the phone p50 vs staff stream', median(phoneMs), 'ms', { baseline: { name: 'staff stream p50', value: median(staffMs) }, max: 3 }),
      figure('call on the phone p95 vs staff stream', p95(phoneMs), 'ms', { baseline: { name: 'staff stream p95', value: p95(staffMs) }, max: 3 }),
    ],
    [
      `${ROUNDS} calls at one counter, ${WAITING_PHONES} customers' phones open (each worked out again on every command); the hub answers after its durable commit`,
      'latency: from sending the call-next POST to the WebSocket message on the phone (and on the staff stream, same round); the browser paint is not included',
    ],
    started,
  )
} finally {
  for (const ws of sockets) ws.terminate()
  for (const c of children) await c.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
