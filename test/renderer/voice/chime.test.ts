import { describe, expect, it } from 'vitest'
import { CHIME_SECONDS, playChime } from '../../../src/renderer/src/voice/chime'

/** An AudioContext that records what is scheduled on it. */
function recordingContext() {
  const tones: { freq: number; type: string; start: number; stop: number; peaks: number[] }[] = []
  const ctx = {
    currentTime: 10,
    destination: {},
    createOscillator() {
      const tone = { freq: 0, type: '', start: -1, stop: -1, peaks: [] as number[] }
      tones.push(tone)
      return {
        set type(t: string) {
          tone.type = t
        },
        frequency: {
          set value(f: number) {
            tone.freq = f
          },
        },
        connect: (gain: { connect: (d: unknown) => unknown; tone: typeof tone }) => {
          gain.tone = tone
          return gain
        },
        start: (at: number) => (tone.start = at),
        stop: (at: number) => (tone.stop = at),
      }
    },
    createGain() {
      // Ramps are set before the oscillator is connected: the gain keeps them until it is.
      const peaks: number[] = []
      const node = {
        gain: { setValueAtTime: () => undefined, exponentialRampToValueAtTime: (v: number) => peaks.push(v) },
        connect: (d: unknown) => d,
        set tone(t: (typeof tones)[number]) {
          t.peaks = peaks
        },
      }
      return node
    },
  }
  return { ctx: ctx as unknown as AudioContext, tones }
}

describe('the chime (叮咚)', () => {
  it('is two sine tones, 880 Hz then 660 Hz, at the peak asked for, scheduled from now', () => {
    const { ctx, tones } = recordingContext()
    playChime(ctx, 0.5)
    expect(tones.map((t) => [t.freq, t.type, t.start, t.stop])).toEqual([
      [880, 'sine', 10, 10.6],
      [660, 'sine', 10.45, 11.25],
    ])
    // Up to the peak, then down to silence.
    expect(tones.map((t) => t.peaks)).toEqual([
      [0.5, 0.0001],
      [0.5, 0.0001],
    ])
    expect(CHIME_SECONDS).toBeCloseTo(1.25, 6)
  })

  it('is softer on the hall speakers than on a phone only by its peak', () => {
    const hall = recordingContext()
    const phone = recordingContext()
    playChime(hall.ctx, 0.35)
    playChime(phone.ctx, 0.5)
    expect(hall.tones.map((t) => [t.freq, t.start, t.stop])).toEqual(phone.tones.map((t) => [t.freq, t.start, t.stop]))
    expect(hall.tones[0]!.peaks[0]).toBe(0.35)
  })
})
