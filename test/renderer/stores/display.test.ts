import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { useDisplayStore } from '../../../src/renderer/src/stores/display'
import { ANNOUNCE_MAX_AGE_MS } from '../../../src/renderer/src/stores/display/calls'
import { useHallStore } from '../../../src/renderer/src/stores/hall'
import type { AnnouncementStep, Speaker } from '../../../src/renderer/src/voice/announcer'
import { FakeTransport, ScriptedHall } from '../support'

class RecordingSpeaker implements Speaker {
  played: AnnouncementStep[] = []
  async play(step: AnnouncementStep) {
    this.played.push(step)
  }
}

let hub: ScriptedHall
let transport: FakeTransport
let speaker: RecordingSpeaker

beforeEach(() => {
  setActivePinia(createPinia())
  window.__hallqAnnouncements = []
  hub = new ScriptedHall()
  hub.now = Date.now()
  transport = new FakeTransport()
  speaker = new RecordingSpeaker()
  hub.run('openCounter', { counterId: 3 }, 1)
  hub.run('issueTicket', { serviceId: 'BROADBAND' })
  hub.run('issueTicket', { serviceId: 'BROADBAND' })
  useHallStore().start(transport)
})

const settle = () => new Promise((r) => setTimeout(r, 0))

describe('hall display', () => {
  it('announces a live call, in clips when the pack has them, and logs the request', async () => {
    const display = useDisplayStore()
    display.start(speaker, { lang: 'zh-CN', clips: new Map(['请', '号', '到', '号窗口办理', 'B', '0', '1', '3', 'chime'].map((c) => [c, `blob:${c}`])) })
    transport.connect(hub.seq, hub.state)
    transport.push(hub.run('callNext', { counterId: 3 }, 1).logged)
    await settle()
    const said = ['请', 'B', '0', '0', '1', '号', '到', '3', '号窗口办理']
    expect(speaker.played).toEqual([{ kind: 'chime' }, { kind: 'clips', clips: said }, { kind: 'clips', clips: said }])
    expect(window.__hallqAnnouncements).toEqual([{ number: 'B001', counterId: 3, recall: false, text: '请 B001 号 到 3 号窗口办理', mode: 'clips', steps: speaker.played }])
    expect(display.bigCall).toMatchObject({ number: 'B001', counterId: 3 })
  })

  it('says a recall again, and the number of repeats follows the setting', async () => {
    const display = useDisplayStore()
    display.start(speaker)
    transport.connect(hub.seq, hub.state)
    transport.push(hub.run('updateSettings', { patch: { display: { voiceRepeat: 1 } } }).logged)
    transport.push(hub.run('callNext', { counterId: 3 }, 1).logged)
    transport.push(hub.run('recall', { counterId: 3 }, 1).logged)
    await settle()
    expect(speaker.played).toEqual([
      { kind: 'chime' },
      { kind: 'speech', text: '请 B 零 零 一 号 到 3 号窗口办理', lang: 'zh-CN' },
      { kind: 'chime' },
      { kind: 'speech', text: '请 B 零 零 一 号 到 3 号窗口办理', lang: 'zh-CN' },
    ])
    expect(window.__hallqAnnouncements!.map((a) => a.recall)).toEqual([false, true])
  })

  it('a call that ends while it is said stops at once, and the next call shows and is said without waiting', async () => {
    // A speaker whose steps last until cancelled, like a sentence the synthesiser is still saying.
    let finish: (() => void) | null = null
    let cancels = 0
    const held: Speaker = {
      play: (step) => {
        speaker.played.push(step)
        return new Promise<void>((resolve) => (finish = resolve))
      },
      cancel: () => {
        cancels++
        finish?.()
      },
    }
    const display = useDisplayStore()
    display.start(held)
    transport.connect(hub.seq, hub.state)
    transport.push(hub.run('callNext', { counterId: 3 }, 1).logged)
    await settle()
    expect(display.bigCall).toMatchObject({ number: 'B001' })
    // B001 does not come; the clerk calls the next customer while B001 is still being said.
    transport.push(hub.run('noShow', { counterId: 3 }, 1).logged)
    await settle()
    expect(cancels).toBe(1)
    expect(display.bigCall).toBeNull()
    transport.push(hub.run('callNext', { counterId: 3 }, 1).logged)
    await settle()
    expect(display.bigCall).toMatchObject({ number: 'B002', counterId: 3 })
    expect(display.announcing).toMatchObject({ number: 'B002' })
    expect(window.__hallqAnnouncements!.map((a) => a.number)).toEqual(['B001', 'B002'])
  })

  it('a display that starts late shows the calls but does not say them', async () => {
    hub.run('callNext', { counterId: 3 }, 1)
    const display = useDisplayStore()
    display.start(speaker)
    transport.connect(hub.seq, hub.state)
    await settle()
    expect(speaker.played).toEqual([])
    expect(display.recent.map((c) => [c.number, c.counterId])).toEqual([['B001', 3]])
    expect(display.bigCall).toMatchObject({ number: 'B001' })
  })

  it('calls caught up after a long outage are not said', async () => {
    const display = useDisplayStore()
    display.start(speaker)
    transport.connect(hub.seq, hub.state)
    hub.now = Date.now() - ANNOUNCE_MAX_AGE_MS - 1000
    transport.push(hub.run('callNext', { counterId: 3 }, 1).logged)
    await settle()
    expect(speaker.played).toEqual([])
    expect(display.recent).toHaveLength(1)
  })
})
