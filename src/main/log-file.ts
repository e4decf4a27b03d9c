/**
 * The hub's JSON log file: size-capped and rotated (hallq.log, hallq.log.1 … hallq.log.N), and
 * never a reason to stop. A line that cannot be written — a full disk, a drive gone — is counted
 * and dropped; the first line written afterwards says how many were lost. The hall goes on
 * either way: a log is worth less than a customer's ticket.
 */
import * as nodeFs from 'node:fs'

/** The file operations the log uses; a test puts a full disk behind them. */
export type LogFileSystem = Pick<typeof nodeFs, 'openSync' | 'writeSync' | 'closeSync' | 'renameSync' | 'statSync' | 'rmSync'>

export interface LogFileOptions {
  file: string
  /** Rotated when the next line would take the file past this size. */
  maxBytes?: number
  /** Rotated files kept besides the current one. */
  keep?: number
  fs?: LogFileSystem
  now?: () => number
}

export const LOG_MAX_BYTES = 20 * 1024 * 1024
export const LOG_KEEP = 4

export class RotatingLogFile {
  private fd: number | null = null
  private size: number
  private lost = 0
  private readonly fs: LogFileSystem
  private readonly maxBytes: number
  private readonly keep: number
  private readonly now: () => number

  constructor(private readonly options: LogFileOptions) {
    this.fs = options.fs ?? nodeFs
    this.maxBytes = options.maxBytes ?? LOG_MAX_BYTES
    this.keep = options.keep ?? LOG_KEEP
    this.now = options.now ?? Date.now
    try {
      this.size = this.fs.statSync(options.file).size
    } catch {
      this.size = 0
    }
  }

  /** Lines lost since the last line that was written. */
  get linesLost(): number {
    return this.lost
  }

  /** pino calls this with one JSON line. Never throws. */
  write(line: string): boolean {
    try {
      if (this.lost > 0) {
        const note = `${JSON.stringify({ level: 40, time: this.now(), app: 'hallq', linesLost: this.lost, msg: `${this.lost} log lines were not written: the disk was full or failing` })}\n`
        this.append(note)
        this.lost = 0
      }
      this.append(line)
    } catch {
      this.lost++
      this.closeQuietly()
    }
    return true
  }

  private append(text: string): void {
    const bytes = Buffer.byteLength(text)
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate()
    this.fd ??= this.fs.openSync(this.options.file, 'a', 0o600)
    this.fs.writeSync(this.fd, text)
    this.size += bytes
  }

  private rotate(): void {
    this.closeQuietly()
    const { file } = this.options
    this.fs.rmSync(`${file}.${this.keep}`, { force: true })
    for (let i = this.keep - 1; i >= 1; i--) {
      try {
        this.fs.renameSync(`${file}.${i}`, `${file}.${i + 1}`)
      } catch (err) {
        if ((err as { code?: string }).code !== 'ENOENT') throw err
      }
    }
    this.fs.renameSync(file, `${file}.1`)
    this.size = 0
  }

  private closeQuietly(): void {
    if (this.fd === null) return
    try {
      this.fs.closeSync(this.fd)
    } catch {
      // Already gone with the drive: nothing to keep.
    }
    this.fd = null
  }

  /** Every line is written when `write` returns: nothing is ever waiting. */
  flush(): void {
    return undefined
  }

  close(): void {
    this.closeQuietly()
  }
}
