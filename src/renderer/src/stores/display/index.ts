/**
 * The hall display: every call (and recall) that arrives live is flashed and announced, one at
 * a time in call order. A display that starts late, or comes back after a long outage, shows
 * the recent calls but does not say them again.
 *
 * An emergency broadcast takes the display over (DisplayView) and is said when it starts — if
 * that arrives live — and again every `settings.emergency.announceEveryMin` minutes from its
 * start, by the hub's clock, until it ends.
 */
import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef, watch, type WatchStopHandle } from 'vue'
import type { Emergency } from '../../../../shared/domain'
import { callSentence } from '../../../../shared/voice'
import { DRILL_SPOKEN } from '../../../../shared/emergency'
import { Announcer, type Announcement, type AnnouncementRecord, type Speaker } from '../../voice/announcer'
import type { VoicePack } from '../../transport/transport'
import { useHallStore } from '../hall'
import { nextToCall } from '../hall/selectors'
import { ANNOUNCE_MAX_AGE_MS, callsIn, isLive, recentCalls, type Call } from './calls'
import { nextAnnouncementAt } from './emergency'

export const VOICE_LANG = 'zh-CN'
const LOG_LIMIT = 100
/** Numbers shown under 请准备. */
export const UPCOMING = 5

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
  let stopWatch: WatchStopHandle | null = null
  let repeatTimer: ReturnType<typeof setTimeout> | null = null

  const emergency = computed(() => hall.state?.emergency ?? null)

  function sayEmergency(e: Emergency): void {
    const text = e.drill ? `${DRILL_SPOKEN['zh-CN']}${e.message}` : e.message
    announcer?.broadcast({ key: String(e.startedAt), text, lang: VOICE_LANG, repeat: hall.state?.settings.display.voiceRepeat ?? 2 })
  }

  /** Sets the timer for the next time the emergency is said, or clears it when there is none. */
  function scheduleRepeat(): void {
    if (repeatTimer) clearTimeout(repeatTimer)
    repeatTimer = null
    const e = emergency.value
    if (!e || !announcer || !hall.state) return
    const at = nextAnnouncementAt(e.startedAt, hall.state.settings.emergency.announceEveryMin, hall.hubNow())
    if (at === null) return
    repeatTimer = setTimeout(() => {
      repeatTimer = null
      if (emergency.value?.startedAt === e.startedAt) sayEmergency(emergency.value)
      scheduleRepeat()
    }, Math.max(0, at - hall.hubNow()))
  }

  const recent = computed<Call[]>(() => (hall.state ? recentCalls(hall.state, 9) : []))
  /**
   * The call shown very large: the one being said, else the newest that is still a call. A
   * customer who came, was served, missed the call or was transferred is no longer called.
   */
  const bigCall = computed<Call | null>(() => {
    const a = announcing.value
    const state = hall.state
    if (a && (!state || isLive(state, a))) return { seq: a.seq, ticketId: a.ticketId, number: a.number, counterId: a.counterId, recall: a.recall, at: 0 }
    return (state && recent.value.find((c) => isLive(state, c))) ?? null
  })
  /** 请准备: with no live call, the next numbers in call order, so people get up in time. */
  const upcoming = computed(() => (hall.state && bigCall.value === null ? nextToCall(hall.state, UPCOMING) : []))

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
        stillCalled: (a) => (hall.state ? isLive(hall.state, a) : true),
      }),
    )
    unsubscribe = hall.onEvent((logged, { ageMs }) => {
      // Whatever the command changed, a call it ended is said no more (the hall's state is already updated).
      announcer?.prune()
      if (ageMs > ANNOUNCE_MAX_AGE_MS || !hall.state) return
      for (const event of logged.events) {
        if (event.type === 'emergencyStarted') sayEmergency(event.emergency)
        if (event.type === 'emergencyEnded') announcer?.cancelBroadcast()
      }
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
    stopWatch = watch(
      () => [emergency.value?.startedAt ?? null, hall.state?.settings.emergency.announceEveryMin ?? null],
      () => {
        if (!emergency.value) announcer?.cancelBroadcast()
        scheduleRepeat()
      },
      { immediate: true },
    )
  }

  function stop(): void {
    unsubscribe?.()
    unsubscribe = null
    stopWatch?.()
    stopWatch = null
    if (repeatTimer) clearTimeout(repeatTimer)
    repeatTimer = null
    announcer?.stop()
    announcer = null
    announcing.value = null
  }

  return { announcing, flashCount, voiceMode, recent, bigCall, upcoming, emergency, start, stop, setPack }
})
