/**
 * A voice pack for tests: one tiny silent WAV per clip a hall with the default template needs.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CHIME_CLIP, clipsNeeded } from '../../src/shared/voice'

/** 16-bit mono PCM WAV of `ms` milliseconds of silence. */
export function silentWav(ms = 40, rate = 8000): Buffer {
  const samples = Math.round((rate * ms) / 1000)
  const data = samples * 2
  const b = Buffer.alloc(44 + data)
  b.write('RIFF', 0)
  b.writeUInt32LE(36 + data, 4)
  b.write('WAVE', 8)
  b.write('fmt ', 12)
  b.writeUInt32LE(16, 16)
  b.writeUInt16LE(1, 20)
  b.writeUInt16LE(1, 22)
  b.writeUInt32LE(rate, 24)
  b.writeUInt32LE(rate * 2, 28)
  b.writeUInt16LE(2, 32)
  b.writeUInt16LE(16, 34)
  b.write('data', 36)
  b.writeUInt32LE(data, 40)
  return b
}

export function writeTestVoicePack(base: string, template: string, prefixes: string[], lang = 'zh-CN'): string[] {
  const dir = join(base, lang)
  mkdirSync(dir, { recursive: true })
  const clips = [...clipsNeeded(template, prefixes), CHIME_CLIP]
  for (const clip of clips) writeFileSync(join(dir, `${clip}.wav`), silentWav())
  return clips
}
