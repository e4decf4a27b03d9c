/**
 * The desktop app with Electron mocked: what it starts (the hall, or nothing), what each
 * window loads (our renderer with the bridge, or the hub's pages without it, in a persistent
 * session), the first-start chooser, and the pinned certificate refusing any other.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SETUP_IPC } from '../../../src/shared/first-start'
import { loadOrCreateCertificate, type HubCertificate } from '../../../src/main/security/tls'
import { tempDir } from '../../support/hall-fixture'

type Win = {
  options: any
  url?: string
  closed: boolean
  handlers: Record<string, (...a: any[]) => void>
  webContents: { id: number; on: () => void; setWindowOpenHandler: () => void }
  close(): void
}
const h = vi.hoisted(() => ({
  windows: [] as any[],
  appHandlers: {} as Record<string, (...a: any[]) => void>,
  ipc: new Map<string, (...a: any[]) => any>(),
  verifyProcs: new Map<string, (request: any, callback: (n: number) => void) => void>(),
  userData: '',
  quit: 0,
  relaunch: 0,
  menu: null as unknown,
  started: [] as any[],
}))

vi.mock('electron', () => {
  let ids = 0
  class BrowserWindow {
    record: Win
    webContents: Win['webContents']
    constructor(options: any) {
      const handlers: Win['handlers'] = {}
      this.webContents = { id: ++ids, on: () => undefined, setWindowOpenHandler: () => undefined }
      this.record = {
        options,
        closed: false,
        handlers,
        webContents: this.webContents,
        close: () => this.close(),
      }
      h.windows.push(this.record)
    }
    static getAllWindows() {
      return h.windows.filter((w) => !w.closed)
    }
    once() {}
    on(ev: string, fn: (...a: any[]) => void) {
      this.record.handlers[ev] = fn
    }
    loadURL(url: string) {
      this.record.url = url
      return Promise.resolve()
    }
    isDestroyed() {
      return this.record.closed
    }
    close() {
      if (this.record.closed) return
      this.record.closed = true
      this.record.handlers.closed?.()
    }
  }
  const display = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }
  return {
    app: {
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      on: (ev: string, fn: (...a: any[]) => void) => (h.appHandlers[ev] = fn),
      getPath: () => h.userData,
      getVersion: () => '0.1.0',
      quit: () => (h.quit += 1),
      exit: () => (h.quit += 1),
      relaunch: () => (h.relaunch += 1),
    },
    BrowserWindow,
    dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })) },
    ipcMain: {
      handle: (ch: string, fn: (...a: any[]) => any) => h.ipc.set(ch, fn),
      on: (ch: string, fn: (...a: any[]) => any) => h.ipc.set(ch, fn),
      removeHandler: (ch: string) => h.ipc.delete(ch),
      removeAllListeners: (ch: string) => h.ipc.delete(ch),
    },
    Menu: { setApplicationMenu: (m: unknown) => (h.menu = m), buildFromTemplate: (t: unknown) => t },
    screen: { getAllDisplays: () => [display], getPrimaryDisplay: () => display, getDisplayMatching: () => display },
    session: {
      defaultSession: { webRequest: { onHeadersReceived: () => undefined } },
      fromPartition: (name: string) => ({ setCertificateVerifyProc: (proc: any) => h.verifyProcs.set(name, proc) }),
    },
    shell: { openExternal: vi.fn() },
  }
})

vi.mock('../../../src/main/app', () => ({
  startHallApp: vi.fn(async (options: unknown) => {
    h.started.push(options)
    const logger = { warn: () => undefined, error: () => undefined, info: () => undefined }
    return { hall: { subscribe: () => () => undefined }, logger, streams: [], createdAdminPin: null, url: 'http://0.0.0.0:8080', close: async () => undefined }
  }),
}))

const MAIN = '/opt/HallQ/resources/app/out/main'
const RENDERER = 'file:///opt/HallQ/resources/app/out/renderer/index.html'
let data: { dir: string; remove(): void }
const servers: Server[] = []

beforeEach(() => {
  vi.resetModules()
  h.windows.length = 0
  h.ipc.clear()
  h.verifyProcs.clear()
  h.started.length = 0
  h.quit = 0
  h.relaunch = 0
  for (const k of Object.keys(h.appHandlers)) delete h.appHandlers[k]
  data = tempDir('hallq-desktop-')
  h.userData = data.dir
})
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
  data.remove()
})

const configFile = () => join(h.userData, 'terminal.json')
const writeConfig = (config: unknown) => writeFileSync(configFile(), JSON.stringify(config))
const open = () => h.windows.filter((w: Win) => !w.closed) as Win[]

async function start() {
  const { startDesktop } = await import('../../../src/main/electron/desktop')
  return startDesktop({ mainDir: MAIN, port: 0, host: '127.0.0.1' })
}

/** Something that answers like a hub's /api/v1/health, over http or https. */
async function fakeHub(certificate?: HubCertificate): Promise<string> {
  const answer = (_req: unknown, res: any) => {
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ ok: true, name: 'hallq', version: '0.1.0', businessDay: '2026-11-28', seq: 3 }))
  }
  const server = certificate ? createHttpsServer({ key: certificate.key, cert: certificate.cert }, answer) : createHttpServer(answer)
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `${certificate ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const windows = [
  { role: 'counter', displayId: null, fullscreen: false, bounds: null, terminal: 'counter-3' },
  { role: 'rating', displayId: null, fullscreen: true, bounds: null },
]

describe('a hub PC', () => {
  it('starts the hall and opens our renderer with the bridge, one window per role', async () => {
    writeConfig({ mode: 'hub', windows })
    const desktop = await start()
    expect(desktop.mode).toBe('hub')
    expect(h.started).toEqual([expect.objectContaining({ dataDir: join(h.userData, 'hall') })])
    expect(open().map((w) => w.url)).toEqual([`${RENDERER}#/counter?terminal=counter-3`, `${RENDERER}#/rating`])
    for (const w of open()) {
      expect(w.options.webPreferences.preload).toBe('/opt/HallQ/resources/app/out/preload/index.cjs')
      expect(w.options.webPreferences.partition).toBeUndefined()
    }
    expect(h.ipc.has('hallq:command')).toBe(true)
    expect(h.verifyProcs.size).toBe(0)
  })

  it('a terminal.json from before the choice existed is a hub, as it was; nothing is asked', async () => {
    writeConfig({ windows })
    expect((await start()).mode).toBe('hub')
    expect(open().some((w) => w.url?.includes('#/setup'))).toBe(false)
  })
})

