/**
 * Whether this screen may see the hall at all. A browser on the LAN must first join the hall
 * with a pairing code from the duty manager; until then it asks the hub for nothing but who it
 * is (GET /me answers TERMINAL_NOT_PAIRED) — no snapshot, no stream. The desktop app's windows
 * and the hub PC's own browser are the hub's own screens and go straight on.
 */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { Terminal } from '../../../../shared/terminals'
import { backoffMs, isHallError, type Transport } from '../../transport/transport'
import { useHallStore } from '../hall'

export type PairingStatus = 'checking' | 'unpaired' | 'paired'

export const useTerminalStore = defineStore('terminal', () => {
  const hall = useHallStore()
  const status = ref<PairingStatus>('checking')
  /** The paired terminal (its role and counter); null on the hub's own screens. */
  const terminal = shallowRef<Terminal | null>(null)
  /** Failed attempts to reach the hub while checking. */
  const attempt = ref(0)
  /** The hub stopped serving this terminal while it was in use (an administrator revoked it). */
  const revoked = ref(false)
  /** A counter PC's rating screen: the evaluator pairing it rates with (null: none yet). */
  const rating = shallowRef<Terminal | null>(null)
  let transport: Transport | null = null
  let retry: ReturnType<typeof setTimeout> | null = null
  let random: () => number = Math.random

  function paired(t: Terminal | null): void {
    terminal.value = t
    status.value = 'paired'
    attempt.value = 0
    hall.start(transport!)
  }

  async function check(): Promise<void> {
    retry = null
    try {
      paired(await transport!.terminal())
    } catch (err) {
      if (isHallError(err) && err.code === 'TERMINAL_NOT_PAIRED') {
        status.value = 'unpaired'
        return
      }
      // The hub is out of reach (or answered nonsense): keep asking, further and further apart.
      attempt.value += 1
      retry = setTimeout(() => void check(), backoffMs(attempt.value, random))
    }
  }

  /** Finds out whether this terminal has joined the hall; starts the hall's stream once it has. */
  async function begin(t: Transport, rnd: () => number = Math.random): Promise<void> {
    transport = t
    random = rnd
    hall.onRefused((code) => {
      if (code !== 'TERMINAL_NOT_PAIRED') return
      hall.reset()
      terminal.value = null
      revoked.value = true
      status.value = 'unpaired'
    })
    await check()
  }

  /** Joins the hall with a pairing code; rejects with the hub's error (wrong code, locked …). */
  async function pair(code: string): Promise<Terminal> {
    if (!transport) throw new Error('pair before begin')
    const t = await transport.pair(code)
    revoked.value = false
    paired(t)
    return t
  }

  /** Asks the hub which evaluator pairing this browser's rating screen holds. */
  async function checkRating(): Promise<Terminal | null> {
    rating.value = transport?.ratingTerminal ? await transport.ratingTerminal() : null
    return rating.value
  }

  /** Pairs this PC's rating screen as its counter's evaluator, beside the PC's own pairing. */
  async function pairRating(code: string): Promise<Terminal> {
    if (!transport) throw new Error('pair before begin')
    const t = await transport.pair(code)
    rating.value = t
    return t
  }

  function stop(): void {
    if (retry) clearTimeout(retry)
    retry = null
  }

  return { status, terminal, attempt, revoked, rating, begin, pair, checkRating, pairRating, stop }
})
