/**
 * One serial port as the hub holds it: opened, reopened with backoff when the cable is pulled,
 * and used by one job at a time, in order (several LED bars share one RS-485 bus). A job runs
 * only while the port is open and fails fast otherwise: the hall never waits for a device, and
 * nothing is queued up to come out of a printer minutes later.
 */
import type { Logger } from 'pino'
import { DeviceFailure, asFailure, type DevicePort, type PortOpener } from './port'

export interface LinkIO {
  /** Sends bytes; resolves once they have left for the device. */
  write(bytes: Uint8Array): Promise<void>
  /** Waits until the bytes received during this job satisfy `complete`; fails with noResponse after `timeoutMs`. */
  read(complete: (received: Buffer) => boolean, timeoutMs: number): Promise<Buffer>
  /** Forgets what was received so far (before asking a question). */
  discardInput(): void
  sleep(ms: number): Promise<void>
}

export interface LinkState {
  connected: boolean
  /** Why the port is closed or last failed to open; null while it is open. */
  error: string | null
}

export interface PortLinkOptions {
  /** For the log: the port path, or the device name. */
  name: string
  open: PortOpener
  logger: Logger
  /** Reconnect delays: doubling from min to max. */
  backoff?: { minMs: number; maxMs: number }
}

export const DEFAULT_BACKOFF = { minMs: 250, maxMs: 2000 }
const CLOSE_WAIT_MS = 2000

function closeWithin(port: DevicePort, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    port.close().then(
      () => {
        clearTimeout(timer)
        resolve()
      },
      () => {
        clearTimeout(timer)
        resolve()
      },
    )
  })
}

export class PortLink {
  private port: DevicePort | null = null
  private stopped = false
  private opening = false
  private attempt = 0
  private timer: NodeJS.Timeout | null = null
  private queue: Promise<unknown> = Promise.resolve()
  private lastError: string | null = null
  private readonly dataListeners = new Set<(chunk: Buffer) => void>()
  private readonly stateListeners = new Set<(state: LinkState) => void>()
  private readonly backoff: { minMs: number; maxMs: number }

