/**
 * The hall's voice: one announcement at a time, in call order, never overlapping. Each is a
 * chime, then the sentence `repeat` times — said with recorded clips when the pack has every
 * part of it, else by the speech synthesiser. An emergency broadcast goes before the calls
 * still waiting (never cutting into the one being said). A call that is no longer one — the
 * customer came, missed it, was transferred, or the counter closed — is not said, and one being
 * said stops at once: the hall never calls someone who has gone. The speaker is injected, so the
 * order can be tested without sound.
 */
import type { CallSentence } from '../../../shared/voice'

export type AnnouncementStep =
  | { kind: 'chime' }
  | { kind: 'clips'; clips: string[] }
  | { kind: 'speech'; text: string; lang: string }

export interface Speaker {
  /** Plays one step; resolves when it has finished (or given up). Never rejects. */
  play(step: AnnouncementStep): Promise<void>
  /** Stops the step being played now: its `play` resolves at once. */
  cancel?(): void
}

export interface Announcement {
  /** Sequence number of the logged command that made the call: the call order. */
  seq: number
  ticketId: number
  number: string
  counterId: number
  recall: boolean
  sentence: CallSentence
  repeat: number
  lang: string
}

/** An emergency broadcast to be said (by the synthesiser: the manager's words have no clips). */
export interface Broadcast {
  /** What is said (e.g. the emergency's start): a newer broadcast replaces one still waiting. */
  key: string
  text: string
  lang: string
  repeat: number
}

/** What the announcer asked the speaker to do, for the diagnostics log and the tests. */
export interface AnnouncementRecord {
  number: string
  counterId: number
  recall: boolean
  text: string
  mode: 'clips' | 'speech'
  steps: AnnouncementStep[]
  /** Set for an emergency broadcast (number and counter are then empty). */
  emergency?: true
}

export function broadcastSteps(b: Broadcast): AnnouncementStep[] {
  return [{ kind: 'chime' }, ...Array.from({ length: Math.max(1, b.repeat) }, (): AnnouncementStep => ({ kind: 'speech', text: b.text, lang: b.lang }))]
}

export function stepsOf(a: Announcement): AnnouncementStep[] {
  const say: AnnouncementStep = a.sentence.clips
    ? { kind: 'clips', clips: a.sentence.clips }
    : { kind: 'speech', text: a.sentence.spoken, lang: a.lang }
  return [{ kind: 'chime' }, ...Array.from({ length: Math.max(1, a.repeat) }, () => say)]
}

export interface AnnouncerHooks {
  onStart?(a: Announcement): void
  onEnd?(a: Announcement): void
  record?(r: AnnouncementRecord): void
  /** Whether the call is still one (unset: always); asked before it is said and by `prune`. */
  stillCalled?(a: Announcement): boolean
}

export class Announcer {
  private readonly queue: Announcement[] = []
  private playing: Announcement | null = null
  private urgent: Broadcast | null = null
  private busy = false
  private stopped = false
  /** The call being said is no longer one: say no more of it. */
  private cut = false

  constructor(
    private readonly speaker: Speaker,
    private readonly hooks: AnnouncerHooks = {},
  ) {}

  get current(): Announcement | null {
    return this.playing
  }

  get pending(): readonly Announcement[] {
    return this.queue
  }

  /**
   * Queues a call. The queue stays in call order (by sequence number) even if calls arrive
   * out of order; the same ticket at the same counter already waiting to be said is not queued twice.
   */
  enqueue(a: Announcement): void {
    if (this.stopped) return
    if (this.queue.some((q) => q.ticketId === a.ticketId && q.counterId === a.counterId)) return
    const at = this.queue.findIndex((q) => q.seq > a.seq)
    if (at === -1) this.queue.push(a)
    else this.queue.splice(at, 0, a)
    if (!this.busy) void this.next()
  }

  /** Says an emergency broadcast next, before the calls still waiting. */
  broadcast(b: Broadcast): void {
    if (this.stopped) return
    this.urgent = b
    if (!this.busy) void this.next()
  }

  /** The emergency is over: a broadcast still waiting is not said. */
  cancelBroadcast(): void {
    this.urgent = null
  }

  /**
   * Drops the calls that are no longer calls (asked of `hooks.stillCalled`) from the queue, and
   * stops the one being said if it is among them. Call it whenever the hall changes.
   */
  prune(): void {
    const still = this.hooks.stillCalled
    if (!still) return
    for (let i = this.queue.length - 1; i >= 0; i--) if (!still(this.queue[i]!)) this.queue.splice(i, 1)
    if (this.playing && !this.cut && !still(this.playing)) {
      this.cut = true
      this.speaker.cancel?.()
    }
  }

  get pendingBroadcast(): Broadcast | null {
    return this.urgent
  }

  stop(): void {
    this.stopped = true
    this.queue.length = 0
    this.urgent = null
  }

  private async say(steps: AnnouncementStep[]): Promise<void> {
    for (const step of steps) {
      if (this.stopped || this.cut) break
      try {
        await this.speaker.play(step)
      } catch {
        // A speaker that fails must not stop the hall's announcements.
      }
    }
  }

  private async next(): Promise<void> {
    this.busy = true
    while (!this.stopped) {
      const b = this.urgent
      if (b) {
        this.urgent = null
        const steps = broadcastSteps(b)
        this.hooks.record?.({ number: '', counterId: 0, recall: false, text: b.text, mode: 'speech', steps, emergency: true })
        await this.say(steps)
        continue
      }
      const a = this.queue.shift()
      if (!a) break
      if (this.hooks.stillCalled && !this.hooks.stillCalled(a)) continue
      this.playing = a
      this.cut = false
      const steps = stepsOf(a)
      this.hooks.record?.({ number: a.number, counterId: a.counterId, recall: a.recall, text: a.sentence.text, mode: a.sentence.clips ? 'clips' : 'speech', steps })
      this.hooks.onStart?.(a)
      await this.say(steps)
      this.hooks.onEnd?.(a)
      this.playing = null
      this.cut = false
    }
    this.playing = null
    this.busy = false
  }
}
