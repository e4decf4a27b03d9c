/**
 * The real speaker: recorded clips through one <audio> element, a synthesised two-tone chime
 * through Web Audio when the pack has none, and the Web Speech API with a Chinese voice when
 * there is no pack. Every step has a time limit, so a silent or broken device never holds up
 * the hall's announcements.
 */
import { CHIME_CLIP } from '../../../shared/voice'
import type { VoicePack } from '../transport/transport'
import type { AnnouncementStep, Speaker } from './announcer'
import { CHIME_SECONDS, playChime } from './chime'

const CLIP_LIMIT_MS = 8_000

export class BrowserSpeaker implements Speaker {
  private context: AudioContext | null = null
  private readonly audio: HTMLAudioElement | null
  /** Ends the step being played now (set while one plays). */
  private finish: (() => void) | null = null

  constructor(private pack: VoicePack | null = null) {
    this.audio = typeof Audio === 'undefined' ? null : new Audio()
  }

  setPack(pack: VoicePack | null): void {
    this.pack = pack
  }

  /** False while the browser blocks sound until someone clicks (autoplay policy). */
  get soundAllowed(): boolean {
    const ctx = this.audioContext()
    return ctx === null || ctx.state === 'running'
  }

  /** Call from a click: lets the page play sound from now on. */
  async unlock(): Promise<void> {
    await this.audioContext()?.resume().catch(() => undefined)
    if (typeof speechSynthesis !== 'undefined') speechSynthesis.getVoices()
  }

  async play(step: AnnouncementStep): Promise<void> {
    if (step.kind === 'chime') {
      const clip = this.pack?.clips.get(CHIME_CLIP)
      if (clip) await this.playClip(clip)
      else await this.synthChime()
    } else if (step.kind === 'clips') {
      for (const name of step.clips) {
        const url = this.pack?.clips.get(name)
        if (url) await this.playClip(url)
      }
    } else {
      await this.speak(step.text, step.lang)
    }
  }

  /**
   * Stops a clip at once. A sentence the synthesiser is saying is let finish (the next one waits
   * in its queue): `speechSynthesis.cancel()` was seen to hold the display's page for tens of
   * seconds in headless Chromium with several browsers running — a TV that stops answering is
   * worse than a sentence said to its end.
   */
  cancel(): void {
    this.audio?.pause()
    this.finish?.()
  }

  /** Runs one timed step: `start` gets the function that ends it, which `cancel` calls too. */
  private step(start: (done: () => void) => void): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        if (this.finish === done) this.finish = null
        resolve()
      }
      this.finish = done
      start(done)
    })
  }

  private audioContext(): AudioContext | null {
    if (this.context) return this.context
    const Ctx = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext
    if (!Ctx) return null
    try {
      this.context = new Ctx()
    } catch {
      return null
    }
    return this.context
  }

  private playClip(url: string): Promise<void> {
    const audio = this.audio
    if (!audio) return Promise.resolve()
    return this.step((finish) => {
      const done = () => {
        clearTimeout(timer)
        audio.onended = null
        audio.onerror = null
        finish()
      }
      const timer = setTimeout(done, CLIP_LIMIT_MS)
      audio.onended = done
      audio.onerror = done
      audio.src = url
      audio.play().catch(done)
    })
  }

  /** 叮咚: the hall's two soft tones (chime.ts), then the rest of the second before the words. */
  private async synthChime(): Promise<void> {
    const ctx = this.audioContext()
    if (!ctx || ctx.state !== 'running') return
    playChime(ctx, 0.35)
    await this.step((finish) => setTimeout(finish, CHIME_SECONDS * 1000 + 50))
  }

  private speak(text: string, lang: string): Promise<void> {
    if (typeof speechSynthesis === 'undefined' || typeof SpeechSynthesisUtterance === 'undefined') return Promise.resolve()
    return this.step((finish) => {
      const utterance = new SpeechSynthesisUtterance(text)
      utterance.lang = lang
      utterance.rate = 0.9
      const prefix = lang.slice(0, 2).toLowerCase()
      const voices = speechSynthesis.getVoices()
      const voice =
        voices.find((v) => v.lang.replace('_', '-').toLowerCase() === lang.toLowerCase()) ??
        voices.find((v) => v.lang.toLowerCase().startsWith(prefix))
      if (voice) utterance.voice = voice
      // Some systems never fire `end` (no voice installed): give up after a generous time.
      const timer = setTimeout(done, 4_000 + text.length * 400)
      function done() {
        clearTimeout(timer)
        finish()
      }
      utterance.onend = done
      utterance.onerror = done
      speechSynthesis.speak(utterance)
    })
  }
}
