import { describe, expect, it } from 'vitest'
import { callSentence } from '../../../src/shared/voice'
import { Announcer, type Announcement, type AnnouncementRecord, type AnnouncementStep, type Speaker } from '../../../src/renderer/src/voice/announcer'

/** A speaker that says nothing until the test lets each step finish; it notes any overlap. */
class FakeSpeaker implements Speaker {
  played: AnnouncementStep[] = []
  cancel?: () => void
  private finish: (() => void) | null = null
  overlapped = false
  play(step: AnnouncementStep): Promise<void> {
    if (this.finish) this.overlapped = true
    this.played.push(step)
    return new Promise((resolve) => (this.finish = () => ((this.finish = null), resolve())))
  }
  get busy() {
    return this.finish !== null
  }
  async next(): Promise<void> {
    this.finish?.()
    await new Promise((r) => setTimeout(r, 0))
  }
  async drain(): Promise<void> {
    for (let i = 0; i < 100 && this.busy; i++) await this.next()
  }
}

const CLIPS = new Set(['请', '号', '到', '号窗口办理', 'A', 'B', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '十'])
const TEMPLATE = '请 {number} 号 到 {counter} 号窗口办理'

function call(seq: number, number: string, counterId: number, options: { recall?: boolean; clips?: boolean; repeat?: number } = {}): Announcement {
  return {
    seq,
    ticketId: seq,
    number,
    counterId,
    recall: options.recall ?? false,
    sentence: callSentence(TEMPLATE, number, counterId, options.clips === false ? new Set() : CLIPS),
    repeat: options.repeat ?? 2,
    lang: 'zh-CN',
  }
}

describe('announcer', () => {
  it('chime, then the sentence twice, in clips in the order they are said', async () => {
    const speaker = new FakeSpeaker()
    const records: AnnouncementRecord[] = []
    const a = new Announcer(speaker, { record: (r) => records.push(r) })
    a.enqueue(call(1, 'A023', 3))
    await speaker.drain()
    const said = ['请', 'A', '0', '2', '3', '号', '到', '3', '号窗口办理']
    expect(speaker.played).toEqual([{ kind: 'chime' }, { kind: 'clips', clips: said }, { kind: 'clips', clips: said }])
    expect(records).toEqual([{ number: 'A023', counterId: 3, recall: false, text: '请 A023 号 到 3 号窗口办理', mode: 'clips', steps: speaker.played }])
  })

  it('without a pack the synthesiser says the sentence, digits one by one', async () => {
    const speaker = new FakeSpeaker()
    new Announcer(speaker).enqueue(call(1, 'A023', 12, { clips: false, repeat: 1 }))
    await speaker.drain()
    expect(speaker.played).toEqual([{ kind: 'chime' }, { kind: 'speech', text: '请 A 零 二 三 号 到 12 号窗口办理', lang: 'zh-CN' }])
  })

  it('one announcement at a time, in call order, never overlapping', async () => {
    const speaker = new FakeSpeaker()
    const started: string[] = []
    const a = new Announcer(speaker, { onStart: (x) => started.push(x.number) })
    a.enqueue(call(5, 'A001', 1, { repeat: 1 }))
    // Arriving while A001 is being said; B001 was called earlier than A002.
    a.enqueue(call(7, 'A002', 2, { repeat: 1 }))
    a.enqueue(call(6, 'B001', 3, { repeat: 1 }))
    expect(a.current?.number).toBe('A001')
    expect(a.pending.map((p) => p.number)).toEqual(['B001', 'A002'])
    await speaker.drain()
    expect(started).toEqual(['A001', 'B001', 'A002'])
    expect(speaker.played.filter((s) => s.kind === 'chime')).toHaveLength(3)
    expect(speaker.overlapped).toBe(false)
    expect(a.current).toBeNull()
  })

  it('a recall is said again; the same call still waiting is not queued twice', async () => {
    const speaker = new FakeSpeaker()
    const records: AnnouncementRecord[] = []
    const a = new Announcer(speaker, { record: (r) => records.push(r) })
    a.enqueue(call(1, 'A001', 1, { repeat: 1 }))
    a.enqueue({ ...call(2, 'B001', 2, { repeat: 1 }) })
    a.enqueue({ ...call(3, 'B001', 2, { repeat: 1, recall: true }), ticketId: 2 })
    await speaker.drain()
    a.enqueue({ ...call(4, 'A001', 1, { repeat: 1, recall: true }), ticketId: 1 })
    await speaker.drain()
    expect(records.map((r) => [r.number, r.recall])).toEqual([
      ['A001', false],
      ['B001', false],
      ['A001', true],
    ])
  })

  it('a speaker that fails does not stop the announcements', async () => {
    let n = 0
    const played: string[] = []
    const a = new Announcer({
      async play(step) {
        played.push(step.kind)
        if (n++ === 0) throw new Error('no audio device')
      },
    })
    a.enqueue(call(1, 'A001', 1, { repeat: 1 }))
    a.enqueue(call(2, 'A002', 1, { repeat: 1 }))
    await new Promise((r) => setTimeout(r, 10))
    expect(played).toEqual(['chime', 'clips', 'chime', 'clips'])
  })

  it('a call that ends is said no more: dropped from the queue, and cut short while being said', async () => {
    const speaker = new FakeSpeaker()
    let cancels = 0
    speaker.cancel = () => {
      cancels++
      void speaker.next()
    }
    const called = new Set([1, 2, 3])
    const started: string[] = []
    const ended: string[] = []
    const a = new Announcer(speaker, {
      stillCalled: (x) => called.has(x.ticketId),
      onStart: (x) => started.push(x.number),
      onEnd: (x) => ended.push(x.number),
    })
    a.enqueue(call(1, 'A001', 1))
    a.enqueue(call(2, 'A002', 2))
    a.enqueue(call(3, 'A003', 3))
    await speaker.next() // the chime of A001 ends; its sentence is being said
    expect(speaker.played).toHaveLength(2)
    // A001's customer came to the counter, A002 missed the call: neither is said any more.
    called.delete(1)
    called.delete(2)
    a.prune()
    await new Promise((r) => setTimeout(r, 0))
    expect(cancels).toBe(1)
    expect(ended).toEqual(['A001'])
    expect(a.pending.map((p) => p.number)).toEqual([])
    expect(a.current?.number).toBe('A003')
    await speaker.drain()
    expect(started).toEqual(['A001', 'A003'])
    // A001: the chime and one sentence of two; A003 in full.
    expect(speaker.played.map((s) => s.kind)).toEqual(['chime', 'clips', 'chime', 'clips', 'clips'])
    expect(speaker.overlapped).toBe(false)
  })

  it('a call that ended before its turn is skipped even without a prune; a live one is never cut', async () => {
    const speaker = new FakeSpeaker()
    let cancels = 0
    speaker.cancel = () => void cancels++
    const called = new Set([1, 2])
    const a = new Announcer(speaker, { stillCalled: (x) => called.has(x.ticketId) })
    a.enqueue(call(1, 'A001', 1, { repeat: 1 }))
    a.enqueue(call(2, 'A002', 2, { repeat: 1 }))
    a.prune()
    expect(cancels).toBe(0)
    called.delete(2)
    await speaker.drain()
    expect(speaker.played.map((s) => s.kind)).toEqual(['chime', 'clips'])
  })
})

