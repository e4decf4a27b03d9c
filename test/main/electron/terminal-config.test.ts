import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  DEFAULT_TERMINAL_CONFIG,
  loadTerminalConfig,
  placeWindow,
  rememberPlacement,
  roleUrl,
  saveTerminalConfig,
  type DisplayInfo,
} from '../../../src/main/electron/terminal-config'
import { tempDir } from '../../support/hall-fixture'

let dir: { dir: string; remove(): void }
beforeEach(() => (dir = tempDir('hallq-terminal-')))
afterEach(() => dir.remove())

const PRIMARY: DisplayInfo = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }
const TV: DisplayInfo = { id: 7, bounds: { x: 1920, y: 0, width: 1920, height: 1080 }, workArea: { x: 1920, y: 0, width: 1920, height: 1080 } }

describe('terminal.json: which screens this PC shows', () => {
  it('a new PC gets the screen chooser; a broken file is reported and not trusted', () => {
    const file = join(dir.dir, 'terminal.json')
    expect(loadTerminalConfig(file)).toEqual({ config: DEFAULT_TERMINAL_CONFIG, problem: null, created: true })
    expect(DEFAULT_TERMINAL_CONFIG.windows).toEqual([{ role: 'home', displayId: null, fullscreen: false, bounds: null }])
    writeFileSync(file, '{"windows":[{"role":"cashier"}]}')
    expect(loadTerminalConfig(file)).toMatchObject({ config: DEFAULT_TERMINAL_CONFIG, problem: expect.stringContaining('windows.0.role') })
    writeFileSync(file, '{not json')
    expect(loadTerminalConfig(file).problem).toBeTruthy()
  })

  it('reads a counter PC with its customer-facing screen, and writes it back whole', () => {
    const file = join(dir.dir, 'sub', 'terminal.json')
    const config = {
      windows: [
        { role: 'counter' as const, displayId: 1, fullscreen: false, bounds: null, terminal: 'counter-3' },
        { role: 'rating' as const, displayId: 7, fullscreen: true, bounds: null },
      ],
    }
    saveTerminalConfig(file, config)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(config)
    expect(loadTerminalConfig(file)).toEqual({ config, problem: null, created: false })
  })

  it('places a window on its display, or on the primary one when that display is gone', () => {
    const displays = [PRIMARY, TV]
    expect(placeWindow({ role: 'display', displayId: 7, fullscreen: true, bounds: null }, displays, 1)).toEqual({ displayId: 7, bounds: TV.bounds, fullscreen: true })
    expect(placeWindow({ role: 'display', displayId: 7, fullscreen: true, bounds: null }, [PRIMARY], 1)).toEqual({ displayId: 1, bounds: PRIMARY.bounds, fullscreen: true })
    const remembered = { x: 2000, y: 50, width: 1200, height: 800 }
    expect(placeWindow({ role: 'counter', displayId: 7, fullscreen: false, bounds: remembered }, displays, 1)).toEqual({ displayId: 7, bounds: remembered, fullscreen: false })
    // Remembered on a display that is gone: centred on the primary instead of off-screen.
    expect(placeWindow({ role: 'counter', displayId: 7, fullscreen: false, bounds: remembered }, [PRIMARY], 1)).toEqual({
      displayId: 1,
      bounds: { x: 277, y: 136, width: 1366, height: 768 },
      fullscreen: false,
    })
  })

  it('loads each role at its hash, with its terminal name; remembers where it was moved', () => {
    expect(roleUrl('file:///app/out/renderer/index.html', { role: 'kiosk' })).toBe('file:///app/out/renderer/index.html#/kiosk')
    expect(roleUrl('http://localhost:5173/', { role: 'counter', terminal: 'counter-3' })).toBe('http://localhost:5173/#/counter?terminal=counter-3')
    expect(roleUrl('file:///app/index.html#/x', { role: 'home' })).toBe('file:///app/index.html')
    const config = { windows: [{ role: 'counter' as const, displayId: 1, fullscreen: false, bounds: null }] }
    const bounds = { x: 1930, y: 10, width: 1300, height: 700 }
    expect(rememberPlacement(config, 0, 7, bounds).windows[0]).toEqual({ role: 'counter', displayId: 7, fullscreen: false, bounds })
  })
})
