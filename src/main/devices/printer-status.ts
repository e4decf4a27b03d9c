/**
 * What a printer's answers to DLE EOT 1–4 mean. Every answer byte has bit 1 and bit 4 set and
 * bits 0 and 7 clear (0xx1xx10), which also tells a status byte from line noise or XON/XOFF.
 */
import type { DeviceProblem } from '../../shared/devices'

export function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12
}

/** The conditions the four status bytes report, most serious first. */
export function printerProblems([printer, offline, error, paper]: readonly [number, number, number, number]): DeviceProblem[] {
  const problems = new Set<DeviceProblem>()
  if (paper & 0x60 || offline & 0x20) problems.add('paperOut')
  if (offline & 0x04) problems.add('coverOpen')
  if (error & 0x08) problems.add('cutterError')
  // Mechanical, unrecoverable or auto-recoverable (head too hot) errors; or an error the offline cause names but n=3 does not.
  if (error & 0x64 || (offline & 0x40 && !(error & 0x08))) problems.add('printerError')
  if (printer & 0x08 && problems.size === 0) problems.add('offline')
  if (paper & 0x0c) problems.add('paperNearEnd')
  return [...problems]
}
