/**
 * Puts a hall together from a data folder: logger, database, hall service, LAN server and the
 * rollover timer. The headless hub and the Electron shell both start the hall through here.
 */
import { mkdirSync } from 'node:fs'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import pino, { type Logger } from 'pino'
import type { StreamMessage } from '../shared/api'
import { humanConsole } from './console-log'
import { RotatingLogFile, type LogFileOptions } from './log-file'
import { checkDataFolder } from './data-folder'
import { devicesExtension } from './devices-extension'
import type { HtmlTicketPrinter } from './devices/ticket-html'
import { Hall, type Clock, type Credentials } from './hall'
import { backupExtension } from './backups'
import { centralLinkExtension } from './central-link/extension'
import { complaintQueries } from './server/routes/complaints'
import { clerkPhotoQueries } from './server/routes/clerk-photos'
import type { CentralLinkConfig } from './central-link/shipper'
import { privacyExtension } from './privacy'
import { storageExtension } from './storage-watch'
import { loadContactKey, type KeyProtector } from './security/contact-cipher'
import { loadOrCreateCertificate } from './security/tls'
import { attachTextSeal, TextSeal } from './security/text-seal'
import { sealStoredText } from './store/seal-stored-text'
import { hallClock } from './hall-clock'
import { buildServer, type Routes } from './server/http-server'
import { markGuestSocket, type GuestPaths } from './server/guest'
import type { StreamSource } from './server/routes/stream'
import { reportsExtension } from './server/routes/reports'
import { screensExtension } from './server/routes/screens'
import { terminalQueries } from './server/routes/terminals'
import { openDatabase, type Db } from './store/database'
import { HallStore } from './store/hall-store'
import { pinProcessTimeZone } from './process-time-zone'

/**
 * A request a part of the hub answers in-process, with the caller's credentials. The desktop
 * app's IPC queries reach the same code as the part's HTTP routes through these.
 */
export type ExtensionQuery = (args: Record<string, unknown>, credentials: Credentials) => unknown

/** What a part of the hub (devices, reports, the screens) adds to the running hall. */
export interface HallExtension {
  routes?: Routes[]
  /** In-process queries by name (the report reads, the devices' and backups' reads) for the desktop app. */
  queries?: Record<string, ExtensionQuery>
  /** Further messages on the event stream: called for each client, returns the unsubscribe function. */
  stream?: (send: (message: StreamMessage) => void) => () => void
  /** Paths a guest on the Wi-Fi may fetch besides the phone page and its API (its assets). */
  guestPaths?: GuestPaths
  /** Further names the hub answers to (e.g. the hall's guest Wi-Fi address), read on every request. */
  hostNames?: () => readonly string[]
  close?: () => Promise<void> | void
}

/** What only the shell running the hall can do (the Electron app: print through a system driver). */
export interface PlatformServices {
  htmlTicketPrinter?: HtmlTicketPrinter
}

export interface ExtensionContext {
  hall: Hall
  db: Db
  logger: Logger
  dataDir: string
  platform?: PlatformServices | undefined
  /** The centre to ship to (--central), or undefined for a hall on its own. */
  central?: CentralLinkConfig | undefined
}

export type ExtensionFactory = (context: ExtensionContext) => HallExtension | Promise<HallExtension>

/** The parts every hall starts with, in order. */
export const EXTENSIONS: ExtensionFactory[] = [
  devicesExtension,
  reportsExtension,
  backupExtension,
  privacyExtension,
  storageExtension,
  centralLinkExtension,
  // The screens for browsers: /kiosk, /counter, /rating, /display, /manager.
  screensExtension,
]

export interface HallAppOptions {
  dataDir: string
  port: number
  host: string
  version: string
  adminPin?: string | undefined
  clock?: Clock
  logger?: Logger
  /** Defaults to EXTENSIONS. */
  extensions?: ExtensionFactory[]
  /** How the contact key file is sealed (Electron's safeStorage on the desktop). */
  keyProtector?: KeyProtector
  /** Serve the LAN over HTTPS with the hub's own certificate (DATA/tls/). */
  tls?: boolean
  platform?: PlatformServices
  /**
   * A second listening address for the hall's guest Wi-Fi (docs/deployment.md): connections
   * accepted there are guests, who reach only the customer's phone page.
   */
  guestListen?: { host: string; port: number } | undefined
  /** Ship the event log and day facts to a centre (npm run hub -- --central URL --hall-code CODE). */
  central?: CentralLinkConfig
  /**
   * Make the hall's time zone the process's own (zone-time.ts: the hall's calendar is then read
   * without Intl, which would keep 6–7 MB resident). For a process that runs one hall: the hub
   * and the desktop app, not tests that open many halls in one process.
   */
  pinTimeZone?: boolean
}

export interface HallApp {
  hall: Hall
  server: FastifyInstance
  db: Db
  logger: Logger
  /** The first administrator's PIN when this start created the database, else null. */
  createdAdminPin: string | null
  /** Every extension's in-process queries by name. */
  queries: ReadonlyMap<string, ExtensionQuery>
  url: string
  /** The guest listening address, when started with one. */
  guestUrl: string | null
  /** What the parts add to the event stream (device health …), for transports besides the WebSocket (Electron IPC). */
  streams: StreamSource[]
  close(): Promise<void>
}

/** How often the hub checks whether the business day has rolled over. */
const ROLLOVER_CHECK_MS = 30_000

/**
 * The hub's logger: a readable line per event on the console, the JSON in DATA/logs/hallq.log,
 * size-capped and rotated, whose failures (a full disk) never stop the hub (log-file.ts).
 */
