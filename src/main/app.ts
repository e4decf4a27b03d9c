/**
 * Puts a hall together from a data folder: logger, database, hall service, LAN server and the
 * rollover timer. The headless hub and the Electron shell both start the hall through here.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import pino, { type Logger } from 'pino'
import { Hall, type Clock } from './hall'
import { buildServer, type Routes } from './server/http-server'
import { screensExtension } from './server/routes/screens'
import { openDatabase, type Db } from './store/database'
import { HallStore } from './store/hall-store'

/** What a part of the hub (devices, reports, the screens) adds to the running hall. */
export interface HallExtension {
  routes?: Routes[]
  close?: () => Promise<void> | void
}

export interface ExtensionContext {
  hall: Hall
  db: Db
  logger: Logger
  dataDir: string
}

export type ExtensionFactory = (context: ExtensionContext) => HallExtension | Promise<HallExtension>

/** The parts every hall starts with, in order. */
export const EXTENSIONS: ExtensionFactory[] = [
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
}

export interface HallApp {
  hall: Hall
  server: FastifyInstance
  db: Db
  logger: Logger
  /** The first administrator's PIN when this start created the database, else null. */
  createdAdminPin: string | null
  url: string
  close(): Promise<void>
}

/** How often the hub checks whether the business day has rolled over. */
const ROLLOVER_CHECK_MS = 30_000

export function createLogger(dataDir: string): Logger {
  mkdirSync(join(dataDir, 'logs'), { recursive: true })
  return pino(
    { level: process.env.HALLQ_LOG_LEVEL ?? 'info', base: { app: 'hallq' } },
    pino.multistream([
      { stream: process.stdout },
      { stream: pino.destination({ dest: join(dataDir, 'logs', 'hallq.log'), mkdir: true, sync: false }) },
    ]),
  )
}

export async function startHallApp(options: HallAppOptions): Promise<HallApp> {
  mkdirSync(options.dataDir, { recursive: true })
  const logger = options.logger ?? createLogger(options.dataDir)
  const db = openDatabase(join(options.dataDir, 'hallq.db'))
  try {
    const store = new HallStore(db)
    const { hall, createdAdminPin } = await Hall.open({ store, clock: options.clock ?? Date.now, logger, adminPin: options.adminPin })
    hall.rolloverIfDue()
    const extensions: HallExtension[] = []
    for (const factory of options.extensions ?? EXTENSIONS) {
      extensions.push(await factory({ hall, db, logger, dataDir: options.dataDir }))
    }
    const server = await buildServer({ hall, logger, version: options.version, routes: extensions.flatMap((e) => e.routes ?? []) })
    const url = await server.listen({ port: options.port, host: options.host })
    const timer = setInterval(() => {
      try {
        hall.rolloverIfDue()
      } catch (err) {
        logger.error({ err }, 'business day rollover failed; will retry')
      }
    }, ROLLOVER_CHECK_MS)
    timer.unref()
    logger.info({ url, dataDir: options.dataDir, businessDay: hall.state.businessDay }, 'hall is open')
    return {
      hall,
      server,
      db,
      logger,
      createdAdminPin,
      url,
      async close() {
        clearInterval(timer)
        await server.close()
        for (const e of extensions.reverse()) await e.close?.()
        db.close()
        logger.info('hall closed')
      },
    }
  } catch (err) {
    db.close()
    throw err
  }
}
