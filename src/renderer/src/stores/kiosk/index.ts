/**
 * The kiosk at the door: the tiles' live figures, issuing a ticket, showing it, and going back
 * to the start by itself. The printer is driven by the hub's device layer: this kiosk's printer
 * (printerForKiosk, the rule the hub prints with) is watched through the devices store — its
 * health says before a tap whether tickets will print, its job results arrive through
 * `reportPrintResult`. When printing fails the number stays on screen much longer so it can be
 * photographed, and comes back if the customer had already gone on.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { printerForKiosk, printerReady } from '../../../../shared/devices'
import type { PriorityClass, Service, Ticket } from '../../../../shared/domain'
import { issuingStatus, type IssuingStatus } from '../../../../shared/issuing'
import { estimateWait } from '../../../../shared/wait-estimate'
import { useDevicesStore } from '../devices'
import { useHallStore } from '../hall'
import { activeServices } from '../hall/selectors'

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
/** Beyond the printer's own job timeout, how long the kiosk waits for the hub's word before it assumes the worst. */
export const PRINT_WAIT_MARGIN_S = 10
/** Results for tickets this kiosk has not shown yet (the stream can be faster than the command's answer). */
const EARLY_RESULTS = 20

export interface ServiceTile {
  service: Service
  /** People ahead of a ticket taken now in the chosen lane: the number the ticket will print. */
  waiting: number
  /** Null when no open counter serves the service: the tile and the ticket say so. */
  minutes: number | null
  status: IssuingStatus
}

/** Without a touch for this long, the kiosk goes back to Chinese for the next customer. */
export const LANGUAGE_IDLE_S = 30

export const useKioskStore = defineStore('kiosk', () => {
  const hall = useHallStore()
  const devices = useDevicesStore()
  /** This kiosk's terminal name (?terminal=), which a printer's `terminals` may name. */
  const terminalName = ref('')
  const lane = ref<Lane>('normal')
  const issuing = ref(false)
  /** phoneUrl: the ticket's phone page, shown as a QR beside the number (null: none). */
  const shown = ref<{ ticket: Ticket; service: Service; phoneUrl?: string | null } | null>(null)
  const printStatus = ref<PrintStatus>('none')
  const error = ref<unknown>(null)
  const secondsLeft = ref(0)
  let lastIssued: { ticket: Ticket; service: Service; phoneUrl?: string | null; at: number } | null = null
  let countdown: ReturnType<typeof setInterval> | null = null
  let printWatch: ReturnType<typeof setTimeout> | null = null
  /** The ticket whose print result has not come yet. */
  let awaiting: number | null = null
  const early = new Map<number, Exclude<PrintStatus, 'none' | 'printing'>>()

  /** The printer that prints this kiosk's tickets, or null when none does. */
  const printer = computed(() => (hall.state ? printerForKiosk(hall.state.settings.devices.list, terminalName.value) : null))
  /** Its health, once the hub has reported it. */
  const printerHealth = computed(() => (printer.value ? (devices.byId.get(printer.value.id) ?? null) : null))
  /** Tickets taken now will not print: say so before anyone taps. */
  const printerDown = computed(() => printerHealth.value !== null && !printerReady(printerHealth.value))

  devices.onPrintJob((job) => {
    if (job.ticketId === null) return
    const result = job.ok ? 'printed' : 'failed'
    if (shown.value?.ticket.id === job.ticketId || lastIssued?.ticket.id === job.ticketId) reportPrintResult(job.ticketId, result)
    else {
      early.set(job.ticketId, result)
      if (early.size > EARLY_RESULTS) early.delete(early.keys().next().value!)
    }
  })

  function configure(name: string): void {
    terminalName.value = name
  }

  function stopPrintWatch(): void {
    if (printWatch) clearTimeout(printWatch)
    printWatch = null
    awaiting = null
  }

  /**
   * After a ticket: wait for the hub to say how printing went. Silence past the job's timeout
   * counts as a failure — which brings the number back if the customer had already gone on.
   */
  function awaitPrint(ticketId: number): void {
    stopPrintWatch()
    const known = early.get(ticketId)
    early.delete(ticketId)
    if (known) return reportPrintResult(ticketId, known)
    const p = printer.value
    if (!p) return
    printStatus.value = 'printing'
    awaiting = ticketId
    printWatch = setTimeout(() => {
      printWatch = null
      if (awaiting === ticketId) reportPrintResult(ticketId, 'failed')
    }, (p.jobTimeoutSec + PRINT_WAIT_MARGIN_S) * 1000)
  }

  // Worked out on every event and every tick of the clock, but handed on (and the tiles redrawn)
  // only when a tile shows something new.
  const tiles = computed<ServiceTile[]>((previous) => {
    const state = hall.state
    if (!state) return []
    const next = activeServices(state).map((service) => {
      // One call of the function the hub prints the ticket with, on the same state, for this
      // lane: the tile's count and minutes are the ticket's, not two figures from two sources.
      const estimate = estimateWait(state, service.id, lane.value, hall.now)
      return { service, waiting: estimate.ahead, minutes: estimate.minutes, status: issuingStatus(state, service.id, hall.now) }
    })
    return previous && sameTiles(previous, next) ? previous : next
  })

  /** The emergency broadcast in force, if any. */
  const emergency = computed(() => hall.state?.emergency ?? null)
  const paused = computed(() => (hall.state?.settings.issuing.paused ?? false) || (emergency.value?.pauseIssuing ?? false))

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
      awaitPrint(result.ticket.id)
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
    if (result !== 'printing' && awaiting === ticketId) stopPrintWatch()
    if (shown.value?.ticket.id === ticketId) {
      printStatus.value = result
      if (result === 'failed') startCountdown(PRINT_FAILED_SHOW_S)
      return
    }
    if (result === 'failed' && lastIssued?.ticket.id === ticketId && Date.now() - lastIssued.at < LATE_FAILURE_MS) {
      shown.value = { ticket: lastIssued.ticket, service: lastIssued.service, phoneUrl: lastIssued.phoneUrl ?? null }
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

  return {
    lane,
    issuing,
    shown,
    printStatus,
    error,
    secondsLeft,
    tiles,
    paused,
    emergency,
    printer,
    printerHealth,
    printerDown,
    configure,
    issue,
    reportPrintResult,
    backToStart,
    chooseLane,
  }
})

function sameTiles(a: readonly ServiceTile[], b: readonly ServiceTile[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i]!
      return x.service === y.service && x.waiting === y.waiting && x.minutes === y.minutes && JSON.stringify(x.status) === JSON.stringify(y.status)
    })
  )
}