  constructor(private readonly options: PortLinkOptions) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF
  }

  get state(): LinkState {
    return { connected: this.port !== null, error: this.port ? null : this.lastError }
  }

  start(): void {
    this.stopped = false
    void this.connect()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const port = this.port
    this.port = null
    if (port) await closeWithin(port, CLOSE_WAIT_MS)
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.dataListeners.add(listener)
    return () => this.dataListeners.delete(listener)
  }

  onState(listener: (state: LinkState) => void): () => void {
    this.stateListeners.add(listener)
    return () => this.stateListeners.delete(listener)
  }

  /**
   * Runs `job` alone on the port, after the jobs queued before it. Rejects with a
   * DeviceFailure: notConnected at once when the port is closed, timeout after `timeoutMs`
   * (and then the port is reopened, because a write stuck in the driver would block every
   * later job).
   */
  run<T>(job: (io: LinkIO) => Promise<T>, timeoutMs: number): Promise<T> {
    const result = this.queue.then(() => this.execute(job, timeoutMs))
    this.queue = result.catch(() => undefined)
    return result
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.port || this.opening) return
    this.opening = true
    let port: DevicePort
    try {
      port = await this.options.open()
    } catch (err) {
      this.opening = false
      const message = err instanceof Error ? err.message : String(err)
      if (message !== this.lastError || this.attempt === 0) this.options.logger.warn({ port: this.options.name, err: message }, 'device port cannot be opened; retrying')
      this.lastError = message
      this.emitState()
      this.scheduleReconnect()
      return
    }
    this.opening = false
    if (this.stopped) {
      await port.close().catch(() => undefined)
      return
    }
    this.port = port
    this.attempt = 0
    this.lastError = null
    port.onData((chunk) => {
      for (const l of this.dataListeners) l(chunk)
    })
    port.onClose((err) => this.closed(port, err))
    this.options.logger.info({ port: this.options.name }, 'device port open')
    this.emitState()
  }

  private closed(port: DevicePort, err: Error | null): void {
    if (this.port !== port) return
    this.port = null
    this.lastError = err?.message ?? 'port closed'
    this.options.logger.warn({ port: this.options.name, err: this.lastError }, 'device port closed; reconnecting')
    this.emitState()
    this.scheduleReconnect()
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.timer) return
    const delay = Math.min(this.backoff.maxMs, this.backoff.minMs * 2 ** this.attempt)
    this.attempt++
    this.timer = setTimeout(() => {
      this.timer = null
      void this.connect()
    }, delay)
    this.timer.unref?.()
  }

  private emitState(): void {
    const state = this.state
    for (const l of this.stateListeners) {
      try {
        l(state)
      } catch (err) {
        this.options.logger.error({ err }, 'device state listener failed')
      }
    }
  }

  private async execute<T>(job: (io: LinkIO) => Promise<T>, timeoutMs: number): Promise<T> {
    const port = this.port
    if (!port) throw new DeviceFailure('notConnected', this.lastError)
    const io = new JobIO(port)
    const unsubscribe = this.onData((chunk) => io.received(chunk))
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeviceFailure('timeout', `no result after ${timeoutMs} ms`)), timeoutMs)
    })
    const work = job(io)
    // The job may lose the race and fail later; that must not become an unhandled rejection.
    work.catch(() => undefined)
    try {
      return await Promise.race([work, timeout, io.whenClosed])
    } catch (err) {
      const failure = asFailure(err, 'writeFailed')
      if (failure.problem === 'timeout' && this.port === port) {
        // Dropped at once rather than when its close completes: a wedged driver may never finish closing.
        this.options.logger.warn({ port: this.options.name }, 'device job timed out; reopening the port')
        this.port = null
        this.lastError = failure.detail
        this.emitState()
        void closeWithin(port, CLOSE_WAIT_MS)
        this.scheduleReconnect()
      }
      throw failure
    } finally {
      clearTimeout(timer)
      unsubscribe()
      io.dispose()
    }
  }
}

/** What one job may do with the port; nothing once the job is over. */
class JobIO implements LinkIO {
  private buffer = Buffer.alloc(0)
  private waiter: (() => void) | null = null
  private disposed = false
  readonly whenClosed: Promise<never>
  private readonly stopWatchingClose: () => void

  constructor(private readonly port: DevicePort) {
    let stop = () => {}
    this.whenClosed = new Promise<never>((_, reject) => {
      stop = port.onClose((err) => reject(new DeviceFailure('notConnected', err?.message ?? 'port closed')))
    })
    this.stopWatchingClose = stop
    this.whenClosed.catch(() => undefined)
  }

  received(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk])
    this.waiter?.()
  }

  dispose(): void {
    this.disposed = true
    this.stopWatchingClose()
    this.waiter?.()
  }

  private alive(): void {
    if (this.disposed) throw new DeviceFailure('timeout', 'the job is over')
  }

  async write(bytes: Uint8Array): Promise<void> {
    this.alive()
    try {
      await this.port.write(bytes)
    } catch (err) {
      throw asFailure(err, 'writeFailed')
    }
  }

  read(complete: (received: Buffer) => boolean, timeoutMs: number): Promise<Buffer> {
    this.alive()
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null
        reject(new DeviceFailure('noResponse', `no answer in ${timeoutMs} ms`))
      }, timeoutMs)
      const check = () => {
        if (this.disposed) {
          clearTimeout(timer)
          this.waiter = null
          reject(new DeviceFailure('timeout', 'the job is over'))
        } else if (complete(this.buffer)) {
          clearTimeout(timer)
          this.waiter = null
          resolve(this.buffer)
        }
      }
      this.waiter = check
      check()
    })
  }

  discardInput(): void {
    this.buffer = Buffer.alloc(0)
  }

  sleep(ms: number): Promise<void> {
    this.alive()
    return new Promise((resolve) => setTimeout(resolve, ms))
  }
}
