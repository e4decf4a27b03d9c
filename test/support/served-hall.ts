/**
 * A test hall served over a real socket on 127.0.0.1, fresh for every test, and terminals paired
 * to it from another loopback address (127.0.0.3 stands for a PC elsewhere on the LAN).
 */
import type { FastifyInstance } from 'fastify'
import { afterEach, beforeEach } from 'vitest'
import { WebSocket } from 'ws'
import { buildServer, type ServerOptions } from '../../src/main/server/http-server'
import type { TerminalRole } from '../../src/shared/terminals'
import { openHall, silentLogger, type Fixture } from './hall-fixture'
import { rawRequest } from './raw-http'

export interface ServedHall {
  readonly f: Fixture
  readonly app: FastifyInstance
  /** `http://127.0.0.1:PORT` */
  readonly base: string
}

export interface ServedHallOptions {
  /** Runs on the new hall before it is served (clerks, settings). */
  prepare?: (f: Fixture) => Promise<void> | void
  /** Server options other than the hall (logger, routes, host names). */
  server?: (f: Fixture) => Partial<Omit<ServerOptions, 'hall'>>
}

/**
 * Registers beforeEach/afterEach that open, serve and close a hall; the returned object reads the
 * current test's hall, server and address.
 */
export function servedHallPerTest(options: ServedHallOptions = {}): ServedHall {
  let current: { f: Fixture; app: FastifyInstance; base: string } | undefined
  const streams = openStreams
  beforeEach(async () => {
    const f = await openHall()
    await options.prepare?.(f)
    const app = await buildServer({ logger: silentLogger, version: 't', ...options.server?.(f), hall: f.hall })
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    current = { f, app, base }
  })
  afterEach(async () => {
    const served = current
    current = undefined
    for (const ws of streams.splice(0)) ws.terminate()
    await served?.app.close()
    served?.f.close()
  })
  const now = () => {
    if (!current) throw new Error('the served hall exists only inside a test')
    return current
  }
  return {
    get f() {
      return now().f
    },
    get app() {
      return now().app
    },
    get base() {
      return now().base
    },
  }
}

export interface PairSpec {
  name: string
  role: TerminalRole
  /** Counter PCs and evaluators belong to a counter (1 unless given). */
  counterId?: number
  /** The pairing PC's address; 127.0.0.3 unless given. */
  from?: string
}

/** Pairs a terminal with a code the administrator makes; fails the test if pairing is refused. */
export async function pairTerminal(hub: ServedHall, spec: PairSpec): Promise<{ id: number; token: string }> {
  const counterId = spec.role === 'counter' || spec.role === 'evaluator' ? { counterId: spec.counterId ?? 1 } : {}
  const { code } = await hub.f.run('createPairingCode', { name: spec.name, role: spec.role, ...counterId }, hub.f.adminToken)
  const res = await rawRequest(hub.base, '/api/v1/pair', { body: { code }, from: spec.from ?? '127.0.0.3' })
  if (res.status !== 200) throw new Error(`pairing ${spec.name} (${spec.role}) refused: ${res.status} ${res.body}`)
  return { id: res.json().terminal.id, token: res.json().token }
}

const openStreams: WebSocket[] = []

export interface OpenStream {
  /** Every text frame received, in order (the first is the snapshot). */
  frames: string[]
  /** The frames parsed as JSON. */
  readonly messages: any[]
  /** Resolves with the close code when the hub closes the stream. */
  closed: Promise<number>
}

/**
 * Opens the event stream with the given headers from the given address and waits for its first
 * frame (the snapshot). Streams still open at the end of a test are cut.
 */
export async function openStream(
  hub: ServedHall,
  headers: Record<string, string>,
  options: { from?: string; after?: number } = {},
): Promise<OpenStream> {
  const query = options.after === undefined ? '' : `?after=${options.after}`
  const ws = new WebSocket(`${hub.base.replace('http', 'ws')}/api/v1/stream${query}`, { headers, ...(options.from ? { localAddress: options.from } : {}) })
  openStreams.push(ws)
  const frames: string[] = []
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      frames.push(String(data))
      resolve()
    })
    ws.on('error', reject)
  })
  return {
    frames,
    get messages() {
      return frames.map((f) => JSON.parse(f))
    },
    closed,
  }
}
