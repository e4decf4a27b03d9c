/**
 * Watches the free space of the data folder's drive and tells the managers' screens
 * (`storage` stream messages): a full disk is seen on the manager's view as 磁盘空间不足 with the
 * space left, before and while commands are refused with 507 STORAGE_FULL.
 */
import { statfsSync } from 'node:fs'
import { STORAGE_LOW_BYTES, type StorageStreamMessage } from '../shared/api'
import type { ExtensionFactory } from './app'

const CHECK_EVERY_MS = 15_000

/** Free bytes for an unprivileged writer on the drive holding `dir`, or null when it cannot be read. */
export function freeBytesOf(dir: string): number | null {
  try {
    const s = statfsSync(dir)
    return s.bavail * s.bsize
  } catch {
    return null
  }
}

export function storageWatch(options: { dataDir: string; freeBytes?: (dir: string) => number | null; storageFull?: () => boolean }) {
  const read = options.freeBytes ?? freeBytesOf
  const senders = new Set<(m: StorageStreamMessage) => void>()
  let current: StorageStreamMessage = { type: 'storage', low: false, freeBytes: null }
  const check = () => {
    const freeBytes = read(options.dataDir)
    const low = (freeBytes !== null && freeBytes < STORAGE_LOW_BYTES) || (options.storageFull?.() ?? false)
    const changed = low !== current.low || (freeBytes !== current.freeBytes && (low || current.freeBytes === null))
    current = { type: 'storage', low, freeBytes }
    if (changed) for (const send of senders) send(current)
  }
  check()
  return {
    check,
    current: () => current,
    stream: (send: (m: StorageStreamMessage) => void) => {
      send(current)
      senders.add(send)
      return () => void senders.delete(send)
    },
  }
}

export const storageExtension: ExtensionFactory = ({ dataDir, hall }) => {
  const watch = storageWatch({ dataDir, storageFull: () => hall.storageFull })
  const timer = setInterval(watch.check, CHECK_EVERY_MS)
  timer.unref()
  // A refused write is told at once, not at the next check.
  const stop = hall.onStorageFull(() => watch.check())
  return { stream: watch.stream, close: () => (clearInterval(timer), stop()) }
}
