/**
 * 叮咚: the hall's chime, two soft sine tones (880 Hz, then 660 Hz), about a second and a quarter.
 * One definition for the hall's speakers (browser-speaker.ts) and the customer's phone page, so a
 * customer hears on the phone the same call sound as in the hall. No dependencies: the phone page
 * bundles it as it is.
 */
export const CHIME_TONES: readonly { freq: number; start: number; length: number }[] = [
  { freq: 880, start: 0, length: 0.6 },
  { freq: 660, start: 0.45, length: 0.8 },
]

/** How long the chime sounds, in seconds. */
export const CHIME_SECONDS = Math.max(...CHIME_TONES.map((t) => t.start + t.length))

/** Plays the chime now at `peak` gain (0–1): softer on the hall's speakers, louder on a phone. */
export function playChime(ctx: AudioContext, peak: number): void {
  for (const { freq, start, length } of CHIME_TONES) {
    const osc = ctx.createOscillator()
    const gain = ctx.createGain()
    osc.type = 'sine'
    osc.frequency.value = freq
    gain.gain.setValueAtTime(0.0001, ctx.currentTime + start)
    gain.gain.exponentialRampToValueAtTime(peak, ctx.currentTime + start + 0.02)
    gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + start + length)
    osc.connect(gain).connect(ctx.destination)
    osc.start(ctx.currentTime + start)
    osc.stop(ctx.currentTime + start + length)
  }
}
