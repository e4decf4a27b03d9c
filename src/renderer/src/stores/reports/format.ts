/**
 * Report figures as people read them: minutes and seconds, percentages, scores. A figure that
 * is null (nothing to measure) — or anything that is not a finite number — is "—", so a
 * manager never sees NaN, Infinity or a raw millisecond count.
 */
import type { Messages } from '../../locales'

export const DASH = '—'

export const isFigure = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)

/** Hours, minutes and seconds of a duration, rounded to the second. */
export function splitDuration(ms: number): { h: number; m: number; s: number } {
  const total = Math.max(0, Math.round(ms / 1000))
  return { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 }
}

/** 0.8333 → "83.3%", 1 → "100%". */
export function percentText(share: number): string {
  const v = Math.round(share * 1000) / 10
  return `${Number.isInteger(v) ? v : v.toFixed(1)}%`
}

/** One decimal, without a trailing ".0": 86.25 → "86.3", 80 → "80". */
export function decimalText(x: number, digits = 1): string {
  const f = 10 ** digits
  const v = Math.round(x * f) / f
  return Number.isInteger(v) ? String(v) : v.toFixed(digits)
}

export interface ReportFormat {
  duration(ms: number | null | undefined): string
  percent(share: number | null | undefined): string
  count(n: number | null | undefined): string
  /** A 0–100 score. */
  score(x: number | null | undefined): string
  /** The mean rating, 1–4, two decimals. */
  average(x: number | null | undefined): string
  /** The handling time against the standard, as a share of it: "标准的 85%". */
  ofStandard(x: number | null | undefined): string
  /** Minutes as a plain number, for chart axes. */
  minutes(ms: number | null | undefined): number | null
}

export function reportFormat(m: Messages): ReportFormat {
  const r = m.reports
  return {
    duration: (ms) => {
      if (!isFigure(ms)) return DASH
      const { h, m: min, s } = splitDuration(ms)
      return r.duration(h, min, s)
    },
    percent: (x) => (isFigure(x) ? percentText(x) : DASH),
    count: (n) => (isFigure(n) ? String(n) : DASH),
    score: (x) => (isFigure(x) ? decimalText(x) : DASH),
    average: (x) => (isFigure(x) ? x.toFixed(2) : DASH),
    ofStandard: (x) => (isFigure(x) ? r.ofStandard(percentText(x)) : DASH),
    minutes: (ms) => (isFigure(ms) ? Math.round(ms / 600) / 100 : null),
  }
}
