/**
 * The clerk's counter: which counter this clerk has open, the customer at it, what may be done
 * now, the actions themselves, the clerk's figures today, and the rating prompt after a service.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { CommandResult, TicketAtCounter } from '../../../../shared/commands'
import type { ComplaintInput, PauseReason, Satisfaction } from '../../../../shared/domain'
import { useHallStore } from '../hall'
import { clerkFigures } from '../hall/figures'
import { activeCounters, counterOfClerk, counterQueue, currentTicket, todaysNoShows } from '../hall/selectors'
import { useSessionStore } from '../session'
import { HallError } from '../../transport/transport'

export type CounterAction = 'callNext' | 'recall' | 'start' | 'finish' | 'noShow' | 'transfer' | 'callNumber' | 'pause' | 'resume' | 'logout' | 'reactivate'

export interface FinishForm {
  outcome: 'completed' | 'pending'
  items: string[]
  note: string
  complaint: ComplaintInput | null
}

export type TransferTarget = { toServiceId: string; toCounterId?: undefined } | { toCounterId: number; toServiceId?: string }

/** How long the customer has to rate before the prompt closes by itself (settings.devices.evaluator.promptSec wins). */
export const RATING_TIMEOUT_S = 30

export function lastCounterKey(terminal: string): string {
  return `hallq:counter:${terminal}:last`
}

export const useCounterStore = defineStore('counter', () => {
  const hall = useHallStore()
  const session = useSessionStore()
  /** The action being sent, so its button shows it and nothing is sent twice. */
  const busy = ref<CounterAction | 'open' | 'rate' | 'complaint' | null>(null)
  const rating = ref<{ recordId: number; number: string; secondsLeft: number } | null>(null)
  let ratingTimer: ReturnType<typeof setInterval> | null = null

  const counter = computed(() => (hall.state && session.clerk ? counterOfClerk(hall.state, session.clerk.id) : null))
  const ticket = computed(() => (hall.state && counter.value ? currentTicket(hall.state, counter.value) : null))
  const record = computed(() => (hall.state && ticket.value?.recordId ? (hall.state.records[ticket.value.recordId] ?? null) : null))
  const queue = computed(() => (hall.state && counter.value ? counterQueue(hall.state, counter.value) : []))
  const figures = computed(() => (hall.state && session.clerk ? clerkFigures(hall.state, session.clerk.id) : null))
  const counters = computed(() => (hall.state ? activeCounters(hall.state) : []))
  /** Today's no-shows of this counter's services, newest first: they may come back (过号顺延). */
  const noShows = computed(() =>
    hall.state && counter.value ? todaysNoShows(hall.state, counter.value.services.map((s) => s.serviceId)) : [],
  )

  /** What may be done now; the buttons and the keyboard both follow this. */
  const can = computed<Record<CounterAction, boolean>>(() => {
    const c = counter.value
    const t = ticket.value
    const ok = hall.online && busy.value === null && c !== null
    const open = ok && c!.status === 'open'
    return {
      callNext: open && t === null,
      callNumber: open && t === null,
      recall: ok && t?.status === 'called',
      start: ok && t?.status === 'called',
      noShow: ok && t?.status === 'called',
      finish: ok && t?.status === 'serving',
      transfer: ok && t !== null,
      pause: open && t === null,
      resume: ok && c!.status === 'paused',
      // With a customer at the counter the screen first says what happens to them (CounterView).
      logout: hall.online && busy.value === null,
      reactivate: ok,
    }
  })

  async function act<R>(action: CounterAction | 'open' | 'rate' | 'complaint', send: (token: string) => Promise<R>): Promise<R> {
    busy.value = action
    try {
      return await session.run(send)
    } finally {
      busy.value = null
    }
  }

  const here = () => {
    if (!counter.value) throw new Error('no counter open')
    return counter.value.id
  }

  async function openCounter(counterId: number): Promise<void> {
    await act('open', (token) => hall.command('openCounter', { counterId }, token))
  }

  async function callNext(): Promise<TicketAtCounter> {
    closeRating()
    return act('callNext', (token) => hall.command('callNext', { counterId: here() }, token))
  }

  async function callNumber(number: string): Promise<TicketAtCounter> {
    closeRating()
    return act('callNumber', (token) => hall.command('callTicket', { counterId: here(), number: number.trim().toUpperCase() }, token))
  }

  const recall = () => act('recall', (token) => hall.command('recall', { counterId: here() }, token))
  const start = () => act('start', (token) => hall.command('startService', { counterId: here() }, token))
  const noShow = () => act('noShow', (token) => hall.command('noShow', { counterId: here() }, token))
  /** A no-show who came back goes back into the queue, requeuePlaces behind its head. */
  const reactivate = (number: string) => act('reactivate', (token) => hall.command('reactivate', { number }, token))

  async function finish(form: FinishForm): Promise<TicketAtCounter> {
    const result = await act('finish', (token) =>
      hall.command('finishService', { counterId: here(), outcome: form.outcome, items: form.items, note: form.note.trim(), complaint: form.complaint }, token),
    )
    openRating(result.record.id, result.ticket.number)
    return result
  }

  /** 登记投诉 during the service: a case on this visit (channel 柜台), the service's own. */
  function takeComplaint(form: { category: ComplaintInput['category']; reason: string; clerkId: number | null; summary: string }): Promise<CommandResult<'takeComplaint'>> {
    const recordId = record.value?.id
    if (recordId === undefined) return Promise.reject(new HallError('VALIDATION_FAILED'))
    return act('complaint', (token) => hall.command('takeComplaint', { channel: 'counter', ...form, summary: form.summary.trim(), recordId }, token))
  }

  function transfer(target: TransferTarget, note: string): Promise<TicketAtCounter> {
    return act('transfer', (token) => hall.command('transfer', { counterId: here(), ...target, note: note.trim() }, token))
  }

  const pause = (reason: PauseReason) => act('pause', (token) => hall.command('pauseCounter', { counterId: here(), reason }, token))
  const resume = () => act('resume', (token) => hall.command('resumeCounter', { counterId: here() }, token))

  async function logout(): Promise<void> {
    busy.value = 'logout'
    try {
      closeRating()
      await session.logout()
    } finally {
      busy.value = null
    }
  }

  function openRating(recordId: number, number: string): void {
    closeRating()
    rating.value = { recordId, number, secondsLeft: hall.state?.settings.devices.evaluator.promptSec ?? RATING_TIMEOUT_S }
    ratingTimer = setInterval(() => {
      const r = rating.value
      // Rated on the customer's screen (or anywhere else) already: nothing left to ask.
      const rated = r && hall.state?.records[r.recordId]?.rating != null
      if (!r || rated || r.secondsLeft <= 1) closeRating()
      else rating.value = { ...r, secondsLeft: r.secondsLeft - 1 }
    }, 1000)
  }

  function closeRating(): void {
    if (ratingTimer) clearInterval(ratingTimer)
    ratingTimer = null
    rating.value = null
  }

  async function rate(score: Satisfaction): Promise<void> {
    const r = rating.value
    if (!r) return
    closeRating()
    await act('rate', (token) => hall.command('rateService', { recordId: r.recordId, score }, token))
  }

  return {
    busy,
    counter,
    ticket,
    record,
    queue,
    figures,
    counters,
    can,
    rating,
    openCounter,
    callNext,
    callNumber,
    recall,
    start,
    noShow,
    noShows,
    reactivate,
    finish,
    takeComplaint,
    transfer,
    pause,
    resume,
    logout,
    rate,
    skipRating: closeRating,
  }
})
