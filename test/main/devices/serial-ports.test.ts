import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { hasExecutable, listSerialPorts } from '../../../src/main/devices/serial-ports'

const dir = mkdtempSync(join(tmpdir(), 'hallq-ports-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const dev = join(dir, 'dev')
mkdirSync(join(dev, 'serial', 'by-id'), { recursive: true })
for (const name of ['ttyUSB0', 'ttyACM1', 'ttyS0', 'ttyS17', 'tty1', 'null']) writeFileSync(join(dev, name), '')
writeFileSync(join(dev, 'serial', 'by-id', 'usb-Prolific_USB-Serial-if00-port0'), '')
const bin = join(dir, 'bin')
mkdirSync(bin)

describe('listing serial ports', () => {
  it('never spawns udevadm where it is missing, and lists /dev instead', async () => {
    const list = vi.fn(async () => [])
    const result = await listSerialPorts({ platform: 'linux', pathEnv: bin, list, devDir: dev })
    expect(list).not.toHaveBeenCalled()
    expect(result.warning).toBe('udevadm-missing')
    expect(result.ports.map((p) => p.path)).toEqual([
      join(dev, 'serial', 'by-id', 'usb-Prolific_USB-Serial-if00-port0'),
      join(dev, 'ttyACM1'),
      join(dev, 'ttyS0'),
      join(dev, 'ttyUSB0'),
    ])
  })

  it('uses the real list where udevadm is there, and catches a failing or hanging one', async () => {
    writeFileSync(join(bin, 'udevadm'), '#!/bin/sh\n')
    chmodSync(join(bin, 'udevadm'), 0o755)
    expect(hasExecutable('udevadm', bin)).toBe(true)
    const ok = await listSerialPorts({ platform: 'linux', pathEnv: bin, devDir: dev, list: async () => [{ path: '/dev/ttyUSB0', manufacturer: 'Prolific' }] })
    expect(ok).toEqual({ ports: [{ path: '/dev/ttyUSB0', manufacturer: 'Prolific', serialNumber: null, vendorId: null, productId: null }], warning: null })
    const failing = await listSerialPorts({ platform: 'linux', pathEnv: bin, devDir: dev, list: () => Promise.reject(new Error('spawn udevadm ENOENT')) })
    expect(failing.warning).toBe('list-failed: spawn udevadm ENOENT')
    expect(failing.ports.length).toBe(4)
    const hanging = await listSerialPorts({ platform: 'win32', list: () => new Promise(() => {}), timeoutMs: 50 })
    expect(hanging).toEqual({ ports: [], warning: 'list-failed: listing ports took too long' })
  })

  it('on this machine (no udevadm), the default call answers instead of crashing the process', async () => {
    const result = await listSerialPorts()
    expect(Array.isArray(result.ports)).toBe(true)
    if (!hasExecutable('udevadm', process.env.PATH ?? '')) expect(result.warning).toBe('udevadm-missing')
  })
})
