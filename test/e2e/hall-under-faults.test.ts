/**
 * Several counter PCs, one hall — and nothing lost, nobody let in, whatever happens.
 *
 * A kiosk and two counters, each in its own process and paired as a terminal, plus a hall
 * display in Chromium, run a busy stretch against one hub while the hub is killed with SIGKILL
 * twenty times at random moments, the database is held by another program long enough for
 * commands to fail, and hostile requests keep arriving. Afterwards every acknowledged command is
 * in the database, numbering has no gap or duplicate, the database is sound, the day recomputed
 * from the event log equals the summary, every terminal caught up by itself with the same hall as
 * the hub, no phone number is on disk in clear, and a client that never paired got nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { WebSocket } from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildRenderer, rendererBuildState } from '../../scripts/ensure-renderer-build'
import { publicState } from '../../src/shared/screen-view'
import { terminalSeesPrivateText } from '../../src/shared/terminals'
import { launchChromium, shoot, SIZES } from '../support/browser'
import { canonical } from '../support/canonical'
import { tempDir } from '../support/hall-fixture'
import { ROOT, startHub, type HubProcess } from '../support/hub-process'

const PIN = '975310'
const SERVICES = ['MOBILE', 'BROADBAND', 'PAYMENT']
const KILLS = Number(process.env.HALLQ_FAULT_KILLS ?? 20)
const data = tempDir('hallq-e2e-faults-')
const dataDir = join(data.dir, 'hall')
const dbFile = join(dataDir, 'hallq.db')

let hub: HubProcess
let port: number
let browser: Browser | null = null
const agents: ChildProcess[] = []

beforeAll(async () => {
  if (rendererBuildState(ROOT).stale) expect(buildRenderer(ROOT)).toBe(0)
  port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port
      s.close(() => resolve(p))
    })
  })
  hub = await startHub({ dataDir, port, adminPin: PIN })
})

afterAll(async () => {
  for (const a of agents) if (a.exitCode === null) a.kill('SIGKILL')
  await browser?.close()
  await hub?.stop('SIGKILL')
  data.remove()
})

interface Line {
  ack?: { agent: string; name: string; key: string; payload: any; body: any }
  stopped?: { agent: string }
  final?: { agent: string; seq: number | null; hubSeq: number; online: boolean; state: string | null }
  error?: { agent: string; message: string }
  retry?: { agent: string; name: string; status: number; code?: string }
}

function startAgent(config: Record<string, unknown>): { child: ChildProcess; lines: Line[]; done: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/terminal-agent.ts', JSON.stringify(config)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  agents.push(child)
  const lines: Line[] = []
  let buffer = ''
  child.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString()
    let nl: number
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, nl)
      buffer = buffer.slice(nl + 1)
      if (text.trim()) lines.push(JSON.parse(text) as Line)
    }
  })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const done = new Promise<void>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`agent ${String(config.id)} exited ${code}: ${stderr}`)))),
  )
  return { child, lines, done }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const url = () => `http://127.0.0.1:${port}`

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url() + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json().catch(() => null) }
}

describe('a busy stretch while the hub is killed twenty times', () => {
  it('loses nothing acknowledged, lets nobody in, and every terminal resumes by itself', { timeout: 900_000 }, async () => {
    // ---- Setting up the hall, from the hub PC itself (loopback is trusted until we say not).
    // The kiosk agent issues at machine speed, far above a real kiosk's pace: it is let through.
    const admin = (await api('POST', '/api/v1/commands/login', { staffCode: 'admin', pin: PIN })).body.token as string
    const asAdmin = { authorization: `Bearer ${admin}` }
    expect((await api('POST', '/api/v1/commands/updateSettings', { patch: { privacy: { collectPhone: true }, issuing: { perTerminalPerMinute: 600 } } }, asAdmin)).status).toBe(200)
    for (const code of ['k1', 'k2']) {
      expect((await api('POST', '/api/v1/commands/saveClerk', { staffCode: code, name: code, role: 'clerk', active: true, pin: '2468' }, asAdmin)).status).toBe(200)
    }
    const pair = async (name: string, role: string, counterId?: number) => {
      const code = (await api('POST', '/api/v1/commands/createPairingCode', { name, role, ...(counterId ? { counterId } : {}) }, asAdmin)).body.code as string
      const paired = await api('POST', '/api/v1/pair', { code })
      expect(paired.status).toBe(200)
      return { token: paired.body.token as string, code }
    }
    const managerTerminal = (await pair('值班经理', 'manager')).token
    const kioskTerminal = (await pair('取号机', 'kiosk')).token
    const counter1 = (await pair('1号窗口', 'counter', 1)).token
    const counter2 = (await pair('2号窗口', 'counter', 2)).token
    const evaluator1 = (await pair('1号评价器', 'evaluator', 1)).token
    const evaluator2 = (await pair('2号评价器', 'evaluator', 2)).token
    const displayCode = (await api('POST', '/api/v1/commands/createPairingCode', { name: '大屏', role: 'display' }, asAdmin)).body.code as string
    expect((await api('POST', '/api/v1/commands/updateSettings', { patch: { security: { trustLoopback: false } } }, asAdmin)).status).toBe(200)
    const asManager = { ...asAdmin, 'x-hallq-terminal-token': managerTerminal }

    // From now on the hub PC's own address counts for nothing: an unpaired client gets nothing.
    const unpaired = async () => {
      const probes = [
        await api('GET', '/api/v1/snapshot'),
        await api('GET', '/api/v1/events?after=0'),
        await api('POST', '/api/v1/commands/issueTicket', { serviceId: 'MOBILE' }),
        await api('POST', '/api/v1/commands/login', { staffCode: 'admin', pin: PIN }),
        await api('GET', `/api/v1/days/2026-01-01/records`, undefined, asAdmin),
      ]
      const ws = await new Promise<number>((resolve) => {
        const s = new WebSocket(`ws://127.0.0.1:${port}/api/v1/stream`)
        s.on('unexpected-response', (_q, r) => resolve(r.statusCode ?? 0))
        s.on('open', () => resolve(101))
        s.on('error', () => resolve(0))
      })
      return { statuses: probes.map((p) => p.status), codes: probes.map((p) => p.body?.error?.code), ws }
    }
    expect(await unpaired()).toEqual({ statuses: [401, 401, 401, 401, 401], codes: Array(5).fill('TERMINAL_NOT_PAIRED'), ws: 401 })

    // ---- The fourth terminal: the hall TV, a browser paired with its own code.
    browser = await launchChromium()
    const context = await browser.newContext({ viewport: SIZES.fullHd, locale: 'zh-CN' })
    expect((await context.request.post(`${url()}/api/v1/pair`, { data: { code: displayCode } })).status()).toBe(200)
    const display = await context.newPage()
    await display.goto(`${url()}/display`)
    await display.locator('[data-test="display"]').waitFor({ timeout: 60_000 })

    // ---- Three terminals in three processes.
    const common = { hub: url(), services: SERVICES, phones: true }
    const kiosk = startAgent({ ...common, id: 'kiosk', role: 'kiosk', terminalToken: kioskTerminal, seed: 11 })
    const c1 = startAgent({ ...common, id: 'counter-1', role: 'counter', counterId: 1, staffCode: 'k1', pin: '2468', terminalToken: counter1, evaluatorToken: evaluator1, seed: 22 })
    const c2 = startAgent({ ...common, id: 'counter-2', role: 'counter', counterId: 2, staffCode: 'k2', pin: '2468', terminalToken: counter2, evaluatorToken: evaluator2, seed: 33 })
    const all = [kiosk, c1, c2]

    // ---- Hostile requests all along: from nobody, and from the paired display.
    let hostile = true
    const hostileStatuses: number[] = []
    const hostileLoop = (async () => {
      let i = 0
      while (hostile) {
        const token: Record<string, string> = i % 2 === 0 ? {} : { 'x-hallq-terminal-token': i % 4 === 1 ? 'forged' : managerTerminal.slice(0, 10) }
        const bodies = [{ serviceId: '../../etc' }, { counterId: -1 }, 'null', { __proto__: { admin: true } }, { patch: { security: { trustLoopback: true } } }]
        const names = ['issueTicket', 'callNext', 'updateSettings', 'closeDay', 'revealContact', 'pairTerminal']
        try {
          const res = await api('POST', `/api/v1/commands/${names[i % names.length]}`, bodies[i % bodies.length], token)
          hostileStatuses.push(res.status)
        } catch {
          // hub down at that moment
        }
        i++
        await sleep(40)
      }
    })()

    // ---- Faults: twenty SIGKILLs at random moments; once, the database held by another program.
    const random = (() => {
      let a = 20261128
      return () => ((a = (a * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    })()
    const lockDuringRun = async () => {
      // Twice the hub's busy timeout (5 s): commands must fail with STORAGE_BUSY, change nothing,
      // and go through when retried afterwards.
      const locker = spawn(
        process.execPath,
        ['-e', `const D=require('better-sqlite3');const d=new D(${JSON.stringify(dbFile)});d.exec('BEGIN EXCLUSIVE');console.log('locked');setTimeout(()=>{d.exec('COMMIT');d.close()},12000)`],
        { cwd: ROOT },
      )
      let said = ''
      locker.stdout!.on('data', (d: Buffer) => (said += d.toString()))
      locker.stderr!.on('data', (d: Buffer) => (said += d.toString()))
      const code = await new Promise((r) => locker.on('exit', r))
      expect({ code, said: said.trim() }).toEqual({ code: 0, said: 'locked' })
    }
    await sleep(3_000)
    for (let k = 1; k <= KILLS; k++) {
      if (k === KILLS / 2) await lockDuringRun()
      await sleep(1_500 + random() * 2_500)
      hub.child.kill('SIGKILL')
      await new Promise((r) => (hub.child.exitCode !== null || hub.child.signalCode !== null ? r(null) : hub.child.once('exit', r)))
      hub = await startHub({ dataDir, port })
    }
    await sleep(3_000)

    // ---- The end of the stretch: terminals stop, each reports the hall it sees.
    hostile = false
    await hostileLoop
    for (const a of all) a.child.kill('SIGTERM')
    await expect.poll(() => all.every((a) => a.lines.some((l) => l.stopped)), { timeout: 60_000 }).toBe(true)
    // The hall is still now: every terminal reports what it sees.
    for (const a of all) a.child.kill('SIGUSR2')
    await Promise.all(all.map((a) => a.done))
    const errors = all.flatMap((a) => a.lines.filter((l) => l.error))
    expect(errors).toEqual([])
    const acks = all.flatMap((a) => a.lines.flatMap((l) => (l.ack ? [l.ack] : [])))
    const retries = all.flatMap((a) => a.lines.flatMap((l) => (l.retry ? [l.retry] : [])))

    // Hostile input: refused with a 4xx every time (a 5xx only while the database was held).
    expect(hostileStatuses.length).toBeGreaterThan(100)
    expect(hostileStatuses.filter((s) => s < 400 || (s >= 500 && s !== 503))).toEqual([])
    // The held database made some commands fail for real, and they were retried.
    expect(retries.filter((r) => r.code === 'STORAGE_BUSY').length, JSON.stringify(retries)).toBeGreaterThan(0)

    const health = (await api('GET', '/api/v1/health')).body as { seq: number; businessDay: string }
    const snapshot = (await api('GET', '/api/v1/snapshot', undefined, { 'x-hallq-terminal-token': managerTerminal })).body
    for (const [a, role] of [[kiosk, 'kiosk'], [c1, 'counter'], [c2, 'counter']] as const) {
      const final = a.lines.find((l) => l.final)!.final!
      expect(final.online, `${final.agent} is back online by itself`).toBe(true)
      expect(final.seq, `${final.agent} caught up`).toBe(health.seq)
      // A kiosk sees the hall as every public screen does: without notes and other private text.
      const seen = terminalSeesPrivateText(role) ? snapshot.state : publicState(snapshot.state)
      expect(final.state, `${final.agent} sees the hub's hall`).toBe(canonical(seen))
    }

    // The TV caught up too: every counter shows the number it is serving.
    for (const c of Object.values(snapshot.state.counters) as any[]) {
      if (c.currentTicketId === null) continue
      const number = snapshot.state.tickets[c.currentTicketId].number as string
      await expect.poll(() => display.locator(`[data-test="display-counter-${c.id}"]`).textContent(), { timeout: 30_000 }).toContain(number)
    }
    await shoot(display, 'faults-display-after-20-kills')

    // The day recomputed from the event log equals the summary.
    const verify = await api('GET', `/api/v1/reports/days/${health.businessDay}/verify`, undefined, asManager)
    expect(verify.status).toBe(200)
    expect(verify.body.differences).toEqual([])
    expect(verify.body.equal).toBe(true)

    // A backup now, so the privacy scan covers one with today's numbers in it.
    expect((await api('POST', '/api/v1/backups', undefined, asManager)).status).toBe(200)
    const walWhileRunning = readFileSync(`${dbFile}-wal`)
    expect(await unpaired()).toEqual({ statuses: [401, 401, 401, 401, 401], codes: Array(5).fill('TERMINAL_NOT_PAIRED'), ws: 401 })
    await hub.stop('SIGTERM')

    // ---- Every acknowledged command is there.
    const db = new Database(dbFile, { readonly: true })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const tickets = new Map((db.prepare('SELECT * FROM tickets').all() as any[]).map((t) => [t.id, t]))
    const records = new Map((db.prepare('SELECT * FROM service_records').all() as any[]).map((r) => [r.id, r]))
    const issued = acks.filter((a) => a.name === 'issueTicket')
    expect(issued.length).toBeGreaterThan(50)
    for (const a of issued) expect(tickets.get(a.body.ticketId)?.number, `ticket ${a.body.number}`).toBe(a.body.number)
    // Retried with the same key, applied once: one ticket per acknowledged issue (plus at most one in flight when the kiosk stopped).
    const loggedIssues = db.prepare("SELECT COUNT(*) FROM event_log WHERE command = 'issueTicket'").pluck().get() as number
    expect(loggedIssues).toBeGreaterThanOrEqual(issued.length)
    expect(loggedIssues).toBeLessThanOrEqual(issued.length + 1)
    for (const a of acks.filter((x) => x.body && typeof x.body === 'object' && 'recordId' in x.body)) {
      const r = records.get(a.body.recordId)
      expect(r, `${a.name} of record ${a.body.recordId}`).toBeDefined()
      if (a.name !== 'rateService') expect(r.ticket_id).toBe(a.body.ticketId)
      if (a.name === 'callNext') expect(r.counter_id).toBe(a.body.counterId)
      if (a.name === 'finishService') expect(r.outcome).toBe(a.payload.outcome)
      if (a.name === 'noShow') expect(r.outcome).toBe('no_show')
      if (a.name === 'transfer') expect(r.outcome).toBe('transferred')
      if (a.name === 'rateService') expect(r.rating).toBe(a.payload.score)
    }
    expect(acks.filter((a) => a.name === 'finishService').length).toBeGreaterThan(10)
    // Numbering: per service, 1..N with no gap and no duplicate.
    for (const serviceId of SERVICES) {
      const seqs = (db.prepare('SELECT seq FROM tickets WHERE issued_service_id = ? ORDER BY seq').pluck().all(serviceId) as number[])
      expect(seqs, serviceId).toEqual(seqs.map((_, i) => i + 1))
    }
    // One ticket, one holder.
    const held = db.prepare("SELECT current_ticket_id FROM counters WHERE current_ticket_id IS NOT NULL").pluck().all() as number[]
    expect(new Set(held).size).toBe(held.length)
    db.close()

    // ---- Private: no phone number left in clear anywhere on disk.
    const phones = new Set<string>()
    for (const a of acks) {
      if (a.payload?.callbackPhone) phones.add(a.payload.callbackPhone)
      if (a.payload?.complaint?.phone) phones.add(a.payload.complaint.phone)
    }
    expect(phones.size).toBeGreaterThan(5)
    const files: string[] = []
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name)
        if (statSync(p).isDirectory()) walk(p)
        else files.push(p)
      }
    }
    walk(dataDir)
    const contents = [walWhileRunning.toString('latin1'), ...files.map((f) => readFileSync(f).toString('latin1'))]
    for (const phone of phones) expect(contents.some((c) => c.includes(phone)), `${phone} found in clear`).toBe(false)
  })
})