describe('a terminal PC', () => {
  it('starts no hall; each window shows the hub’s own page, without the bridge, in a persistent session', async () => {
    writeConfig({ mode: 'terminal', hub: { url: 'http://192.168.1.10:8080', fingerprint: null }, windows })
    const desktop = await start()
    expect(desktop.mode).toBe('terminal')
    expect(h.started).toEqual([])
    expect(open().map((w) => w.url)).toEqual(['http://192.168.1.10:8080/counter?terminal=counter-3', 'http://192.168.1.10:8080/rating'])
    for (const w of open()) {
      expect(w.options.webPreferences).not.toHaveProperty('preload')
      expect(w.options.webPreferences).toMatchObject({ partition: 'persist:hallq-hub', contextIsolation: true, nodeIntegration: false, sandbox: true })
    }
    expect(h.ipc.has('hallq:command')).toBe(false)
  })

  it('over https accepts only the certificate pinned at first start', async () => {
    const hubCert = await loadOrCreateCertificate(join(data.dir, 'hub'))
    const other = await loadOrCreateCertificate(join(data.dir, 'other'))
    writeConfig({ mode: 'terminal', hub: { url: 'https://192.168.1.10:8443', fingerprint: hubCert.fingerprint }, windows: [{ role: 'display', fullscreen: true }] })
    await start()
    expect(open()[0]!.url).toBe('https://192.168.1.10:8443/display')
    const verify = h.verifyProcs.get('persist:hallq-hub')!
    const verdict = (hostname: string, cert: string) => new Promise<number>((r) => verify({ hostname, certificate: { data: cert } }, r))
    expect(await verdict('192.168.1.10', hubCert.cert)).toBe(0)
    expect(await verdict('192.168.1.10', other.cert)).toBe(-2)
    expect(await verdict('192.168.1.10', 'not a certificate')).toBe(-2)
    expect(await verdict('example.com', other.cert)).toBe(-3)
  })
})