export function createLogger(dataDir: string, file: Omit<LogFileOptions, 'file'> = {}): Logger {
  mkdirSync(join(dataDir, 'logs'), { recursive: true })
  return pino(
    { level: process.env.HALLQ_LOG_LEVEL ?? 'info', base: { app: 'hallq' } },
    pino.multistream([
      { stream: humanConsole(process.stdout) },
      { stream: new RotatingLogFile({ ...file, file: join(dataDir, 'logs', 'hallq.log') }) },
    ]),
  )
}

/**
 * Accepts connections on the guest address and hands them to the same HTTP server, marked as
 * guests: one server, one set of routes, and a guest is known by the socket it came in on.
 */
async function listenForGuests(server: FastifyInstance, at: { host: string; port: number }, tls: boolean): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const listener = createServer((socket) => {
    markGuestSocket(socket)
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    server.server.emit('connection', socket)
  })
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject)
    listener.listen(at.port, at.host, () => resolve())
  })
  const address = listener.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `${tls ? 'https' : 'http'}://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        listener.close(() => resolve())
      }),
  }
}

export async function startHallApp(options: HallAppOptions): Promise<HallApp> {
  checkDataFolder(options.dataDir)
  const logger = options.logger ?? createLogger(options.dataDir)
  const db = openDatabase(join(options.dataDir, 'hallq.db'))
  try {
    // Free text is sealed with the contact key (security/text-seal.ts); rows from before are sealed once.
    const contactKey = loadContactKey(options.dataDir, options.keyProtector)
    const seal = new TextSeal(contactKey)
    attachTextSeal(db, seal)
    const sealedRows = sealStoredText(db, seal)
    if (sealedRows > 0) logger.info({ sealedRows }, 'notes, complaint summaries and comments stored in plain text were sealed')
    const store = new HallStore(db)
    if (options.pinTimeZone) pinProcessTimeZone(store.loadSettings().hall.timeZone)
    const clock =
      options.clock === undefined
        ? hallClock({
            floor: store.lastLoggedAt() ?? undefined,
            onJump: (driftMs) => logger.warn({ driftMs }, 'the PC clock was corrected; the hall keeps real elapsed time until it is idle'),
          })
        : null
    const { hall, createdAdminPin } = await Hall.open({
      store,
      clock: options.clock ?? clock!,
      // The PC's calendar, read apart from the hall clock: a clock corrected back is noticed at once.
      ...(clock ? { wall: Date.now, resync: () => clock.resync() } : {}),
      logger,
      adminPin: options.adminPin,
      contactKey,
    })
    hall.rolloverIfDue()
    const extensions: HallExtension[] = []
    for (const factory of options.extensions ?? EXTENSIONS) {
      extensions.push(await factory({ hall, db, logger, dataDir: options.dataDir, platform: options.platform, central: options.central }))
    }
    const streams = extensions.flatMap((e) => (e.stream ? [e.stream] : []))
    const certificate = options.tls ? await loadOrCreateCertificate(options.dataDir) : null
    hall.tlsFingerprint = certificate?.fingerprint ?? null
    hall.tlsCertificate = certificate?.cert ?? null
    const server = await buildServer({
      hall,
      logger,
      version: options.version,
      routes: extensions.flatMap((e) => e.routes ?? []),
      ...(certificate ? { https: { key: certificate.key, cert: certificate.cert } } : {}),
      streams,
      guestPaths: extensions.flatMap((e) => (e.guestPaths ? [e.guestPaths] : [])),
      hostNames: extensions.flatMap((e) => (e.hostNames ? [e.hostNames] : [])),
    })
    const url = await server.listen({ port: options.port, host: options.host })
    const guest = options.guestListen ? await listenForGuests(server, options.guestListen, certificate !== null) : null
    const timer = setInterval(() => {
      try {
        // A full disk fails this write like any other: logged, retried on the next tick, never fatal.
        hall.flushTerminalActivity()
        if (clock && hall.isIdle()) clock.resync()
        // A time zone changed in the settings becomes the process's within a tick (read through Intl meanwhile).
        if (options.pinTimeZone) pinProcessTimeZone(hall.state.settings.hall.timeZone)
        hall.rolloverIfDue()
      } catch (err) {
        logger.error({ err }, 'terminal activity or business day rollover failed; will retry')
      }
    }, ROLLOVER_CHECK_MS)
    timer.unref()
    logger.info({ url, dataDir: options.dataDir, businessDay: hall.state.businessDay }, 'hall is open')
    const queries = new Map<string, ExtensionQuery>()
    for (const e of extensions) for (const [name, query] of Object.entries(e.queries ?? {})) queries.set(name, query)
    // The terminals' routes are the server's own; their read is one of the hub's queries too.
    for (const [name, query] of Object.entries(terminalQueries(hall))) queries.set(name, query)
    for (const [name, query] of Object.entries(complaintQueries(hall))) queries.set(name, query)
    for (const [name, query] of Object.entries(clerkPhotoQueries(hall))) queries.set(name, query)
    return {
      hall,
      server,
      db,
      logger,
      createdAdminPin,
      queries,
      url,
      guestUrl: guest?.url ?? null,
      streams,
      async close() {
        clearInterval(timer)
        if (guest) await guest.close()
        try {
          hall.flushTerminalActivity()
        } catch (err) {
          logger.warn({ err }, 'terminal activity not saved at close')
        }
        await server.close()
        for (const e of extensions.reverse()) await e.close?.()
        db.close()
        logger.info('hall closed')
        logger.flush()
      },
    }
  } catch (err) {
    db.close()
    throw err
  }
}
