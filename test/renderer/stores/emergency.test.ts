/**
 * An emergency broadcast on the screens: the display says it when it starts and again every
 * few minutes from its start (the fake speaker records what it was asked), the kiosk pauses,
 * and ending it restores everything.
 */
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EMERGENCY_PRESETS } from '../../../src/shared/emergency'
import { useDisplayStore } from '../../../src/renderer/src/stores/display'
import { emergencyLines, nextAnnouncementAt } from '../../../src/renderer/src/stores/display/emergency'
import { useHallStore } from '../../../src/renderer/src/stores/hall'
import { useKioskStore } from '../../../src/renderer/src/stores/kiosk'
import type { AnnouncementStep, Speaker } from '../../../src/renderer/src/voice/announcer'
import { FakeTransport, ScriptedHall } from '../support'

class FakeSpeaker implements Speaker {
  played: AnnouncementStep[] = []
  async play(step: AnnouncementStep) {
    this.played.push(step)
  }
  /** What was said by the synthesiser, in order. */
  get spoken(): string[] {
    return this.played.flatMap((s) => (s.kind === 'speech' ? [s.text] : []))
  }
}

const OUTAGE = EMERGENCY_PRESETS['zh-CN'].outage
const MIN = 60_000
let hub: ScriptedHall
let transport: FakeTransport
let speaker: FakeSpeaker

beforeEach(() => {
  vi.useFakeTimers()
  setActivePinia(createPinia())
  window.__hallqAnnouncements = []
  hub = new ScriptedHall()
  hub.now = Date.now()
  transport = new FakeTransport()
  speaker = new FakeSpeaker()
  hub.run('openCounter', { counterId: 3 }, 1)
  hub.run('issueTicket', { serviceId: 'BROADBAND' })
  useHallStore().start(transport)
})
afterEach(() => {
  useDisplayStore().stop()
  vi.useRealTimers()
})

describe('emergency on the display', () => {
  it('is said when it starts, then every two minutes from its start, and no more once it ends', async () => {
    const display = useDisplayStore()
    display.start(speaker)
    transport.connect(hub.seq, hub.state)
    transport.push(hub.run('startEmergency', { kind: 'outage' }, 2).logged)
    await vi.advanceTimersByTimeAsync(0)
    expect(display.emergency).toMatchObject({ kind: 'outage', message: OUTAGE, pauseIssuing: true })
    expect(speaker.played).toEqual([{ kind: 'chime' }, { kind: 'speech', text: OUTAGE, lang: 'zh-CN' }, { kind: 'speech', text: OUTAGE, lang: 'zh-CN' }])
    expect(window.__hallqAnnouncements).toEqual([expect.objectContaining({ emergency: true, text: OUTAGE, mode: 'speech' })])

    await vi.advanceTimersByTimeAsync(2 * MIN - 1000)
    expect(speaker.spoken).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(1000)
    expect(speaker.spoken).toHaveLength(4)
    await vi.advanceTimersByTimeAsync(2 * MIN)
    expect(speaker.spoken).toHaveLength(6)

    hub.now = Date.now()
    transport.push(hub.run('endEmergency', {}, 2).logged)
    await vi.advanceTimersByTimeAsync(10 * MIN)
    expect(display.emergency).toBeNull()
    expect(speaker.spoken).toHaveLength(6)
  })

  it('goes before the calls still waiting to be said, never into the middle of one', async () => {
    const display = useDisplayStore()
    let release: () => void = () => undefined
    const slow: Speaker & { steps: string[] } = {
      steps: [],
      play(step) {
        this.steps.push(step.kind === 'speech' ? step.text : step.kind)
        return new Promise<void>((r) => (release = r))
      },
    }
    display.start(slow)
    transport.connect(hub.seq, hub.state)
    transport.push(hub.run('issueTicket', { serviceId: 'BROADBAND' }).logged)
    transport.push(hub.run('callNext', { counterId: 3 }, 1).logged)
    // B001 is still a call (recalled, not gone), so nothing cuts it short.
    transport.push(hub.run('recall', { counterId: 3 }, 1).logged)
    transport.push(hub.run('startEmergency', { kind: 'evacuation', pauseIssuing: false }, 2).logged)
    for (let i = 0; i < 12; i++) {
      release()
      await vi.advanceTimersByTimeAsync(0)
    }
    const evacuation = EMERGENCY_PRESETS['zh-CN'].evacuation
    // B001's announcement finishes, then the emergency, then B001's recall.
    expect(slow.steps.slice(0, 9)).toEqual([
      'chime',
      '请 B 零 零 一 号 到 3 号窗口办理',
      '请 B 零 零 一 号 到 3 号窗口办理',
      'chime',
      evacuation,
      evacuation,
      'chime',
      '请 B 零 零 一 号 到 3 号窗口办理',
      '请 B 零 零 一 号 到 3 号窗口办理',
    ])
  })

  it('a display that starts during an emergency shows it, and says it at the next turn, with every other display', async () => {
    hub.now = Date.now() - 5 * MIN
    hub.run('startEmergency', { kind: 'custom', message: '空调故障，请到二楼等候' }, 2)
    const display = useDisplayStore()
    display.start(speaker)
    transport.connect(hub.seq, hub.state)
    await vi.advanceTimersByTimeAsync(0)
    expect(display.emergency?.message).toBe('空调故障，请到二楼等候')
    expect(speaker.played).toEqual([])
    await vi.advanceTimersByTimeAsync(MIN - 1000)
    expect(speaker.played).toEqual([])
    await vi.advanceTimersByTimeAsync(1000)
    expect(speaker.spoken).toEqual(['空调故障，请到二楼等候', '空调故障，请到二楼等候'])
  })

  it('says it only once when the hall sets no repeat', async () => {
    hub.run('updateSettings', { patch: { emergency: { announceEveryMin: 0 } } })
    const display = useDisplayStore()
    display.start(speaker)
    transport.connect(hub.seq, hub.state)
    transport.push(hub.run('startEmergency', { kind: 'network' }, 2).logged)
    await vi.advanceTimersByTimeAsync(30 * MIN)
    expect(speaker.spoken).toHaveLength(2)
  })
})