describe('the first start', () => {
  const chooser = () => h.windows[0] as Win
  const fromChooser = () => ({ sender: chooser().webContents, senderFrame: { url: `${RENDERER}#/setup` } })

  it('asks in our renderer with the setup bridge; "join" probes the hub, shows its fingerprint, pins it, and opens its pages', async () => {
    const certificate = await loadOrCreateCertificate(join(data.dir, 'hub'))
    const hubUrl = await fakeHub(certificate)
    const started = start()
    await vi.waitFor(() => expect(h.ipc.has(SETUP_IPC.choose)).toBe(true))
    expect(chooser().url).toBe(`${RENDERER}#/setup`)
    expect(chooser().options.webPreferences.preload).toBe('/opt/HallQ/resources/app/out/preload/setup.cjs')

    const probe = h.ipc.get(SETUP_IPC.probe)!
    // Another window may not use the chooser's channels.
    expect(await probe({ sender: { id: 999 }, senderFrame: { url: `${RENDERER}#/kiosk` } }, hubUrl)).toMatchObject({ ok: false })
    expect(await probe(fromChooser(), 'not an address at all!')).toEqual({ ok: false, problem: 'badAddress', detail: null })
    const found = await probe(fromChooser(), hubUrl.replace('https://', 'HTTPS://') + '/manager')
    expect(found).toEqual({ ok: true, url: hubUrl, fingerprint: certificate.fingerprint, version: '0.1.0', businessDay: '2026-11-28' })

    const choose = h.ipc.get(SETUP_IPC.choose)!
    // Not the certificate main saw there: refused.
    expect(await choose(fromChooser(), { mode: 'terminal', url: hubUrl, fingerprint: 'ab'.repeat(32) })).toEqual({ ok: false })
    expect(await choose(fromChooser(), { mode: 'terminal', url: hubUrl, fingerprint: certificate.fingerprint })).toEqual({ ok: true })
    const desktop = await started
    expect(desktop.mode).toBe('terminal')
    expect(chooser().closed).toBe(true)
    expect(h.started).toEqual([])
    expect(open().map((w) => w.url)).toEqual([`${hubUrl}/`])
    expect(open()[0]!.options.webPreferences).not.toHaveProperty('preload')
    expect(JSON.parse(readFileSync(configFile(), 'utf8'))).toMatchObject({ mode: 'terminal', hub: { url: hubUrl, fingerprint: certificate.fingerprint } })
    expect(h.ipc.has(SETUP_IPC.choose)).toBe(false)
  })

  it('a hub that does not answer, or is not HallQ, is said so', async () => {
    const { probeHub } = await import('../../../src/main/electron/hub-link')
    const notHallq = createHttpServer((_req, res) => res.end('<html>router</html>'))
    servers.push(notHallq)
    await new Promise<void>((r) => notHallq.listen(0, '127.0.0.1', r))
    expect(await probeHub(`127.0.0.1:${(notHallq.address() as AddressInfo).port}`)).toMatchObject({ ok: false, problem: 'notHallq' })
    expect(await probeHub('http://127.0.0.1:1')).toMatchObject({ ok: false, problem: 'unreachable' })
    expect(await probeHub(await fakeHub())).toMatchObject({ ok: true, fingerprint: null })
  })

  it('"this PC is the hub" starts the hall as before and remembers it', async () => {
    const started = start()
    await vi.waitFor(() => expect(h.ipc.has(SETUP_IPC.choose)).toBe(true))
    expect(await h.ipc.get(SETUP_IPC.choose)!(fromChooser(), { mode: 'hub' })).toEqual({ ok: true })
    expect((await started).mode).toBe('hub')
    expect(h.started).toHaveLength(1)
    expect(open().map((w) => w.url)).toEqual([RENDERER])
    expect(JSON.parse(readFileSync(configFile(), 'utf8')).mode).toBe('hub')
  })

  it('closing the chooser quits without deciding anything', async () => {
    const started = start()
    await vi.waitFor(() => expect(h.ipc.has(SETUP_IPC.choose)).toBe(true))
    chooser().close()
    expect((await started).mode).toBe('quit')
    expect(h.quit).toBe(1)
    expect(existsSync(configFile())).toBe(false)
  })

  it('the menu asks again at the next start, keeping the windows', async () => {
    writeConfig({ mode: 'hub', windows })
    await start()
    const menu = h.menu as { submenu?: { click?: () => void }[] }[]
    menu[0]!.submenu![0]!.click!()
    await vi.waitFor(() => expect(h.relaunch).toBe(1))
    const saved = JSON.parse(readFileSync(configFile(), 'utf8'))
    expect(saved.mode).toBeNull()
    expect(saved.windows).toHaveLength(2)
  })
})
