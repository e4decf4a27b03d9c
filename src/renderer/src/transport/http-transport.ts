/**
 * The browser's way to the hall: commands over HTTP, the event stream over a WebSocket, both
 * against the hub that served the page. Reconnects with backoff; a silent socket (a TV on
 * flaky Wi-Fi) is detected with pings.
 */
import { API_PATHS, IDEMPOTENCY_HEADER, TERMINAL_HEADER } from '../../../shared/api'
import type { CommandInput, CommandName, CommandResult } from '../../../shared/commands'
import type { Actor } from '../../../shared/domain'
import { isErrorCode } from '../../../shared/errors'
import { isReportRead, REPORT_PATHS, reportReadPath, type ExportJob, type ExportRequest, type ReportReads } from '../../../shared/reports'
import type { Terminal } from '../../../shared/terminals'
import type { HubActionName, HubReadName, HubRequestArgs, IpcQueries } from '../../../shared/ipc'
import type { VoicePackIndex } from '../../../shared/voice'
import { backoffMs, HallError, randomKey, type CommandOptions, type ReadArgs, type ReadName, type ReadResult, type StreamSink, type Transport, type VoicePack } from './transport'

export interface HttpTransportOptions {
  /** e.g. http://192.168.1.10:8080 — the page's own origin in production. */
  baseUrl: string
  terminal: string
  language: () => string
  fetch?: typeof fetch
  WebSocket?: typeof WebSocket
  /** How long a command may take before the screen says so. */
  commandTimeoutMs?: number
  pingIntervalMs?: number
  random?: () => number
}

const PING_MS = 20_000

/** Where each of the hub's reads and actions is on the HTTP API. */
const READ_PATHS: { [Q in HubReadName]: (args: HubRequestArgs<Q>) => string } = {
  devices: () => API_PATHS.devices,
  devicePorts: () => API_PATHS.devicePorts,
  terminals: () => API_PATHS.terminals,
  backups: () => API_PATHS.backups,
  centralLink: () => API_PATHS.centralLink,
  groupConfig: () => API_PATHS.groupConfig,
  complaints: (args) => {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(args)) if (typeof v === 'string' && v !== '') params.set(k, v)
    const q = params.toString()
    return q ? `${API_PATHS.complaints}?${q}` : API_PATHS.complaints
  },
  complaint: ({ id }) => API_PATHS.complaint(id),
  clerkPhoto: ({ clerkId, version }) => API_PATHS.clerkPhoto(clerkId, version),
}
const ACTIONS: { [Q in HubActionName]: (args: HubRequestArgs<Q>) => { path: string; body: unknown } } = {
  deviceTest: ({ id, ...body }) => ({ path: API_PATHS.deviceTest(encodeURIComponent(id)), body }),
  backupNow: () => ({ path: API_PATHS.backups, body: {} }),
}

export class HttpTransport implements Transport {
  readonly kind = 'http' as const
  private readonly fetch: typeof fetch
  private readonly WS: typeof WebSocket
  private socket: WebSocket | null = null
  private sink: StreamSink | null = null
  private after: () => number | null = () => null
  private attempt = 0
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private pingTimer: ReturnType<typeof setInterval> | null = null
  private awaitingPong = false
  private closed = false
  /** Bumped by every connection attempt: an older attempt still awaiting /health gives up. */
  private generation = 0

