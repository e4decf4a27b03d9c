/**
 * Voice packs on disk: recorded clips in <dir>/<lang>/, each file named by what it says
 * (resources/voice/README.md). A hall drops its own pack into <data>/voice/<lang>/; the one
 * shipped with the app is in resources/voice/<lang>/. The first folder with clips wins.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { VoicePackFiles } from '../../shared/ipc'
import { VOICE_CLIP_TYPES, VOICE_LANG, voiceClipName, type VoicePackIndex } from '../../shared/voice'

/** The folder holding package.json: the project in development, app.asar when packaged. */
export function appRoot(from: string): string {
  let dir = from
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir
    const up = dirname(dir)
    if (up === dir) return from
    dir = up
  }
}

/** Where voice packs are looked for, in order. */
export function voiceDirs(dataDir: string, root: string, env: NodeJS.ProcessEnv = process.env): string[] {
  return [env.HALLQ_VOICE_DIR, join(dataDir, 'voice'), join(root, 'resources', 'voice')].filter((d): d is string => Boolean(d))
}

export interface VoicePackOnDisk {
  dir: string
  index: VoicePackIndex
}

/** The pack for a language: its folder and clip name → file name; null when no folder has clips. */
export function findVoicePack(dirs: readonly string[], lang: string): VoicePackOnDisk | null {
  if (!VOICE_LANG.test(lang)) return null
  for (const base of dirs) {
    const dir = join(base, lang)
    let files: string[]
    try {
      if (!statSync(dir).isDirectory()) continue
      files = readdirSync(dir).sort()
    } catch {
      continue
    }
    const clips: Record<string, string> = {}
    for (const file of files) {
      const name = voiceClipName(file)
      if (name !== null && !Object.hasOwn(clips, name)) clips[name] = file
    }
    if (Object.keys(clips).length > 0) return { dir, index: { lang, clips } }
  }
  return null
}

export function clipMime(file: string): string {
  return VOICE_CLIP_TYPES[file.slice(file.lastIndexOf('.')).toLowerCase()] ?? 'application/octet-stream'
}

/** The whole pack with its bytes, for the desktop app's display (IPC). */
export function readVoicePack(dirs: readonly string[], lang: string): VoicePackFiles | null {
  const pack = findVoicePack(dirs, lang)
  if (!pack) return null
  const clips: VoicePackFiles['clips'] = {}
  for (const [name, file] of Object.entries(pack.index.clips)) {
    clips[name] = { file, mime: clipMime(file), bytes: new Uint8Array(readFileSync(join(pack.dir, file))) }
  }
  return { lang, clips }
}
