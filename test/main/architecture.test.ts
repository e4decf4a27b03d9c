/** The layer matrix of docs/architecture.md is enforced by ESLint; prove the rules bite. */
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

async function restricted(filePath: string, code: string): Promise<boolean> {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.some((m) => m.ruleId === 'no-restricted-imports')
}

describe('layer rules', () => {
  it.each([
    ['src/main/core/x.ts', "import { Hall } from '../hall'\nexport const x = Hall\n"],
    ['src/main/core/x.ts', "import { readFileSync } from 'node:fs'\nexport const x = readFileSync\n"],
    ['src/main/core/x.ts', "import Database from 'better-sqlite3'\nexport const x = Database\n"],
    ['src/main/store/x.ts', "import { Hall } from '../hall'\nexport const x = Hall\n"],
    ['src/main/devices/x.ts', "import { Hall } from '../hall'\nexport const x = Hall\n"],
    ['src/main/devices/x.ts', "import { app } from 'electron'\nexport const x = app\n"],
    ['src/main/devices-extension.ts', "import { app } from 'electron'\nexport const x = app\n"],
    ['src/main/hall.ts', "import { app } from 'electron'\nexport const x = app\n"],
    ['src/main/server/x.ts', "import { app } from 'electron'\nexport const x = app\n"],
    ['src/shared/x.ts', "import { Hall } from '../main/hall'\nexport const x = Hall\n"],
    ['src/renderer/src/x.ts', "import { Hall } from '../../main/hall'\nexport const x = Hall\n"],
    ['src/preload/x.ts', "import { Hall } from '../main/hall'\nexport const x = Hall\n"],
  ])('%s may not: %s', async (file, code) => {
    expect(await restricted(file, code)).toBe(true)
  })

  it.each([
    ['src/main/core/x.ts', "import { AppError } from '../../shared/errors'\nexport const x = AppError\n"],
    ['src/main/electron/x.ts', "import { app } from 'electron'\nexport const x = app\n"],
    ['src/main/index.ts', "import { app } from 'electron'\nexport const x = app\n"],
    ['src/renderer/src/x.ts', "import { AppError } from '../../shared/errors'\nexport const x = AppError\n"],
  ])('%s may: %s', async (file, code) => {
    expect(await restricted(file, code)).toBe(false)
  })
})
