/**
 * Call-next over HTTP at an empty hall: what the hub adds to a request beyond its durable commit.
 * The real hub process (`src/main/hub.ts`, an empty data folder, one clerk at counter 1, one
 * customer waiting) answers `POST /api/v1/commands/callNext` — HTTP parsing, the token, the
 * body's validation, the rules, the durable commit, the JSON of the answer and the publish to
 * the screens. Against it, alternately in the same run: a bare `node:http` server in another
 * process that parses the same request, makes one bare durable commit (better-sqlite3, WAL,
 * synchronous=FULL, a database of its own in the same folder) and answers the hub's own answer,
 * serialised (bench/support/bare-commit.ts). Timed from sending the request to the whole answer
 * read, over one kept-alive connection each. First with no screen connected, then with twelve
 * WebSocket clients following the hub's stream (a hall's counters, TV, kiosk and manager), which
 * the bare server does not have to feed. Target (no screens): median ≤ 1.5×, p99 ≤ 3×.
 * `BENCH_PROFILE=DIR` writes the hub's CPU profile (V8 .cpuprofile) to DIR when it stops.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Agent, request } from 'node:http'
import WebSocket from 'ws'
import { startChild, type Child } from './support/child'
import { figure, finish, type Figure } from './support/report'
import { median, p99 } from './support/stats'

const ROUNDS = 500
const WARM_UP = 50
const SCREENS = 12
const ADMIN_PIN = '135790'

const started = performance.now()
const dataDir = mkdtempSync(join(tmpdir(), 'hallq-bench-http-'))
const children: Child[] = []
const sockets: WebSocket[] = []
const agent = new Agent({ keepAlive: true, maxSockets: 1 })
try {
  const hub = await startChild(['src/main/hub.ts', '--data', join(dataDir, 'hall'), '--port', '0'], /HallQ hub listening on (http:\/\/[\d.:]+)/, {
    HALLQ_ADMIN_PIN: ADMIN_PIN,
    ...(process.env.BENCH_PROFILE ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE}` } : {}),
  })
  children.push(hub)
  const bare = await startChild(['bench/support/bare-commit.ts', dataDir], /READY (http:\/\/[\d.:]+)/)
  children.push(bare)

  const post = (url: string, payload: unknown, token?: string): Promise<string> =>
    new Promise((ok, fail) => {
      const data = JSON.stringify(payload)
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8')
            if ((res.statusCode ?? 500) >= 300) fail(new Error(`${url}: ${res.statusCode} ${text}`))
            else ok(text)
          })
        },
      )
      req.on('error', fail)
      req.end(data)
    })
  const command = async (name: string, payload: unknown, token?: string) => {
    const text = await post(`${hub.url}/api/v1/commands/${name}`, payload, token)
    return JSON.parse(text) as Record<string, any>
  }

  const admin = (await command('login', { staffCode: 'admin', pin: ADMIN_PIN })).token as string
  await command('saveClerk', { staffCode: 'c1', name: '王芳', role: 'clerk', active: true, pin: '2468' }, admin)
  const clerk = (await command('login', { staffCode: 'c1', pin: '2468' })).token as string
  await command('openCounter', { counterId: 1 }, clerk)

  // The bare server answers what the hub answers.
  await command('issueTicket', { serviceId: 'MOBILE' })
  const sample = await post(`${hub.url}/api/v1/commands/callNext`, { counterId: 1 }, clerk)
  await command('noShow', { counterId: 1 }, clerk)
  await post(`${bare.url}/answer`, JSON.parse(sample))

  const run = async (label: string): Promise<{ hub: number[]; bare: number[] }> => {
    const hubTimes: number[] = []
    const bareTimes: number[] = []
    for (let i = 0; i < ROUNDS + WARM_UP; i++) {
      const keep = i >= WARM_UP
      await command('issueTicket', { serviceId: 'MOBILE' })
      let t0 = process.hrtime.bigint()
      const answer = await post(`${hub.url}/api/v1/commands/callNext`, { counterId: 1 }, clerk)
      if (keep) hubTimes.push(Number(process.hrtime.bigint() - t0) / 1000)
      if (!answer.includes('"ticket"')) throw new Error(`${label}: unexpected answer ${answer.slice(0, 80)}`)
      await command('noShow', { counterId: 1 }, clerk)

      t0 = process.hrtime.bigint()
      const bareAnswer = await post(`${bare.url}/call`, { counterId: 1 })
      if (keep) bareTimes.push(Number(process.hrtime.bigint() - t0) / 1000)
      if (Math.abs(bareAnswer.length - answer.length) > 64) throw new Error(`${label}: the bare answer differs in size (${bareAnswer.length} vs ${answer.length})`)
    }
    return { hub: hubTimes, bare: bareTimes }
  }

  const alone = await run('no screens')

  // Twelve screens follow the hub's stream.
  await Promise.all(
    Array.from(
      { length: SCREENS },
      () =>
        new Promise<void>((ok, fail) => {
          const ws = new WebSocket(`${hub.url.replace('http', 'ws')}/api/v1/stream`)
          sockets.push(ws)
          ws.once('message', () => ok())
          ws.on('error', fail)
        }),
    ),
  )
  const followed = await run(`${SCREENS} screens`)

  const figures: Figure[] = [
    figure('call-next median (no screens)', median(alone.hub), 'µs', { baseline: { name: 'bare http + commit median', value: median(alone.bare) }, max: 1.5 }),
    figure('call-next p99 (no screens)', p99(alone.hub), 'µs', { baseline: { name: 'bare http + commit p99', value: p99(alone.bare) }, max: 3 }),
    figure(`call-next median (${SCREENS} screens)`, median(followed.hub), 'µs', { baseline: { name: 'bare http + commit median', value: median(followed.bare) } }),
    figure(`call-next p99 (${SCREENS} screens)`, p99(followed.hub), 'µs', { baseline: { name: 'bare http + commit p99', value: p99(followed.bare) } }),
  ]
  finish(
    'http-call-next',
    'Call-next over HTTP at an empty hall — the hub against a bare http server making the same durable commit',
    figures,
    [
      `${ROUNDS} rounds (${WARM_UP} discarded), hub and bare alternately, one kept-alive connection each; answer ${sample.length} bytes`,
      'each round: a ticket issued (not timed), call-next (timed), a no-show (not timed); the bare server: parse, one 300-byte row committed (WAL, FULL), the same answer serialised',
    ],
    started,
  )
} finally {
  for (const ws of sockets) ws.terminate()
  agent.destroy()
  for (const c of children) await c.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
