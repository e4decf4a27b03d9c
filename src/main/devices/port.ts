/**
 * Our own small port interface in front of `serialport`: drivers take a port, not a path, so
 * tests feed bytes in and read bytes out (SerialPortMock's binding, a virtual device, or a
 * port that throws or hangs on purpose).
 */
// serialport is loaded when a serial device is first opened: a hall on virtual devices never needs it.
import type { SerialPort, SerialPortMock } from 'serialport'
import type { DeviceProblem, SerialConnection } from '../../shared/devices'

export interface DevicePort {
  readonly path: string
  /** Resolves when the bytes have left for the device (written and drained). */
  write(data: Uint8Array): Promise<void>
  close(): Promise<void>
  /** Bytes from the device; returns the unsubscribe function. */
  onData(listener: (chunk: Buffer) => void): () => void
  /** Called once when the port closes for any reason (unplugged: with the error). */
  onClose(listener: (error: Error | null) => void): () => void
}

export type PortOpener = () => Promise<DevicePort>

/** Either serialport binding: the real one (default) or SerialPortMock's, in tests. */
export type SerialBinding = typeof SerialPort.binding | typeof SerialPortMock.binding

/** A failure a device reports, with the problem code the screens translate. */
export class DeviceFailure extends Error {
  constructor(
    readonly problem: DeviceProblem,
    readonly detail: string | null = null,
  ) {
    super(detail ? `${problem}: ${detail}` : problem)
    this.name = 'DeviceFailure'
  }
}

export function asFailure(err: unknown, problem: DeviceProblem): DeviceFailure {
  if (err instanceof DeviceFailure) return err
  return new DeviceFailure(problem, err instanceof Error ? err.message : String(err))
}

/** How long a close may take before the port is given up on (a wedged driver must not hold the link). */
const CLOSE_TIMEOUT_MS = 2000

export function serialPortOpener(connection: SerialConnection, binding?: SerialBinding): PortOpener {
  return async () => {
    const { SerialPort: Port } = await import('serialport')
    return new Promise<DevicePort>((resolve, reject) => {
      let port: SerialPort
      try {
        port = new Port({
          path: connection.path,
          baudRate: connection.baudRate,
          dataBits: connection.dataBits,
          parity: connection.parity,
          stopBits: connection.stopBits,
          rtscts: connection.flowControl === 'rtscts',
          xon: connection.flowControl === 'xonxoff',
          xoff: connection.flowControl === 'xonxoff',
          autoOpen: false,
          ...(binding ? { binding } : {}),
        } as ConstructorParameters<typeof SerialPort>[0])
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)))
        return
      }
      // A stream 'error' without a listener would crash the hub; closes are reported through onClose.
      port.on('error', () => undefined)
      port.open((err) => {
        if (err) reject(err)
        else resolve(wrapSerialPort(port))
      })
    })
  }
}

function wrapSerialPort(port: SerialPort): DevicePort {
  let closed = false
  const closeListeners = new Set<(error: Error | null) => void>()
  port.on('close', (err: Error | null) => {
    if (closed) return
    closed = true
    for (const l of [...closeListeners]) l(err ?? null)
  })
  return {
    path: port.path,
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        if (closed || !port.isOpen) {
          reject(new DeviceFailure('notConnected', 'port is closed'))
          return
        }
        port.write(Buffer.from(data), (err) => {
          if (err) reject(err)
          else port.drain((e) => (e ? reject(e) : resolve()))
        })
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (!port.isOpen) {
          resolve()
          return
        }
        const timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)
        port.close(() => {
          clearTimeout(timer)
          resolve()
        })
      }),
    onData: (listener) => {
      port.on('data', listener)
      return () => port.off('data', listener)
    },
    onClose: (listener) => {
      closeListeners.add(listener)
      return () => closeListeners.delete(listener)
    },
  }
}
