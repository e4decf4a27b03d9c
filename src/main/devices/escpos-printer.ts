/**
 * The ESC/POS ticket printer on a port link: asks for the status (DLE EOT 1–4) before each
 * job and while idle, sends the job only to a printer that can print it, and reports a job
 * that failed instead of sending it again — a retried ticket is a second ticket in the
 * customer's hand.
 */
import { WARNING_PROBLEMS, type DeviceProblem } from '../../shared/devices'
import { STATUS_REQUEST } from './escpos'
import { DeviceFailure, asFailure } from './port'
import type { LinkIO, PortLink } from './port-link'
import { isStatusByte, printerProblems } from './printer-status'

export interface PrinterStatus {
  /** Whether the printer answered the last status request; null when it is never asked. */
  responding: boolean | null
  problems: DeviceProblem[]
}

export interface EscPosPrinterOptions {
  statusPolling: boolean
  jobTimeoutMs: number
  /** How long to wait for the four status bytes. */
  statusTimeoutMs?: number
}

export interface PrintOutcome {
  ok: boolean
  problem: DeviceProblem | null
  detail: string | null
  /** Whether any byte of the job was sent (false: nothing can have been printed). */
  sent: boolean
}

export class EscPosPrinter {
  private current: PrinterStatus
  private readonly listeners = new Set<(status: PrinterStatus) => void>()

  constructor(
    private readonly link: PortLink,
    private readonly options: EscPosPrinterOptions,
  ) {
    this.current = { responding: null, problems: [] }
  }

  get status(): PrinterStatus {
    return this.current
  }

  onStatus(listener: (status: PrinterStatus) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Asks the printer how it is, between jobs. */
  async pollStatus(): Promise<PrinterStatus> {
    if (!this.options.statusPolling) return this.current
    try {
      await this.link.run((io) => this.askStatus(io), this.options.jobTimeoutMs)
    } catch (err) {
      const failure = asFailure(err, 'noResponse')
      if (failure.problem === 'noResponse' || failure.problem === 'timeout') this.setStatus({ responding: false, problems: [] })
    }
    return this.current
  }

  async print(job: Uint8Array): Promise<PrintOutcome> {
    let sent = false
    try {
      await this.link.run(async (io) => {
        if (this.options.statusPolling) {
          const before = await this.askStatus(io)
          const blocking = before.problems.find((p) => !WARNING_PROBLEMS.includes(p))
          if (blocking) throw new DeviceFailure(blocking)
        }
        sent = true
        await io.write(job)
        if (this.options.statusPolling) {
          const after = await this.askStatus(io)
          const blocking = after.problems.find((p) => !WARNING_PROBLEMS.includes(p))
          if (blocking) throw new DeviceFailure(blocking, 'reported right after the ticket was sent')
        }
      }, this.options.jobTimeoutMs)
      return { ok: true, problem: null, detail: null, sent: true }
    } catch (err) {
      const failure = asFailure(err, 'writeFailed')
      if (failure.problem === 'noResponse') this.setStatus({ responding: false, problems: [] })
      return { ok: false, problem: failure.problem, detail: failure.detail, sent }
    }
  }

  private async askStatus(io: LinkIO): Promise<PrinterStatus> {
    io.discardInput()
    await io.write(STATUS_REQUEST)
    const answer = await io.read((got) => statusBytes(got).length >= 4, this.options.statusTimeoutMs ?? 1000)
    const [a, b, c, d] = statusBytes(answer)
    const status = { responding: true, problems: printerProblems([a!, b!, c!, d!]) }
    this.setStatus(status)
    return status
  }

  private setStatus(status: PrinterStatus): void {
    const same = status.responding === this.current.responding && status.problems.join() === this.current.problems.join()
    this.current = status
    if (!same) for (const l of this.listeners) l(status)
  }
}

function statusBytes(received: Buffer): number[] {
  return [...received].filter(isStatusByte)
}
