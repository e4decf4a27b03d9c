/** The hub's link to the centre as the manager's view and the settings page show it. */
export interface CentralLinkStatus {
  /** False when the hub runs without --central: the hall is on its own, as always. */
  configured: boolean
  hallCode: string | null
  hallName: string | null
  region: string | null
  /** The last attempt to reach the centre's database succeeded. */
  connected: boolean
  /** Logged commands of this hub the centre does not hold yet (null before the first contact). */
  behind: number | null
  /** When a batch was last stored by the centre. */
  lastShippedAt: number | null
  /** Why the last attempt failed, in the driver's words (for the IT person), or null. */
  error: string | null
}

export const CENTRAL_LINK_OFF: CentralLinkStatus = {
  configured: false,
  hallCode: null,
  hallName: null,
  region: null,
  connected: false,
  behind: null,
  lastShippedAt: null,
  error: null,
}
