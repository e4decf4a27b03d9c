/** A023: the service prefix and the day's sequence, at least three digits. */
export function formatTicketNumber(prefix: string, seq: number): string {
  return `${prefix}${String(seq).padStart(3, '0')}`
}
