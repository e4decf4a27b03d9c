/**
 * The hall's peripherals as the hub reports them on the stream (`devices` messages): every
 * device's health, kept current, and each print job's result for whoever waits on a ticket;
 * and the hub's own disk (`storage` messages).
 * Created before the stream opens (main.ts), so the health snapshot that follows the hall's
 * snapshot is never missed.
 */
import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { DeviceHealth, PrintJobReport } from '../../../../shared/devices'
import { useHallStore } from '../hall'

export type PrintJobListener = (job: PrintJobReport) => void

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isHealth = (v: unknown): v is DeviceHealth => isObject(v) && typeof v.id === 'string' && typeof v.connected === 'boolean' && Array.isArray(v.problems)

export const useDevicesStore = defineStore('devices', () => {
  const hall = useHallStore()
  /** Every configured device, in the hub's order; null until the hub has said. */
  const list = shallowRef<DeviceHealth[] | null>(null)
  const jobListeners = new Set<PrintJobListener>()

  hall.onMessage('devices', (message) => {
    switch (message.event) {
      case 'snapshot':
        if (Array.isArray(message.devices)) list.value = message.devices.filter(isHealth)
        return
      case 'health': {
        const device = message.device
        if (!isHealth(device)) return
        const current = list.value ?? []
        const at = current.findIndex((d) => d.id === device.id)
        list.value = at === -1 ? [...current, device] : current.map((d, i) => (i === at ? device : d))
        return
      }
      case 'printJob': {
        const job = message.job
        if (!isObject(job) || typeof job.ok !== 'boolean') return
        for (const listener of jobListeners) listener(job as unknown as PrintJobReport)
        return
      }
    }
  })

  /** The data folder's drive as the hub last said (`storage` messages); null until it has. */
  const storage = shallowRef<{ low: boolean; freeBytes: number | null } | null>(null)
  hall.onMessage('storage', (message) => {
    if (typeof message.low !== 'boolean') return
    storage.value = { low: message.low, freeBytes: typeof message.freeBytes === 'number' ? message.freeBytes : null }
  })

  const byId = computed(() => new Map((list.value ?? []).map((d) => [d.id, d])))

  /** Each print job's result as it comes; returns the unsubscribe function. */
  function onPrintJob(listener: PrintJobListener): () => void {
    jobListeners.add(listener)
    return () => jobListeners.delete(listener)
  }

  return { list, byId, storage, onPrintJob }
})
