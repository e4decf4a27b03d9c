/**
 * What the settings forms edit, and the command payloads they become. A form may hold what a
 * payload cannot (an empty number field, a list typed as text); the payload keeps it as given,
 * so the shared schema refuses it with a sentence at that field instead of a guess being saved.
 */
import type { CommandInput } from '../../../../shared/commands'
import {
  serialConnectionSchema,
  deviceConfigSchema,
  type DeviceBackend,
  type DeviceConfig,
  type DeviceConnection,
  type DeviceKind,
} from '../../../../shared/devices'
import type { CounterConfig, Clerk, Role, Service } from '../../../../shared/domain'

// ---------------------------------------------------------------- services

export interface ServiceDraft {
  id: string
  prefix: string
  nameZh: string
  nameEn: string
  targetWaitMin: number | null
  defaultHandleMin: number | null
  dailyCap: number | null
  hours: { from: string; to: string }[]
  message: string
  /** One business item per line. */
  items: string
  active: boolean
  sortOrder: number | null
}

export function serviceDraft(service: Service | null, all: readonly Service[]): ServiceDraft {
  if (service) return { ...service, hours: service.hours.map((h) => ({ ...h })), items: service.items.join('\n') }
  return {
    id: '',
    prefix: '',
    nameZh: '',
    nameEn: '',
    targetWaitMin: 15,
    defaultHandleMin: 8,
    dailyCap: null,
    hours: [],
    message: '',
    items: '',
    active: true,
    sortOrder: Math.max(0, ...all.map((s) => s.sortOrder)) + 1,
  }
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')

export function servicePayload(d: ServiceDraft): CommandInput<'saveService'> {
  const service = {
    ...d,
    id: d.id.trim().toUpperCase(),
    prefix: d.prefix.trim().toUpperCase(),
    nameZh: d.nameZh.trim(),
    nameEn: d.nameEn.trim(),
    items: lines(d.items),
  }
  return { service: service as unknown as Service }
}

// ---------------------------------------------------------------- counters

export interface CounterDraft {
  id: number | null
  name: string
  services: { serviceId: string | null; boostMin: number | null }[]
  displayAddress: number | null
  active: boolean
}

export function counterDraft(counter: CounterConfig | null, all: readonly CounterConfig[]): CounterDraft {
  if (counter) return { id: counter.id, name: counter.name, services: counter.services.map((s) => ({ ...s })), displayAddress: counter.displayAddress, active: counter.active }
  const id = Math.max(0, ...all.map((c) => c.id)) + 1
  return { id, name: `${id}号窗口`, services: [], displayAddress: id <= 255 ? id : null, active: true }
}

export function counterPayload(d: CounterDraft): CommandInput<'saveCounter'> {
  return { counter: { id: d.id, name: d.name.trim(), services: d.services, displayAddress: d.displayAddress, active: d.active } as unknown as CounterConfig }
}

// ---------------------------------------------------------------- clerks

export interface ClerkDraft {
  id: number | null
  staffCode: string
  name: string
  role: Role
  active: boolean
  /** Required for a new clerk; an existing clerk's PIN is changed with resetClerkPin. */
  pin: string
}

export function clerkDraft(clerk: Clerk | null): ClerkDraft {
  return clerk ? { ...clerk, pin: '' } : { id: null, staffCode: '', name: '', role: 'clerk', active: true, pin: '' }
}

export function clerkPayload(d: ClerkDraft): CommandInput<'saveClerk'> {
  return {
    ...(d.id === null ? {} : { id: d.id }),
    staffCode: d.staffCode.trim(),
    name: d.name.trim(),
    role: d.role,
    active: d.active,
    // An empty PIN is left out, so the hall's own words say a new clerk needs one.
    ...(d.id === null && d.pin !== '' ? { pin: d.pin } : {}),
  }
}

// ---------------------------------------------------------------- devices

/** A device as its form holds it: the config, and its lists as the admin types them. */
export interface DeviceDraft {
  config: DeviceConfig
  /** Counter numbers (bars), kiosk names (printer), addresses (board): comma separated. */
  list: string
  /** Evaluator keypads: "counter:address" per line. */
  pairs: string
}

export function connectionFor(backend: DeviceBackend, kind: DeviceKind): DeviceConnection {
  if (backend === 'virtual' && kind !== 'evaluator') return { type: 'virtual' }
  if (backend === 'system' && kind === 'printer') return { type: 'system', printerName: '' }
  return { ...serialConnectionSchema.parse({ type: 'serial', path: '-' }), path: '' }
}

/** A new device of `kind` with the schema's defaults; virtual where it can be (it works without hardware). */
export function newDevice(kind: DeviceKind, name: string, existing: readonly DeviceConfig[]): DeviceConfig {
  const base = { printer: 'printer', counterBars: 'bars', hallBoard: 'board', evaluator: 'keypads' }[kind]
  let id = base
  for (let n = 2; existing.some((d) => d.id === id); n++) id = `${base}-${n}`
  const connection = connectionFor('virtual', kind)
  const parsed = deviceConfigSchema.parse({ id, name, kind, connection: connection.type === 'serial' ? { ...connection, path: '-' } : connection })
  return connection.type === 'serial' ? ({ ...parsed, connection } as DeviceConfig) : parsed
}

export function deviceDraft(config: DeviceConfig): DeviceDraft {
  const list =
    config.kind === 'printer' ? config.terminals.join(', ') : config.kind === 'counterBars' ? config.counters.join(', ') : config.kind === 'hallBoard' ? config.addresses.join(', ') : ''
  const pairs = config.kind === 'evaluator' ? config.counters.map((c) => `${c.counterId}:${c.address}`).join('\n') : ''
  return { config: JSON.parse(JSON.stringify(config)) as DeviceConfig, list, pairs }
}

const items = (text: string) =>
  text
    .split(/[,，\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
/** A number as typed; anything else stays a string, for the schema to refuse at its place. */
const num = (s: string): number | string => (/^\d+$/.test(s) ? Number(s) : s)

export function devicePayload(d: DeviceDraft): DeviceConfig {
  const c = d.config
  switch (c.kind) {
    case 'printer':
      return { ...c, terminals: items(d.list) }
    case 'counterBars':
      return { ...c, counters: items(d.list).map(num) as number[] }
    case 'hallBoard':
      return { ...c, addresses: items(d.list).map(num) as number[] }
    case 'evaluator':
      return {
        ...c,
        counters: d.pairs
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l !== '')
          .map((l) => {
            const [counterId = '', address = ''] = l.split(/[:：\s]+/)
            return { counterId: num(counterId), address: num(address) }
          }) as { counterId: number; address: number }[],
      }
  }
}

/** The device list with `device` in place of the one at `index` (or added at the end). */
export function withDevice(list: readonly DeviceConfig[], index: number | null, device: DeviceConfig): DeviceConfig[] {
  return index === null ? [...list, device] : list.map((d, i) => (i === index ? device : d))
}
