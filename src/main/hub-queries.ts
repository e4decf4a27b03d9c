/**
 * The hub's reads and actions outside the command log (`HUB_READS`, `HUB_ACTIONS` in
 * src/shared/ipc.ts): one function each, which checks the caller and answers. The HTTP route
 * and the desktop app's IPC query both call it, so the two transports cannot answer differently.
 */
import type { HubRequestName, IpcQueries } from '../shared/ipc'
import type { Credentials } from './hall'

/** `args` is untrusted (it may come straight from a window): each query checks what it uses. */
export type HubQuery<Q extends HubRequestName> = (args: Record<string, unknown>, credentials: Credentials) => Promise<IpcQueries[Q]['result']>
export type HubQueries = { [Q in HubRequestName]?: HubQuery<Q> }
