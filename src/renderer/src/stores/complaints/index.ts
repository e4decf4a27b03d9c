/**
 * 投诉工单 as the staff who handle them see the cases: the list (facts only, from the hub, open
 * and overdue first), one case with its text and history, and the commands that move a case.
 * The list is read again when a complaint event arrives on the manager's stream, and every
 * minute, so deadlines that pass on their own show without a click.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { CommandInput, CommandResult } from '../../../../shared/commands'
import { isComplaintEvent, type ComplaintCategory, type ComplaintChannel, type ComplaintDetail, type ComplaintListRow, type ComplaintStatus } from '../../../../shared/complaints'
import { useHallStore } from '../hall'
import { useSessionStore } from '../session'
import { complaintAlerts } from './deadlines'

export interface ComplaintFilter {
  status: ComplaintStatus | 'open' | null
  channel: ComplaintChannel | null
  category: ComplaintCategory | null
  day: string | null
}

const REFRESH_MS = 60_000
const SETTLE_MS = 500

type CaseCommand = 'takeComplaint' | 'updateComplaint' | 'closeComplaint' | 'reopenComplaint' | 'cancelComplaint'

export const useComplaintsStore = defineStore('complaints', () => {
  const hall = useHallStore()
  const session = useSessionStore()
  const filter = ref<ComplaintFilter>({ status: null, channel: null, category: null, day: null })
  /** Every case matching the filter (the 'open' status is kept here, the hub is asked for all). */
  const all = shallowRef<ComplaintListRow[]>([])
  /** The open cases, whatever the filter: the live view's alerts. */
  const openCases = shallowRef<ComplaintListRow[]>([])
  const asOf = ref(0)
  const loading = ref(false)
  const loadError = ref<unknown>(null)
  const detail = shallowRef<ComplaintDetail | null>(null)
  const busy = ref<CaseCommand | null>(null)

  const rows = computed(() => (filter.value.status === 'open' ? all.value.filter((r) => r.dueAt !== null) : all.value))
  const alerts = computed(() => complaintAlerts(openCases.value, asOf.value))

  async function read(args: { status?: string; day?: string; channel?: string; category?: string }) {
    return session.run((token) => hall.transport().read('complaints', args, { token }))
  }

  /** The list for the page's filters, and the open cases beside it. */
  async function load(): Promise<void> {
    if (!session.loggedIn || !session.isManager) return
    loading.value = true
    try {
      const f = filter.value
      const args = {
        ...(f.status && f.status !== 'open' ? { status: f.status } : {}),
        ...(f.day ? { day: f.day } : {}),
        ...(f.channel ? { channel: f.channel } : {}),
        ...(f.category ? { category: f.category } : {}),
      }
      const [list, open] = await Promise.all([read(args), read({})])
      all.value = list.complaints
      openCases.value = open.complaints.filter((r) => r.dueAt !== null)
      asOf.value = open.asOf
      loadError.value = null
    } catch (err) {
      loadError.value = err
      throw err
    } finally {
      loading.value = false
    }
  }

  /** Only the open cases (the live view). */
  async function loadOpen(): Promise<void> {
    if (!session.loggedIn || !session.isManager) return
    const open = await read({})
    openCases.value = open.complaints.filter((r) => r.dueAt !== null)
    asOf.value = open.asOf
  }

  async function openCase(id: number): Promise<ComplaintDetail> {
    const d = await session.run((token) => hall.transport().read('complaint', { id }, { token }))
    detail.value = d
    return d
  }

  async function command<N extends CaseCommand>(name: N, input: CommandInput<N>): Promise<CommandResult<N>> {
    busy.value = name
    try {
      const result = await session.run((token) => hall.command(name, input, token))
      const id = (result as { complaint: { id: number } }).complaint.id
      await Promise.all([load().catch(() => undefined), detail.value?.complaint.id === id || name === 'takeComplaint' ? openCase(id) : Promise.resolve()])
      return result
    } finally {
      busy.value = null
    }
  }

  /** Keeps the list current while a page shows it; answers the function that stops it. */
  function follow(what: 'page' | 'live'): () => void {
    const refresh = () => void (what === 'page' ? load() : loadOpen()).catch(() => undefined)
    let settle: ReturnType<typeof setTimeout> | null = null
    const stopEvents = hall.onEvent((logged) => {
      if (!logged.events.some(isComplaintEvent) || settle) return
      settle = setTimeout(() => {
        settle = null
        refresh()
      }, SETTLE_MS)
    })
    const every = setInterval(refresh, REFRESH_MS)
    refresh()
    return () => {
      stopEvents()
      clearInterval(every)
      if (settle) clearTimeout(settle)
    }
  }

  return { filter, rows, openCases, asOf, alerts, loading, loadError, detail, busy, load, loadOpen, openCase, command, follow }
})
