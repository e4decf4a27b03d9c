/**
 * The serial ports this PC has, for the settings screen. On Linux `SerialPort.list()` spawns
 * `udevadm`; where udevadm is missing (slim images, some kiosks) that spawn has crashed hubs
 * with an unhandled 'error' event, so it is never spawned without udevadm on the PATH, a failed
 * or hung listing is caught here, and /dev is read instead. PTYs are never listed.
 */
import { accessSync, constants, readdirSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import type { SerialPortListing } from '../../shared/devices'

interface PortInfoLike {
  path: string
  manufacturer?: string | undefined
  serialNumber?: string | undefined
  vendorId?: string | undefined
  productId?: string | undefined
}

export interface ListPortsOptions {
  platform?: NodeJS.Platform
  /** The PATH to look for udevadm in. */
  pathEnv?: string
  list?: () => Promise<PortInfoLike[]>
  /** Where to look for device nodes when the list cannot be had. */
  devDir?: string
  timeoutMs?: number
}

export function hasExecutable(name: string, pathEnv: string): boolean {
  return pathEnv
    .split(delimiter)
    .filter((d) => d !== '')
    .some((dir) => {
      try {
        accessSync(join(dir, name), constants.X_OK)
        return true
      } catch {
        return false
      }
    })
}

/** Serial device nodes by name: USB adapters, CDC devices, the first four on-board ports, and by-id links. */
export function serialNodesIn(devDir: string): string[] {
  const found: string[] = []
  try {
    for (const name of readdirSync(devDir)) {
      if (/^tty(USB|ACM|WCH|XRUSB|AMA)\d+$/.test(name) || /^ttyS[0-3]$/.test(name)) found.push(join(devDir, name))
    }
  } catch {
    // no such directory: nothing to offer
  }
  try {
    for (const name of readdirSync(join(devDir, 'serial', 'by-id'))) found.push(join(devDir, 'serial', 'by-id', name))
  } catch {
    // no USB serial devices plugged in
  }
  return found.sort()
}

export async function listSerialPorts(options: ListPortsOptions = {}): Promise<SerialPortListing> {
  const platform = options.platform ?? process.platform
  const devDir = options.devDir ?? '/dev'
  const fromDev = () => serialNodesIn(devDir).map((path) => ({ path, manufacturer: null, serialNumber: null, vendorId: null, productId: null }))
  if (platform === 'linux' && !hasExecutable('udevadm', options.pathEnv ?? process.env.PATH ?? '')) {
    return { ports: fromDev(), warning: 'udevadm-missing' }
  }
  let timer: NodeJS.Timeout | undefined
  try {
    const list = options.list ?? (async () => (await import('serialport')).SerialPort.list())
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('listing ports took too long')), options.timeoutMs ?? 5000)
    })
    const ports = await Promise.race([list(), timeout])
    return {
      ports: ports.map((p) => ({
        path: p.path,
        manufacturer: p.manufacturer ?? null,
        serialNumber: p.serialNumber ?? null,
        vendorId: p.vendorId ?? null,
        productId: p.productId ?? null,
      })),
      warning: null,
    }
  } catch (err) {
    return { ports: platform === 'linux' ? fromDev() : [], warning: `list-failed: ${err instanceof Error ? err.message : String(err)}` }
  } finally {
    clearTimeout(timer)
  }
}
