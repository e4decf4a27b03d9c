/**
 * The hall display: every call (and recall) that arrives live is flashed and announced, one at
 * a time in call order. A display that starts late, or comes back after a long outage, shows
 * the recent calls but does not say them again.
 */
import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import { callSentence } from '../../../../shared/voice'
import { Announcer, type Announcement, type AnnouncementRecord, type Speaker } from '../../voice/announcer'
import type { VoicePack } from '../../transport/transport'
import { useHallStore } from '../hall'
import { ANNOUNCE_MAX_AGE_MS, callsIn, recentCalls, type Call } from './calls'

export const VOICE_LANG = 'zh-CN'
const LOG_LIMIT = 100

declare global {
  interface Window {
    /** What the display asked its speaker to say, newest last (diagnostics; read by the end-to-end tests). */
    __hallqAnnouncements?: AnnouncementRecord[]
  }
}

export const useDisplayStore = defineStore('display', () => {
  const hall = useHallStore()
  const announcing = shallowRef<Announcement | null>(null)
  /** Goes up whenever a call starts being announced: the big panel flashes on each change. */
  const flashCount = ref(0)
  const voiceMode = ref<'clips' | 'speech'>('speech')
  let clipNames: ReadonlySet<string> = new Set()
  let announcer: Announcer | null = null
  let unsubscribe: (() => void) | null = null

  const recent = computed<Call[]>(() => (hall.state ? recentCalls(hall.state, 9) : []))
  /** The call shown very large: the one being said, else the newest. */
  const bigCall = computed<Call | null>(() => {
    const a = announcing.value
    if (a) return { seq: a.seq, ticketId: a.ticketId, number: a.number, counterId: a.counterId, recall: a.recall, at: 0 }
    return recent.value[0] ?? null
  })

  function record(r: AnnouncementRecord): void {
    if (typeof window === 'undefined') return
    const log = (window.__hallqAnnouncements ??= [])
    log.push(r)
    if (log.length > LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT)
  }

  /** Clips to say calls with from now on (null: the speech synthesiser). */
  function setPack(pack: VoicePack | null): void {
    clipNames = new Set(pack?.clips.keys() ?? [])
    voiceMode.value = pack ? 'clips' : 'speech'
  }

  function start(speaker: Speaker, pack: VoicePack | null = null): void {
    stop()
    setPack(pack)
    announcer = markRaw(
      new Announcer(speaker, {
        record,
        onStart(a) {
          announcing.value = a
          flashCount.value += 1
        },
        onEnd() {
          announcing.value = null
        },
      }),
    )
    unsubscribe = hall.onEvent((logged, { ageMs }) => {
      if (ageMs > ANNOUNCE_MAX_AGE_MS || !hall.state) return
      const { voiceTemplate, voiceRepeat } = hall.state.settings.display
      for (const call of callsIn(logged, hall.state)) {
        announcer?.enqueue({
          seq: call.seq,
          ticketId: call.ticketId,
          number: call.number,
          counterId: call.counterId,
          recall: call.recall,
          sentence: callSentence(voiceTemplate, call.number, call.counterId, clipNames, VOICE_LANG),
          repeat: voiceRepeat,
          lang: VOICE_LANG,
        })
      }
    })
  }

  function stop(): void {
    unsubscribe?.()
    unsubscribe = null
    announcer?.stop()
    announcer = null
    announcing.value = null
  }

  return { announcing, flashCount, voiceMode, recent, bigCall, start, stop, setPack }
})
