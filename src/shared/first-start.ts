/**
 * The desktop app's first-start chooser: its two channels and what crosses them. A file of its
 * own so the chooser's preload shares no code with the hall's (a sandboxed preload cannot load
 * a shared chunk).
 */
/** Channels of the first-start chooser window only (its own preload, src/preload/setup.ts). */
export const SETUP_IPC = {
  probe: 'hallq:setup-probe',
  choose: 'hallq:setup-choose',
} as const

/** What the desktop app found at an address typed as the hub's. */
export type HubProbe =
  | {
      ok: true
      /** The address as it will be used: scheme, host and port, nothing else. */
      url: string
      /** SHA-256 of the hub's certificate (64 hex digits) over https; null over http. */
      fingerprint: string | null
      version: string
      businessDay: string
    }
  | { ok: false; problem: 'badAddress' | 'unreachable' | 'notHallq'; detail: string | null }

export type FirstStartChoice = { mode: 'hub' } | { mode: 'terminal'; url: string; fingerprint: string | null }

/** What the chooser's preload exposes as `window.hallqSetup`. */
export interface HallqSetupBridge {
  probe(address: string): Promise<HubProbe>
  /** Remembers the choice and starts this PC that way; the chooser window closes. */
  choose(choice: FirstStartChoice): Promise<{ ok: boolean }>
}