  constructor(private readonly options: HttpTransportOptions) {
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis)
    this.WS = options.WebSocket ?? globalThis.WebSocket
  }

  async command<N extends CommandName>(name: N, payload: CommandInput<N>, options: CommandOptions = {}): Promise<CommandResult<N>> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'accept-language': this.options.language(),
      [TERMINAL_HEADER]: this.options.terminal,
      // One key per action: if the answer is lost and we retry, the hub applies it once.
      [IDEMPOTENCY_HEADER]: randomKey(),
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`
    const body = JSON.stringify(payload ?? {})
    let response: Response
    try {
      response = await this.request(API_PATHS.command(name), { method: 'POST', headers, body })
    } catch (err) {
      if (isHallError(err) && err.code === 'TIMEOUT') throw err
      // A network error may have happened after the hub committed: retry once with the same key.
      await new Promise((r) => setTimeout(r, 400))
      response = await this.request(API_PATHS.command(name), { method: 'POST', headers, body }).catch((e: unknown) => {
        throw isHallError(e) ? e : new HallError('OFFLINE')
      })
    }
    return (await readJson(response)) as CommandResult<N>
  }

  async whoAmI(token: string): Promise<Actor> {
    const response = await this.request(API_PATHS.me, { headers: { authorization: `Bearer ${token}`, [TERMINAL_HEADER]: this.options.terminal } }).catch((e: unknown) => {
      throw isHallError(e) ? e : new HallError('OFFLINE')
    })
    return ((await readJson(response)) as { actor: Actor }).actor
  }

  async terminal(): Promise<Terminal | null> {
    const response = await this.request(API_PATHS.me, { headers: this.plainHeaders() }).catch((e: unknown) => {
      throw isHallError(e) ? e : new HallError('OFFLINE')
    })
    return ((await readJson(response)) as { terminal: Terminal | null }).terminal
  }

  async ratingTerminal(): Promise<Terminal | null> {
    const response = await this.request(API_PATHS.me, { headers: this.plainHeaders() }).catch((e: unknown) => {
      throw isHallError(e) ? e : new HallError('OFFLINE')
    })
    return ((await readJson(response)) as { rating?: Terminal | null }).rating ?? null
  }

  async pair(code: string): Promise<Terminal> {
    const response = await this.request(API_PATHS.pair, {
      method: 'POST',
      headers: { ...this.plainHeaders(), 'content-type': 'application/json' },
      body: JSON.stringify({ code: code.trim() }),
    }).catch((e: unknown) => {
      throw isHallError(e) ? e : new HallError('OFFLINE')
    })
    // The hub answers with an HttpOnly cookie: from now on this browser is the paired terminal.
    return ((await readJson(response)) as { terminal: Terminal }).terminal
  }

  private plainHeaders(): Record<string, string> {
    return { 'accept-language': this.options.language(), [TERMINAL_HEADER]: this.options.terminal }
  }

  open(sink: StreamSink, after: () => number | null): void {
    this.sink = sink
    this.after = after
    this.closed = false
    sink.status('connecting', { attempt: 0 })
    void this.connect()
  }

  resync(): void {
    if (this.closed || !this.sink) return
    this.cancelRetry()
    void this.connect()
  }

  close(): void {
    this.closed = true
    this.generation += 1
    this.dropSocket()
    this.cancelRetry()
  }

  async loadVoicePack(lang: string): Promise<VoicePack | null> {
    try {
      const res = await this.fetch(`${this.options.baseUrl}/voice/${encodeURIComponent(lang)}/index.json`)
      if (!res.ok) return null
      const index = (await res.json()) as VoicePackIndex
      const clips = new Map<string, string>()
      for (const [name, file] of Object.entries(index.clips ?? {})) {
        clips.set(name, `${this.options.baseUrl}/voice/${encodeURIComponent(lang)}/${encodeURIComponent(file)}`)
      }
      return clips.size > 0 ? { lang: index.lang ?? lang, clips } : null
    } catch {
      return null
    }
  }

  async read<N extends ReadName>(name: N, args: ReadArgs<N>, options: CommandOptions = {}): Promise<ReadResult<N>> {
    const path = isReportRead(name)
      ? reportReadPath(name, args as ReportReads[typeof name]['args'])
      : (READ_PATHS[name as HubReadName] as (a: unknown) => string)(args)
    const response = await this.request(path, { headers: this.headers(options.token) }).catch(offline)
    if (name === 'clerkPhoto' && response.ok) {
      // The picture itself, not JSON; asked by version, the browser's cache answers the next time.
      const type = response.headers.get('content-type') === 'image/png' ? 'image/png' : 'image/jpeg'
      const result: IpcQueries['clerkPhoto']['result'] = {
        clerkId: (args as HubRequestArgs<'clerkPhoto'>).clerkId,
        version: (response.headers.get('etag') ?? '').replaceAll('"', ''),
        type,
        bytes: new Uint8Array(await response.arrayBuffer()),
      }
      return result as ReadResult<N>
    }
    return (await readJson(response)) as ReadResult<N>
  }

  async act<Q extends HubActionName>(name: Q, args: HubRequestArgs<Q>, options: CommandOptions = {}): Promise<IpcQueries[Q]['result']> {
    const { path, body } = (ACTIONS[name] as (a: HubRequestArgs<Q>) => { path: string; body: unknown })(args)
    // Not retried: a test print sent twice prints twice.
    const init = { method: 'POST', headers: { ...this.headers(options.token), 'content-type': 'application/json' }, body: JSON.stringify(body) }
    const response = await this.request(path, init).catch(offline)
    return (await readJson(response)) as IpcQueries[Q]['result']
  }

  reportError(error: { message: string; stack?: string; source?: string }): void {
    // The hub has no endpoint for browser errors; the browser console keeps them.
    console.error('[hallq]', error.source ?? '', error.message, error.stack ?? '')
  }

  async startExport(request: ExportRequest, options: CommandOptions = {}): Promise<ExportJob> {
    const init = { method: 'POST', headers: { ...this.headers(options.token), 'content-type': 'application/json' }, body: JSON.stringify(request) }
    const response = await this.request(REPORT_PATHS.exports, init).catch(offline)
    return (await readJson(response)) as ExportJob
  }

  exportFileUrl(job: ExportJob): string {
    return this.options.baseUrl + REPORT_PATHS.exportFile(encodeURIComponent(job.id))
  }

  /** The browser downloads the file itself (the job id is the capability, decision 008). */
  async saveExport(job: ExportJob): Promise<string | null> {
    const link = document.createElement('a')
    link.href = this.exportFileUrl(job)
    link.download = job.fileName
    link.rel = 'noopener'
    document.body.append(link)
    link.click()
    link.remove()
    return null
  }

  /** The browser's own print dialog, with the page's @media print layout (A4). */
  async printPage(_fileName?: string): Promise<string | null> {
    window.print()
    return null
  }

  private headers(token?: string | null): Record<string, string> {
    const headers: Record<string, string> = { 'accept-language': this.options.language(), [TERMINAL_HEADER]: this.options.terminal }
    if (token) headers.authorization = `Bearer ${token}`
    return headers
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    const timeout = this.options.commandTimeoutMs ?? 10_000
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), timeout)
    try {
      return await this.fetch(this.options.baseUrl + path, { ...init, signal: controller.signal })
    } catch (err) {
      if (controller.signal.aborted) throw new HallError('TIMEOUT')
      throw err
    } finally {
      clearTimeout(timer)
    }
  }

  /** Checks the hub is there (and reads its clock), then opens the stream. */
  private async connect(): Promise<void> {
    if (this.closed || !this.sink) return
    const generation = ++this.generation
    let clockOffsetMs: number | undefined
    try {
      const sent = Date.now()
      const res = await this.request(API_PATHS.health, {})
      if (!res.ok) throw new Error(`health ${res.status}`)
      const date = res.headers.get('date')
      // The Date header has whole seconds: the hub's clock is in [date, date + 1 s).
      if (date) clockOffsetMs = Math.round((sent + Date.now()) / 2 - (Date.parse(date) + 500))
    } catch {
      if (generation === this.generation) this.scheduleRetry()
      return
    }
    if (this.closed || generation !== this.generation) return
    // One stream at a time: whatever was open before goes.
    this.dropSocket()
    const after = this.after()
    const base = this.options.baseUrl.replace(/^http/, 'ws')
    const socket = new this.WS(`${base}${API_PATHS.stream}${after === null ? '' : `?after=${after}`}`)
    this.socket = socket
    let opened = false
    socket.onopen = () => {
      if (this.socket !== socket) return
      opened = true
      this.attempt = 0
      this.sink?.status('online', { attempt: 0, ...(clockOffsetMs === undefined ? {} : { clockOffsetMs }) })
      this.startPings(socket)
    }
    socket.onmessage = (event: MessageEvent) => {
      if (this.socket !== socket) return
      let message: unknown
      try {
        message = JSON.parse(String(event.data))
      } catch {
        return
      }
      if ((message as { type?: unknown }).type === 'pong') {
        this.awaitingPong = false
        return
      }
      this.sink?.message(message)
    }
    socket.onclose = () => {
      if (this.socket !== socket) return
      this.dropSocket()
      // Refused before it opened, while the hub answers: perhaps this terminal was revoked.
      if (opened) this.scheduleRetry()
      else void this.retryUnlessRefused(generation)
    }
    socket.onerror = () => {
      // onclose follows and does the work.
    }
  }

  private async retryUnlessRefused(generation: number): Promise<void> {
    try {
      await this.terminal()
    } catch (err) {
      if (this.closed || generation !== this.generation) return
      if (isHallError(err) && err.code === 'TERMINAL_NOT_PAIRED') {
        this.closed = true
        this.sink?.refused?.('TERMINAL_NOT_PAIRED')
        return
      }
    }
    if (!this.closed && generation === this.generation) this.scheduleRetry()
  }

  private startPings(socket: WebSocket): void {
    if (this.pingTimer) clearInterval(this.pingTimer)
    this.awaitingPong = false
    this.pingTimer = setInterval(() => {
      if (this.socket !== socket) return
      if (this.awaitingPong) {
        // No pong since the last ping: the connection is dead even if the socket does not know.
        socket.close()
        this.dropSocket()
        this.scheduleRetry()
        return
      }
      this.awaitingPong = true
      try {
        socket.send(JSON.stringify({ type: 'ping' }))
      } catch {
        // close follows
      }
    }, this.options.pingIntervalMs ?? PING_MS)
  }

  private dropSocket(): void {
    if (this.pingTimer) clearInterval(this.pingTimer)
    this.pingTimer = null
    const socket = this.socket
    this.socket = null
    if (socket && socket.readyState <= 1) {
      try {
        socket.close()
      } catch {
        // already gone
      }
    }
  }

  private cancelRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = null
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return
    this.attempt += 1
    this.sink?.status('offline', { attempt: this.attempt })
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      void this.connect()
    }, backoffMs(this.attempt, this.options.random))
  }
}

function isHallError(e: unknown): e is HallError {
  return e instanceof HallError
}

/** A request that never reached the hub. */
function offline(e: unknown): never {
  throw isHallError(e) ? e : new HallError('OFFLINE')
}

/** The answer's JSON, or the hall's error as a HallError. */
async function readJson(response: Response): Promise<unknown> {
  let body: unknown
  try {
    body = await response.json()
  } catch {
    throw new HallError(response.ok ? 'BAD_REPLY' : response.status >= 500 ? 'INTERNAL' : 'BAD_REPLY')
  }
  if (response.ok) return body
  const error = (body as { error?: { code?: unknown; details?: unknown; message?: unknown } }).error
  if (error && isErrorCode(error.code)) throw new HallError(error.code, error.details, typeof error.message === 'string' ? error.message : undefined)
  throw new HallError(response.status >= 500 ? 'INTERNAL' : 'BAD_REPLY')
}
