/**
 * The admin's settings page: every save goes through the hall's own commands, as the logged-in
 * administrator. A save is checked first with the same shared schema the hub uses, so a form
 * with a mistake sends nothing; what the hub refuses comes back at the field. Nothing here
 * changes the hall state: saved changes arrive on the stream like every other screen's.
 *
 * Also the hub's reads the page needs beyond the stream (devices' health, serial ports,
 * terminals, backups) and the two actions that are not commands (test a device, back up now).
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { commandSchemas, type CommandInput, type CommandName, type CommandResult } from '../../../../shared/commands'
import type { DeviceConfig, DeviceHealth, DevicesStreamMessage, DeviceTestResult, PrintJobReport, SerialPortListing } from '../../../../shared/devices'
import type { ErrorCode } from '../../../../shared/errors'
import type { BackupListing, HubActionName, HubReadName, HubRequestArgs, IpcQueries } from '../../../../shared/ipc'
import { mergeSettings, settingsSchema, type HallSettings } from '../../../../shared/settings'
import type { Terminal } from '../../../../shared/terminals'
import { useHallStore } from '../hall'
import { useLocaleStore } from '../locale'
import { useSessionStore } from '../session'
import type { ReadArgs } from '../../transport'
import { issuesToFields, refusalOf, type Issue, type SaveRefusal } from './field-errors'
import { SETTINGS_MESSAGES } from '../../locales/settings'

export type SaveOutcome<R> = { ok: true; result: R } | ({ ok: false } & SaveRefusal)

export interface SaveOptions {
  /** The payload path the form's fields start under: ['service'], ['patch'], [] … */
  prefix: string[]
  /** Hall refusals that belong to one field of the form (DUPLICATE_PREFIX → 'prefix'). */
  where?: Partial<Record<ErrorCode, string>>
  /** Checks of the form beyond the command's schema, as issues under `prefix`. */
  check?: () => Issue[]
}

/** Commands whose log entry changes the list of terminals. */
const TERMINAL_COMMANDS = new Set(['createPairingCode', 'pairTerminal', 'revokeTerminal'])

export type PairingCode = CommandResult<'createPairingCode'>

