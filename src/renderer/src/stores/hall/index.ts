/**
 * The hall as this screen knows it: the snapshot from the hub, moved forward by every event on
 * the stream with the hall's own `evolve`. No polling. Also the connection state, and the hub's
 * clock (a TV's own clock is often wrong; waits and the clock on screen use the hub's).
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { CommandInput, CommandName, CommandResult } from '../../../../shared/commands'
import type { ErrorCode } from '../../../../shared/errors'
import type { LoggedCommand } from '../../../../shared/events'
import type { HallState } from '../../../../shared/hall-state'
import { HallError, type ConnectionStatus, type Transport } from '../../transport/transport'
import { receive } from './stream'

export type EventListener = (logged: LoggedCommand, info: { ageMs: number }) => void
export type MessageListener = (message: Record<string, unknown>) => void

export const useHallStore = defineStore('hall', () => {
  const state = shallowRef<HallState | null>(null)
  const seq = ref<number | null>(null)
  const connection = ref<ConnectionStatus>('connecting')
  const attempt = ref(0)
  /** Local clock minus hub clock. */
  const clockOffsetMs = ref(0)
  /** The hub's time, moved every second: the one clock every screen shows and measures with. */
  const now = ref(Date.now())
  const online = computed(() => connection.value === 'online' && state.value !== null)

  let transport: Transport | null = null
  let ticker: ReturnType<typeof setInterval> | null = null
  let resyncPending = false
  const eventListeners = new Set<EventListener>()
  const messageListeners = new Map<string, Set<MessageListener>>()
  const refusedListeners = new Set<(code: ErrorCode) => void>()

  function hubNow(): number {
    return Date.now() - clockOffsetMs.value
  }

  function tick(): void {
    now.value = hubNow()
  }

  function resync(fresh: boolean): void {
    if (fresh) seq.value = null
    if (resyncPending) return
    resyncPending = true
    transport?.resync()
  }

  function handle(message: unknown): void {
    const held = state.value && seq.value !== null ? { seq: seq.value, state: state.value } : null
    const r = receive(held, message)
    switch (r.kind) {
      case 'snapshot':
        state.value = r.held.state
        seq.value = r.held.seq
        resyncPending = false
        return
      case 'applied': {
        state.value = r.held.state
        seq.value = r.held.seq
        resyncPending = false
        const ageMs = hubNow() - r.logged.at
        for (const listener of eventListeners) {
          try {
            listener(r.logged, { ageMs })
          } catch (err) {
            transport?.reportError({ message: String(err), source: 'hall event listener' })
          }
        }
        return
      }
      case 'gap':
        // Nothing held yet: a snapshot is on its way. Otherwise something was missed: catch up.
        if (held !== null) resync(false)
        return
      case 'failed':
        // Our copy disagrees with the hub's events: start again from a snapshot.
        transport?.reportError({ message: `event could not be applied: ${String(r.error)}`, source: 'hall store' })
        resync(true)
        return
      case 'other':
        for (const listener of messageListeners.get(r.type) ?? []) listener(r.message)
        return
      case 'duplicate':
      case 'malformed':
        return
    }
  }

  function start(t: Transport): void {
    transport = t
    t.open(
      {
        message: handle,
        status(status, info) {
          connection.value = status
          attempt.value = info.attempt
          if (info.clockOffsetMs !== undefined) clockOffsetMs.value = info.clockOffsetMs
          if (status === 'online') resyncPending = false
          tick()
        },
        refused(code) {
          for (const listener of refusedListeners) listener(code)
        },
      },
      () => seq.value,
    )
    ticker ??= setInterval(tick, 1000)
  }

  function stop(): void {
    transport?.close()
    transport = null
    if (ticker) clearInterval(ticker)
    ticker = null
  }

  /** Forgets the hall (the terminal was unpaired): a later start begins from a fresh snapshot. */
  function reset(): void {
    stop()
    state.value = null
    seq.value = null
    connection.value = 'connecting'
    attempt.value = 0
    resyncPending = false
  }

  /** The hub refused to stream to this terminal (e.g. TERMINAL_NOT_PAIRED after a revocation). */
  function onRefused(listener: (code: ErrorCode) => void): () => void {
    refusedListeners.add(listener)
    return () => refusedListeners.delete(listener)
  }

  /** Every event after it is applied, with its age by the hub's clock. */
  function onEvent(listener: EventListener): () => void {
    eventListeners.add(listener)
    return () => eventListeners.delete(listener)
  }

  /** Stream messages of a type this store does not handle itself (e.g. device status). */
  function onMessage(type: string, listener: MessageListener): () => void {
    let set = messageListeners.get(type)
    if (!set) messageListeners.set(type, (set = new Set()))
    set.add(listener)
    return () => set.delete(listener)
  }

  /** Sends a command; refused here while the hall is out of reach, so nothing is half-done. */
  async function command<N extends CommandName>(name: N, payload: CommandInput<N>, token?: string | null): Promise<CommandResult<N>> {
    if (!transport || !online.value) throw new HallError('OFFLINE')
    return transport.command(name, payload, { token: token ?? null })
  }

  function use(): Transport {
    if (!transport) throw new HallError('OFFLINE')
    return transport
  }

  return { state, seq, connection, attempt, clockOffsetMs, now, online, start, stop, reset, onEvent, onMessage, onRefused, command, hubNow, transport: use, receive: handle }
})
