/**
 * The kiosk at the door: the tiles' live figures, issuing a ticket, showing it, and going back
 * to the start by itself. The printer is driven by the hub's device layer; whatever reports a
 * print result calls `reportPrintResult` — when printing fails the number stays on screen much
 * longer so it can be photographed, and comes back if the customer had already gone on.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { PriorityClass, Service, Ticket } from '../../../../shared/domain'
import { issuingStatus, type IssuingStatus } from '../../../../shared/issuing'
import { estimateWait } from '../../../../shared/wait-estimate'
import { useHallStore } from '../hall'
import { activeServices, waitingByService } from '../hall/selectors'

export type Lane = Extract<PriorityClass, 'normal' | 'care' | 'vip'>
export const LANES: readonly Lane[] = ['normal', 'care', 'vip']

/** What is known about the printing of the shown ticket. 'none': nothing reported (yet). */
export type PrintStatus = 'none' | 'printing' | 'printed' | 'failed'

export const TICKET_SHOW_S = 15
/** Long enough to find a phone and take a photo. */
export const PRINT_FAILED_SHOW_S = 90
export const ERROR_SHOW_S = 8
/** A failure reported this long after issuing still brings the number back on screen. */
const LATE_FAILURE_MS = 3 * 60_000

export interface ServiceTile {
  service: Service
  waiting: number
  minutes: number | null
  status: IssuingStatus
}

export const useKioskStore = defineStore('kiosk', () => {
  const hall = useHallStore()
  const lane = ref<Lane>('normal')
  const issuing = ref(false)
  const shown = ref<{ ticket: Ticket; service: Service } | null>(null)
  const printStatus = ref<PrintStatus>('none')
  const error = ref<unknown>(null)
  const secondsLeft = ref(0)
  let lastIssued: { ticket: Ticket; service: Service; at: number } | null = null
  let countdown: ReturnType<typeof setInterval> | null = null

  const tiles = computed<ServiceTile[]>(() => {
    const state = hall.state
    if (!state) return []
    const waiting = waitingByService(state)
    return activeServices(state).map((service) => ({
      service,
      waiting: waiting.get(service.id)?.length ?? 0,
      // The same estimate the hub prints on the ticket, for this lane.
      minutes: estimateWait(state, service.id, lane.value, hall.now).minutes,
      status: issuingStatus(state, service.id, hall.now),
    }))
  })

  const paused = computed(() => hall.state?.settings.issuing.paused ?? false)

  function startCountdown(seconds: number): void {
    stopCountdown()
    secondsLeft.value = seconds
    countdown = setInterval(() => {
      secondsLeft.value -= 1
      if (secondsLeft.value <= 0) backToStart()
    }, 1000)
  }

  function stopCountdown(): void {
    if (countdown) clearInterval(countdown)
    countdown = null
  }

  async function issue(serviceId: string): Promise<void> {
    if (issuing.value) return
    issuing.value = true
    error.value = null
    try {
      const result = await hall.command('issueTicket', { serviceId, priority: lane.value, source: 'kiosk' })
      shown.value = result
      printStatus.value = 'none'
      lastIssued = { ...result, at: Date.now() }
      lane.value = 'normal'
      startCountdown(TICKET_SHOW_S)
    } catch (err) {
      error.value = err
      startCountdown(ERROR_SHOW_S)
    } finally {
      issuing.value = false
    }
  }

  /**
   * The hook for the printer: call it with what the device layer reports about a ticket's
   * print job. A failure keeps (or brings back) the number on screen for PRINT_FAILED_SHOW_S.
   */
  function reportPrintResult(ticketId: number, result: Exclude<PrintStatus, 'none'>): void {
    if (shown.value?.ticket.id === ticketId) {
      printStatus.value = result
      if (result === 'failed') startCountdown(PRINT_FAILED_SHOW_S)
      return
    }
    if (result === 'failed' && lastIssued?.ticket.id === ticketId && Date.now() - lastIssued.at < LATE_FAILURE_MS) {
      shown.value = { ticket: lastIssued.ticket, service: lastIssued.service }
      printStatus.value = 'failed'
      error.value = null
      startCountdown(PRINT_FAILED_SHOW_S)
    }
  }

  function backToStart(): void {
    stopCountdown()
    shown.value = null
    printStatus.value = 'none'
    error.value = null
    lane.value = 'normal'
    secondsLeft.value = 0
  }

  function chooseLane(next: Lane): void {
    lane.value = next
  }

  return { lane, issuing, shown, printStatus, error, secondsLeft, tiles, paused, issue, reportPrintResult, backToStart, chooseLane }
})
