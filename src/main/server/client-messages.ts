/**
 * What a client sends on a stream (the staff event stream, a phone's own stream): only `ping`.
 * The message's `type`, or undefined for anything that is not a JSON text with one.
 */
import type { RawData } from 'ws'

export function clientMessageType(data: RawData, isBinary: boolean): unknown {
  if (isBinary) return undefined
  try {
    return (JSON.parse(String(data)) as { type?: unknown } | null)?.type
  } catch {
    return undefined
  }
}
