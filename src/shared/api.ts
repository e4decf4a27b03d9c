/**
 * The wire: HTTP paths and the event-stream messages, shared by the hub and every client.
 */
import type { DevicesStreamMessage } from './devices'
import type { ErrorBody } from './errors'
import type { LoggedCommand } from './events'
import type { HallState } from './hall-state'

export const API_PREFIX = '/api/v1'

export const API_PATHS = {
  health: `${API_PREFIX}/health`,
  command: (name: string) => `${API_PREFIX}/commands/${name}`,
  snapshot: `${API_PREFIX}/snapshot`,
  events: `${API_PREFIX}/events`,
  me: `${API_PREFIX}/me`,
  dayRecords: (day: string) => `${API_PREFIX}/days/${day}/records`,
  dayLog: (day: string) => `${API_PREFIX}/days/${day}/log`,
  stream: `${API_PREFIX}/stream`,
  pair: `${API_PREFIX}/pair`,
  devices: `${API_PREFIX}/devices`,
  devicePorts: `${API_PREFIX}/devices/ports`,
  deviceTest: (id: string) => `${API_PREFIX}/devices/${id}/test`,
  terminals: `${API_PREFIX}/terminals`,
  backups: `${API_PREFIX}/backups`,
  centralLink: `${API_PREFIX}/central-link`,
  groupConfig: `${API_PREFIX}/group-config`,
  complaints: `${API_PREFIX}/complaints`,
  complaint: (id: number) => `${API_PREFIX}/complaints/${id}`,
  /** A clerk's photo; `version` (Clerk.photo) makes the address one the browser may keep for good. */
  clerkPhoto: (id: number, version?: string) => `${API_PREFIX}/clerks/${id}/photo${version ? `?v=${encodeURIComponent(version)}` : ''}`,
} as const

/** Header carrying a client-chosen key so that a retried command is applied once. */
export const IDEMPOTENCY_HEADER = 'idempotency-key'
/** Optional header naming the terminal (e.g. "counter-3"), recorded in the audit log. */
export const TERMINAL_HEADER = 'x-hallq-terminal'

export interface Health {
  ok: true
  name: 'hallq'
  version: string
  businessDay: string
  seq: number
}

/** A client that missed more than this many logged commands gets a fresh snapshot instead. */
export const MAX_CATCH_UP = 1000

export type StreamMessage =
  | { type: 'snapshot'; seq: number; state: HallState }
  | ({ type: 'event' } & LoggedCommand)
  | { type: 'pong' }
  | ({ type: 'error' } & ErrorBody)
  | DevicesStreamMessage
  | StorageStreamMessage

/**
 * The data folder's drive (managers' screens show it): `low` when less than STORAGE_LOW_BYTES
 * are free or the last write failed for want of space. Sent on connecting and on each change.
 */
export type StorageStreamMessage = { type: 'storage'; low: boolean; freeBytes: number | null }

/** Below this much free space on the data folder's drive the manager is warned (磁盘空间不足). */
export const STORAGE_LOW_BYTES = 200 * 1024 * 1024

export type ClientStreamMessage = { type: 'ping' }

/**
 * Close codes of the event stream. The hub closes a stream at once, and sends nothing more on it,
 * when the access it was opened with ends.
 */
export const STREAM_CLOSE = {
  /** The client fell too far behind; reconnect to resync. */
  tooSlow: 4008,
  /** An admin revoked the terminal: pair again. */
  terminalRevoked: 4401,
  /** The clerk whose token opened the stream logged out, got a new PIN, or was disabled. */
  sessionEnded: 4402,
} as const
