/**
 * The hub's daily backup: a part of the running hall (an extension) that makes a backup when the
 * newest is a day old, prunes old ones, and lets an admin make one now or list them.
 */
import { join } from 'node:path'
import type { ExtensionFactory } from './app'
import type { HubQueries } from './hub-queries'
import { credentials, requireRoleOf } from './server/request'
import { createBackup, listBackups, pruneBackups, type BackupInfo } from './store/backup'

const CHECK_MS = 60 * 60_000
const DAY_MS = 24 * 60 * 60_000

export function backupsDir(dataDir: string): string {
  return join(dataDir, 'backups')
}

export const backupExtension: ExtensionFactory = ({ hall, db, logger, dataDir }) => {
  const dir = backupsDir(dataDir)
  let running: Promise<BackupInfo> | null = null
  const backupNow = (): Promise<BackupInfo> => {
    running ??= createBackup(db, dir, Date.now())
      .then((info) => {
        logger.info({ file: info.file, bytes: info.bytes }, 'backup made')
        const removed = pruneBackups(dir, hall.state.settings.backup.keepDays, Date.now())
        if (removed.length > 0) logger.info({ removed }, 'old backups deleted')
        return info
      })
      .finally(() => (running = null))
    return running
  }
  const check = () => {
    const newest = listBackups(dir)[0]
    if (!newest || Date.now() - newest.at >= DAY_MS) {
      backupNow().catch((err: unknown) => logger.error({ err }, 'daily backup failed; will retry within the hour'))
    }
  }
  const timer = setInterval(check, CHECK_MS)
  timer.unref()
  setImmediate(check)

  const queries = {
    backups: async (_args, creds) => {
      requireRoleOf(hall, creds, 'admin')
      return { backups: listBackups(dir).map(({ name, bytes, at }) => ({ name, bytes, at })) }
    },
    backupNow: async (_args, creds) => {
      requireRoleOf(hall, creds, 'admin')
      const { name, bytes, at } = await backupNow()
      return { name, bytes, at }
    },
  } satisfies HubQueries

  return {
    queries,
    routes: [
      async (app) => {
        app.get('/api/v1/backups', async (request) => queries.backups({}, credentials(request, hall)))
        app.post('/api/v1/backups', async (request) => queries.backupNow({}, credentials(request, hall)))
      },
    ],
    async close() {
      clearInterval(timer)
      await running?.catch(() => undefined)
    },
  }
}
