/**
 * The centre: every hall's reports over one PostgreSQL, in plain Node.
 *   npm run central -- --db postgres://USER@HOST:PORT/DB --port N [--host H] [--admin-pin PIN]
 * On an empty database it migrates and creates the first hq-admin (staff code `admin`) with the
 * PIN from --admin-pin, HALLQ_ADMIN_PIN, or a random one printed once.
 */
import { parseArgs } from 'node:util'
import pino from 'pino'
import { ADMIN_PIN_ENV, isValidPin } from '../admin-pin'
import { randomPin } from '../security/secrets'
import { migrateCentral, openPool } from './database'
import { defaultRendererDir, hqPageRoutes } from './page'
import { buildCentralServer } from './server'
import { CentralUsers } from './users'

const USAGE = 'usage: [HALLQ_ADMIN_PIN=PIN] npm run central -- --db postgres://USER@HOST:PORT/DB [--port N] [--host H] [--admin-pin PIN]'

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`)
  process.exit(2)
}

async function main(): Promise<void> {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        db: { type: 'string' },
        port: { type: 'string', default: '8090' },
        host: { type: 'string', default: '127.0.0.1' },
        'admin-pin': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }))
  } catch (err) {
    fail((err as Error).message)
  }
  if (values.help) {
    console.log(USAGE)
    return
  }
  if (values.db === undefined || !/^postgres(ql)?:\/\//.test(values.db)) fail('--db must be a postgres:// URL')
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be a number from 0 to 65535')
  const given = values['admin-pin'] ?? (process.env[ADMIN_PIN_ENV] || undefined)
  if (given !== undefined && !isValidPin(given)) fail(`${values['admin-pin'] === undefined ? ADMIN_PIN_ENV : '--admin-pin'} must be 4 to 12 digits`)

  const logger = pino({ level: process.env.HALLQ_LOG_LEVEL ?? 'info', base: { app: 'hallq-central' } })
  const pool = openPool(values.db, { max: 10, application: 'hallq-central' })
  const applied = await migrateCentral(pool)
  if (applied.length > 0) logger.info({ applied }, 'central database migrated')
  const users = new CentralUsers(pool)
  const pin = given ?? randomPin()
  if (await users.ensureAdmin(pin)) {
    process.stdout.write(
      `\n  总部已创建 / Centre created.\n  管理员工号 admin staff code: admin\n  ${given === undefined ? `管理员密码 admin PIN: ${pin}\n  ` : ''}请登录后立即修改 / change it after the first login.\n\n`,
    )
  }
  const server = await buildCentralServer({ pool, users, logger, routes: [hqPageRoutes(defaultRendererDir())] })
  const url = await server.listen({ port, host: values.host })
  process.stdout.write(`HallQ centre listening on ${url}\n`)

  let closing = false
  const shutdown = () => {
    if (closing) return
    closing = true
    server
      .close()
      .then(() => pool.end())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      )
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

main().catch((err: unknown) => {
  console.error(`HallQ centre could not start: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
