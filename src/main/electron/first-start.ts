/**
 * The first start of the desktop app (or a change asked for from the menu): a window of our own
 * renderer (#/setup) asks whether this PC is the hub or joins one. It reaches main through two
 * channels answered only for that window; the hub's address is probed here, and what is pinned
 * is the certificate main itself saw, not whatever the page says.
 */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron'
import { z } from 'zod'
import { SETUP_IPC, type FirstStartChoice, type HubProbe } from '../../shared/first-start'
import { trustedSender } from './ipc'

export interface FirstStartOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>
  /** Opens the chooser window (our renderer at #/setup with the setup preload). */
  openWindow: () => BrowserWindow
  rendererUrl: string
  probe: (address: string) => Promise<HubProbe>
}

const choiceSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('hub') }).strict(),
  z.object({ mode: z.literal('terminal'), url: z.string(), fingerprint: z.string().nullable() }).strict(),
])

/** Resolves with the choice, or null when the window was closed without one. */
export function askFirstStart(options: FirstStartOptions): Promise<FirstStartChoice | null> {
  const win = options.openWindow()
  const probed = new Map<string, HubProbe & { ok: true }>()
  const fromChooser = (event: IpcMainInvokeEvent) => event.sender === win.webContents && trustedSender(event, options.rendererUrl)

  return new Promise((resolve) => {
    let done = false
    const finish = (choice: FirstStartChoice | null) => {
      if (done) return
      done = true
      options.ipcMain.removeHandler(SETUP_IPC.probe)
      options.ipcMain.removeHandler(SETUP_IPC.choose)
      resolve(choice)
      if (!win.isDestroyed()) win.close()
    }
    options.ipcMain.handle(SETUP_IPC.probe, async (event, address: unknown): Promise<HubProbe> => {
      if (!fromChooser(event) || typeof address !== 'string' || address.length > 300) return { ok: false, problem: 'badAddress', detail: null }
      const result = await options.probe(address)
      if (result.ok) probed.set(result.url, result)
      return result
    })
    options.ipcMain.handle(SETUP_IPC.choose, (event, raw: unknown): { ok: boolean } => {
      if (!fromChooser(event)) return { ok: false }
      const parsed = choiceSchema.safeParse(raw)
      if (!parsed.success) return { ok: false }
      if (parsed.data.mode === 'hub') {
        finish({ mode: 'hub' })
        return { ok: true }
      }
      // Only an address this window had probed, with the certificate main saw there.
      const seen = probed.get(parsed.data.url)
      if (!seen || seen.fingerprint !== parsed.data.fingerprint) return { ok: false }
      finish({ mode: 'terminal', url: seen.url, fingerprint: seen.fingerprint })
      return { ok: true }
    })
    win.on('closed', () => finish(null))
  })
}