export const useSettingsStore = defineStore('settings', () => {
  const hall = useHallStore()
  const session = useSessionStore()
  const locale = useLocaleStore()
  const issueText = () => SETTINGS_MESSAGES[locale.locale].issues

  const isAdmin = computed(() => session.clerk?.role === 'admin')
  const settings = computed<HallSettings | null>(() => hall.state?.settings ?? null)

  // ---------------------------------------------------------------- saving

  /** Runs `name` as the admin; refused before sending when the form does not pass the schema. */
  async function save<N extends CommandName>(name: N, payload: CommandInput<N>, options: SaveOptions): Promise<SaveOutcome<CommandResult<N>>> {
    const parsed = commandSchemas[name].safeParse(payload)
    const issues: Issue[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }))
    issues.push(...(options.check?.() ?? []))
    if (issues.length > 0) return { ok: false, ...issuesToFields(issues, options.prefix, issueText()) }
    try {
      const result = await session.run((token) => hall.command(name, payload, token))
      return { ok: true, result }
    } catch (err) {
      return { ok: false, ...refusalOf(err, options.prefix, issueText(), locale.errorText, options.where as Partial<Record<string, string>>) }
    }
  }

  /** The same merge and schema the hub applies to a settings patch, before sending it. */
  function settingsIssues(patch: Record<string, unknown>): Issue[] {
    if (!settings.value) return []
    const parsed = settingsSchema.safeParse(mergeSettings(settings.value, patch))
    return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: ['patch', ...i.path.map(String)], message: i.message }))
  }

  /** A settings patch; field keys are settings paths ('queue.recallLimit'). */
  function saveSettings(patch: Record<string, unknown>, prefix: string[] = ['patch']): Promise<SaveOutcome<CommandResult<'updateSettings'>>> {
    return save('updateSettings', { patch }, { prefix, check: () => settingsIssues(patch) })
  }

  /**
   * The device list with one device added, replaced or removed: one command, so the list is
   * never half-saved. Field keys are relative to that device ('connection.path').
   */
  function saveDevices(list: DeviceConfig[], index: number | null): Promise<SaveOutcome<CommandResult<'updateSettings'>>> {
    return saveSettings({ devices: { list } }, index === null ? ['patch', 'devices', 'list'] : ['patch', 'devices', 'list', String(index)])
  }

  // ---------------------------------------------------------------- reads

  const devices = ref<DeviceHealth[] | null>(null)
  const lastJobs = ref<Record<string, PrintJobReport>>({})
  const ports = shallowRef<SerialPortListing | null>(null)
  const terminals = ref<Terminal[] | null>(null)
  const tlsFingerprint = ref<string | null>(null)
  const backups = ref<BackupListing[] | null>(null)
  /** Why a read failed, as a sentence, by read. */
  const readErrors = ref<Partial<Record<HubReadName, string>>>({})

  async function read<Q extends HubReadName>(name: Q, args: HubRequestArgs<Q>): Promise<IpcQueries[Q]['result'] | null> {
    try {
      const result = (await session.run((token) => hall.transport().read(name, args as ReadArgs<Q>, { token }))) as IpcQueries[Q]['result']
      delete readErrors.value[name]
      return result
    } catch (err) {
      readErrors.value[name] = locale.errorText(err)
      return null
    }
  }

  async function act<Q extends HubActionName>(name: Q, args: HubRequestArgs<Q>): Promise<IpcQueries[Q]['result']> {
    return session.run((token) => hall.transport().act(name, args, { token }))
  }

  async function loadDevices(): Promise<void> {
    const r = await read('devices', {})
    if (r) devices.value = r.devices
  }
  async function loadPorts(): Promise<void> {
    const r = await read('devicePorts', {})
    if (r) ports.value = r
  }
  async function loadTerminals(): Promise<void> {
    const r = await read('terminals', {})
    if (r) {
      terminals.value = r.terminals
      tlsFingerprint.value = r.tlsFingerprint
    }
  }
  async function loadBackups(): Promise<void> {
    const r = await read('backups', {})
    if (r) backups.value = r.backups
  }

  // The devices' health as it changes, from the stream (browsers get it there).
  hall.onMessage('devices', (raw) => {
    const message = raw as unknown as DevicesStreamMessage
    if (message.event === 'snapshot') devices.value = message.devices
    else if (message.event === 'health') {
      const list = devices.value ?? []
      const at = list.findIndex((d) => d.id === message.device.id)
      devices.value = at === -1 ? [...list, message.device] : list.map((d, i) => (i === at ? message.device : d))
    } else if (message.event === 'printJob') lastJobs.value = { ...lastJobs.value, [message.job.deviceId]: message.job }
  })
  // Pairing and revoking are logged: every admin's list follows.
  hall.onEvent((logged) => {
    if (TERMINAL_COMMANDS.has(logged.command) && terminals.value !== null && isAdmin.value) void loadTerminals()
  })

  // ---------------------------------------------------------------- actions

  /** Test print / test display: how it went, failure included; a refusal rejects with a HallError. */
  async function testDevice(id: string, options: { text?: string; address?: number } = {}): Promise<DeviceTestResult> {
    const result = await act('deviceTest', { id, ...options })
    if (result.kind === 'printer') lastJobs.value = { ...lastJobs.value, [id]: result.job }
    // The virtual view (the decoded ticket) changed: read it now rather than wait for the stream.
    await loadDevices()
    return result
  }

  async function backupNow(): Promise<BackupListing> {
    const made = await act('backupNow', {})
    await loadBackups()
    return made
  }

  const pairing = ref<PairingCode | null>(null)
  async function createPairingCode(input: CommandInput<'createPairingCode'>): Promise<SaveOutcome<PairingCode>> {
    // The schema says this of the whole payload; the form has a field for it.
    if ((input.role === 'counter' || input.role === 'evaluator') && input.counterId === undefined) {
      return { ok: false, ...issuesToFields([{ path: ['counterId'], message: 'counter and evaluator terminals need a counterId; others take none' }], [], issueText()) }
    }
    const outcome = await save('createPairingCode', input, { prefix: [], where: { UNKNOWN_COUNTER: 'counterId' } })
    if (outcome.ok) pairing.value = outcome.result
    return outcome
  }

  return {
    isAdmin,
    settings,
    save,
    saveSettings,
    saveDevices,
    settingsIssues,
    devices,
    lastJobs,
    ports,
    terminals,
    tlsFingerprint,
    backups,
    readErrors,
    loadDevices,
    loadPorts,
    loadTerminals,
    loadBackups,
    testDevice,
    backupNow,
    pairing,
    createPairingCode,
  }
})
