/**
 * Makes a voice pack for trying out recorded-clip announcements: one clip per word the hall's
 * call sentence needs (resources/voice/README.md), said by espeak-ng's Mandarin voice, and a
 * two-tone chime. A hall replaces these with clips recorded by a person.
 *
 *   npx tsx scripts/make-voice-pack.ts [--out DIR] [--template "请 {number} 号 到 {counter} 号窗口办理"] [--prefixes ABCDEFGH]
 *
 * Needs espeak-ng (Debian: apt-get install espeak-ng). Writes DIR/zh-CN/*.wav (default DIR: ./data/voice).
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_SETTINGS } from '../src/shared/settings'
import { CHIME_CLIP, clipsNeeded } from '../src/shared/voice'

const ZH_DIGITS = '零一二三四五六七八九'

/** What espeak-ng should say for a clip name: digits as Chinese numerals, the rest as written. */
export function clipText(clip: string): string {
  return /^\d$/.test(clip) ? ZH_DIGITS[Number(clip)]! : clip
}

/** 叮咚: two decaying sine tones as 16-bit mono PCM WAV. */
export function chimeWav(rate = 22_050): Buffer {
  const tones = [
    { freq: 880, start: 0, length: 0.6 },
    { freq: 660, start: 0.45, length: 0.8 },
  ]
  const samples = Math.round(rate * 1.3)
  const data = Buffer.alloc(samples * 2)
  for (let i = 0; i < samples; i++) {
    const t = i / rate
    let v = 0
    for (const tone of tones) {
      const local = t - tone.start
      if (local >= 0 && local < tone.length) v += 0.3 * Math.sin(2 * Math.PI * tone.freq * local) * Math.exp((-4 * local) / tone.length)
    }
    data.writeInt16LE(Math.max(-32767, Math.min(32767, Math.round(v * 32767))), i * 2)
  }
  const header = Buffer.alloc(44)
  header.write('RIFF', 0)
  header.writeUInt32LE(36 + data.length, 4)
  header.write('WAVEfmt ', 8)
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20)
  header.writeUInt16LE(1, 22)
  header.writeUInt32LE(rate, 24)
  header.writeUInt32LE(rate * 2, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36)
  header.writeUInt32LE(data.length, 40)
  return Buffer.concat([header, data])
}

function main(): void {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: './data/voice' },
      template: { type: 'string', default: DEFAULT_SETTINGS.display.voiceTemplate },
      prefixes: { type: 'string', default: 'ABCDEFGH' },
    },
  })
  const dir = join(resolve(values.out), 'zh-CN')
  mkdirSync(dir, { recursive: true })
  const clips = clipsNeeded(values.template, values.prefixes.split(''))
  for (const clip of clips) {
    const said = spawnSync('espeak-ng', ['-v', 'cmn', '-s', '150', '-w', join(dir, `${clip}.wav`), clipText(clip)], { stdio: 'inherit' })
    if (said.error || said.status !== 0) {
      console.error(`espeak-ng could not say "${clip}"${said.error ? `: ${said.error.message}` : ''} (apt-get install espeak-ng)`)
      process.exit(1)
    }
  }
  writeFileSync(join(dir, `${CHIME_CLIP}.wav`), chimeWav())
  console.log(`${clips.length + 1} clips in ${dir}`)
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main()