describe('emergency at the kiosk', () => {
  it('pauses issuing with its message; ending it restores the tiles', async () => {
    const kiosk = useKioskStore()
    transport.connect(hub.seq, hub.state)
    expect(kiosk.paused).toBe(false)
    transport.push(hub.run('startEmergency', { kind: 'crowding' }, 2).logged)
    expect(kiosk.paused).toBe(true)
    expect(kiosk.tiles.every((t) => !t.status.open)).toBe(true)
    transport.push(hub.run('endEmergency', {}, 2).logged)
    expect(kiosk.paused).toBe(false)
    expect(kiosk.tiles.find((t) => t.service.id === 'BROADBAND')!.status).toEqual({ open: true })
  })

  it('one that leaves issuing on keeps the tiles open', () => {
    const kiosk = useKioskStore()
    transport.connect(hub.seq, hub.state)
    transport.push(hub.run('startEmergency', { kind: 'security', pauseIssuing: false }, 2).logged)
    expect(kiosk.emergency).toMatchObject({ kind: 'security' })
    expect(kiosk.paused).toBe(false)
  })
})

describe('emergency words', () => {
  it('a preset is shown in the screen language with the other below; own words as written', () => {
    expect(emergencyLines({ kind: 'outage', message: OUTAGE }, 'zh-CN')).toEqual({ main: OUTAGE, other: EMERGENCY_PRESETS['en-US'].outage })
    expect(emergencyLines({ kind: 'outage', message: OUTAGE }, 'en-US')).toEqual({ main: EMERGENCY_PRESETS['en-US'].outage, other: OUTAGE })
    expect(emergencyLines({ kind: 'outage', message: '打印机全部故障' }, 'en-US')).toEqual({ main: '打印机全部故障', other: null })
  })

  it('repeats are counted from the start', () => {
    expect(nextAnnouncementAt(1000, 2, 1000)).toBe(1000 + 2 * MIN)
    expect(nextAnnouncementAt(1000, 2, 1000 + 2 * MIN)).toBe(1000 + 4 * MIN)
    expect(nextAnnouncementAt(1000, 2, 1000 + 5 * MIN)).toBe(1000 + 6 * MIN)
    expect(nextAnnouncementAt(1000, 0, 1000)).toBeNull()
  })
})
