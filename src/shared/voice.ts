/**
 * The call sentence ("请 A023 号 到 3 号窗口办理") and how a voice pack says it: which recorded
 * clips, in which order. Shared so that the hall display, and any hub-side speaker, say a call
 * the same way. The file list of a pack is documented in resources/voice/README.md.
 */

/** Clip files a pack may contain, by extension. The file name without extension is what the clip says. */
export const VOICE_CLIP_TYPES: Readonly<Record<string, string>> = {
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
}

/** The optional clip played before every announcement; without it a chime is synthesised. */
export const CHIME_CLIP = 'chime'

/** GET /voice/<lang>/index.json: what the pack can say, clip name → file name. */
export interface VoicePackIndex {
  lang: string
  clips: Record<string, string>
}

/** Language folders look like zh-CN; nothing else reaches the file system. */
export const VOICE_LANG = /^[a-z]{2,3}(-[A-Z]{2})?$/

/** Is this a clip file name a pack may serve (no path, a known extension)? */
export function voiceClipName(file: string): string | null {
  if (file.includes('/') || file.includes('\\') || file.startsWith('.')) return null
  const dot = file.lastIndexOf('.')
  if (dot <= 0) return null
  const ext = file.slice(dot).toLowerCase()
  return VOICE_CLIP_TYPES[ext] ? file.slice(0, dot) : null
}

export interface CallSentence {
  /** As shown on the screen: the template with the number and counter filled in. */
  text: string
  /** As given to a speech synthesiser: digits of the ticket number spelt one by one. */
  spoken: string
  /** Clip names in order, when `available` can say every part; else null. */
  clips: string[] | null
}

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'number' } | { kind: 'counter' }
type Part = TemplatePart

/** The template in order: words of text, and where the number and the counter go. */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: Part[] = []
  for (const piece of template.split(/(\{number\}|\{counter\})/)) {
    if (piece === '{number}') parts.push({ kind: 'number' })
    else if (piece === '{counter}') parts.push({ kind: 'counter' })
    else for (const word of piece.split(/\s+/)) if (word) parts.push({ kind: 'text', text: word })
  }
  return parts
}

const ZH_DIGITS = '零一二三四五六七八九'

/** A counter number as it is said: 3 → 3, 12 → 十 2, 20 → 2 十, 35 → 3 十 5; from 100 digit by digit. */
export function counterWords(n: number): string[] {
  if (!Number.isInteger(n) || n < 0) return String(n).split('')
  if (n < 10) return [String(n)]
  if (n < 100) {
    const tens = Math.floor(n / 10)
    const ones = n % 10
    return [...(tens === 1 ? [] : [String(tens)]), '十', ...(ones === 0 ? [] : [String(ones)])]
  }
  return String(n).split('')
}

/** Splits text into clip names, longest first; null if some part has no clip. */
function splitIntoClips(text: string, available: ReadonlySet<string>, longest: number): string[] | null {
  const out: string[] = []
  let i = 0
  while (i < text.length) {
    let found = 0
    for (let len = Math.min(longest, text.length - i); len > 0; len--) {
      if (available.has(text.slice(i, i + len))) {
        found = len
        break
      }
    }
    if (found === 0) return null
    out.push(text.slice(i, i + found))
    i += found
  }
  return out
}

/**
 * The sentence for a call. `available` is the set of clip names of the configured pack (empty
 * when there is none); `lang` decides how digits are spelt for a synthesiser.
 */
export function callSentence(
  template: string,
  ticketNumber: string,
  counterId: number,
  available: ReadonlySet<string> = new Set(),
  lang = 'zh-CN',
): CallSentence {
  const parts = parseTemplate(template)
  const chars = ticketNumber.split('')
  const spelt = (lang.startsWith('zh') ? chars.map((c) => (/\d/.test(c) ? ZH_DIGITS[Number(c)]! : c)) : chars).join(' ')
  const fill = (number: string) => template.replaceAll('{number}', number).replaceAll('{counter}', String(counterId)).trim()
  const text = fill(ticketNumber)
  const spoken = fill(spelt)

  let clips: string[] | null = null
  if (available.size > 0) {
    const longest = Math.max(...[...available].map((k) => k.length))
    clips = []
    for (const p of parts) {
      const words = p.kind === 'number' ? ticketNumber.split('') : p.kind === 'counter' ? counterWords(counterId) : [p.text]
      const said = words.map((w) => (available.has(w) ? [w] : splitIntoClips(w, available, longest)))
      if (said.some((s) => s === null)) {
        clips = null
        break
      }
      for (const s of said) clips.push(...s!)
    }
  }
  return { text, spoken, clips }
}

/** The clips a pack needs to say every call of a hall: for its documentation and a check. */
export function clipsNeeded(template: string, prefixes: readonly string[]): string[] {
  const words = new Set<string>()
  for (const p of parseTemplate(template)) if (p.kind === 'text') words.add(p.text)
  for (const prefix of prefixes) for (const c of prefix) words.add(c)
  for (const d of '0123456789') words.add(d)
  words.add('十')
  return [...words]
}
