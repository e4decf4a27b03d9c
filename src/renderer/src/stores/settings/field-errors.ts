/**
 * A refused save, at the field that caused it: the hub's (or our own pre-check's) issues
 * `{path, message}` become sentences in the screen's language under the form field the path
 * names. Pure: issues and messages in, `{ field: sentence }` out.
 */
import type { SettingsMessages } from '../../locales/settings'
import { isHallError } from '../../transport/transport'

export interface Issue {
  path: readonly (string | number)[]
  message: string
}

/** Field key → sentence; the key is the issue's path after the command's prefix, joined by dots (`hours.0.from`). */
export type FieldErrors = Record<string, string>

export interface SaveRefusal {
  fields: FieldErrors
  /** What belongs to no field (or the whole form): already a sentence. */
  form: string | null
}

type IssueMessages = SettingsMessages['issues']

/** The schemas' own words (src/shared), by what they mean. */
const KNOWN: readonly [RegExp, keyof IssueMessages['known']][] = [
  [/^service code:/, 'serviceCode'],
  [/^prefix:/, 'prefix'],
  [/^time: HH:MM$/, 'time'],
  [/^from must be before to$/, 'fromBeforeTo'],
  [/^staff code:/, 'staffCode'],
  [/^PIN: 4-12 digits$/, 'pin'],
  [/^a new clerk needs a PIN$/, 'pinRequired'],
  [/^a service is listed twice$/, 'serviceTwice'],
  [/^unknown time zone$/, 'timeZone'],
  [/^voice template:/, 'voiceTemplate'],
  [/^at least one indicator needs a weight above 0$/, 'oneWeight'],
  [/^counter and evaluator terminals need a counterId/, 'pairingCounter'],
  [/^id: a-z, 0-9, -/, 'deviceId'],
  [/^device id ".*" is used twice$/, 'deviceIdTwice'],
  [/^a custom preset needs a frame$/, 'customFrame'],
  [/^a custom preset needs keypad frames$/, 'customKeypad'],
  [/^one hex byte/, 'hexByte'],
  [/^hex bytes/, 'hexBytes'],
  [/^the frame needs \{(addr|text|key)\}$/, 'frameField'],
  [/^the frame has \{cs\}: choose a checksum$/, 'frameChecksum'],
  [/^choose checksum "none" or put \{cs\} in the frame$/, 'frameNoChecksum'],
  [/^unknown items:/, 'unknownItems'],
  [/^date: YYYY-MM-DD$/, 'calendarDate'],
  [/^a date or weekday is listed twice$/, 'listedTwice'],
  [/^a date cannot be both a holiday and a make-up working day$/, 'holidayAndWorkday'],
  [/^service \S+ is listed twice$/, 'groupServiceTwice'],
  [/^prefix \S+ is already used by \S+$/, 'groupPrefixTwice'],
]

/** One issue as a sentence. Zod's own messages are read for their bounds; anything else is shown as given. */
export function issueSentence(message: string, t: IssueMessages): string {
  let m: RegExpExecArray | null
  if ((m = /^Too small: expected (number|string|array|set) to (?:be|have) (>=|>)(-?[\d.]+)(?: (?:characters?|items?))?$/.exec(message))) {
    const n = Number(m[3]) + (m[2] === '>' ? 1 : 0)
    if (m[1] === 'string') return n <= 1 ? t.required : t.minLength(n)
    if (m[1] === 'array' || m[1] === 'set') return t.minItems(n)
    return t.min(Number(m[3]))
  }
  if ((m = /^Too big: expected (number|string|array|set) to (?:be|have) (<=|<)(-?[\d.]+)(?: (?:characters?|items?))?$/.exec(message))) {
    const n = Number(m[3])
    if (m[1] === 'string') return t.maxLength(n)
    if (m[1] === 'array' || m[1] === 'set') return t.maxItems(n)
    return t.max(n)
  }
  if (/^Invalid input: expected int, received number$/.test(message)) return t.whole
  if (/^Invalid input: expected (number|int), received (undefined|null|NaN|string)$/.test(message)) return t.number
  if (/^Invalid input: expected \w+, received (undefined|null)$/.test(message)) return t.required
  if (/^Invalid (option|input): expected one of/.test(message)) return t.choose
  for (const [pattern, key] of KNOWN) if (pattern.test(message)) return t.known[key]
  return t.invalid(message)
}

function isIssueList(details: unknown): details is Issue[] {
  return Array.isArray(details) && details.every((d) => typeof d === 'object' && d !== null && Array.isArray((d as Issue).path) && typeof (d as Issue).message === 'string')
}

/** Issues under `prefix` (e.g. ['service'], ['patch']) as field errors; the first sentence per field wins. */
export function issuesToFields(issues: readonly Issue[], prefix: readonly string[], t: IssueMessages): SaveRefusal {
  const fields: FieldErrors = {}
  const loose: string[] = []
  for (const issue of issues) {
    const path = issue.path.map(String)
    const inside = prefix.every((p, i) => path[i] === p)
    const key = (inside ? path.slice(prefix.length) : path).join('.')
    const sentence = issueSentence(issue.message, t)
    if (key === '') loose.push(sentence)
    else fields[key] ??= sentence
  }
  return { fields, form: loose.length > 0 ? [...new Set(loose)].join('；') : null }
}

/**
 * Hall refusals that name a field (a prefix taken, a staff code taken, the last admin) are put
 * at that field; `where` says which field each such code belongs to on this form.
 */
export function refusalOf(err: unknown, prefix: readonly string[], t: IssueMessages, errorText: (err: unknown) => string, where: Partial<Record<string, string>> = {}): SaveRefusal {
  if (isHallError(err)) {
    if (err.code === 'VALIDATION_FAILED' && isIssueList(err.details) && err.details.length > 0) {
      const refusal = issuesToFields(err.details, prefix, t)
      if (Object.keys(refusal.fields).length > 0 || refusal.form) return refusal
    }
    const field = where[err.code]
    if (field) return { fields: { [field]: errorText(err) }, form: null }
  }
  return { fields: {}, form: errorText(err) }
}

/** The first error at `key` or below it (`hours` finds `hours.1.from`). */
export function errorAt(errors: FieldErrors, key: string): string | undefined {
  if (errors[key]) return errors[key]
  const below = Object.keys(errors).find((k) => k.startsWith(`${key}.`))
  return below === undefined ? undefined : errors[below]
}

/** Errors no field on the form shows: listed with the form's own message, so nothing is hidden. */
export function unclaimed(errors: FieldErrors, shown: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([k]) => !shown.some((s) => k === s || k.startsWith(`${s}.`)))
    .map(([, v]) => v)
}
