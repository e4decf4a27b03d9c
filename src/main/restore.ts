/**
 * Puts a backup back in place, with the hub stopped:
 *   npm run restore -- --data DIR --from DIR/backups/hallq-20261128T020000Z.db
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { restoreBackup } from './store/backup'

const USAGE = 'usage: npm run restore -- --data DIR --from BACKUP_FILE   (stop the hub first)'

try {
  const { values } = parseArgs({ options: { data: { type: 'string', default: './data' }, from: { type: 'string' } }, strict: true })
  if (!values.from) throw new Error('--from is required')
  const { keptAs } = restoreBackup(resolve(values.data), resolve(values.from), Date.now())
  console.log(`restored ${values.from} into ${resolve(values.data)}${keptAs ? `; the previous database is kept as ${keptAs}` : ''}`)
} catch (err) {
  console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`)
  process.exit(1)
}
