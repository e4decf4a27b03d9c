/**
 * The headless hub: the whole hall in plain Node, without Electron (started by hub.ts).
 *   npm run hub -- --data DIR --port N [--host H] [--tls]
 *                  [--central postgres://… --hall-code CODE [--hall-name NAME] [--region PATH]]
 * A new hall's administrator PIN comes from HALLQ_ADMIN_PIN or is asked on the terminal
 * (admin-pin.ts).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { askHidden, resolveAdminPin } from './admin-pin'
import { startHallApp } from './app'
import { checkDataFolder } from './data-folder'
import { storageProblem } from './store/storage-errors'
import { appRoot } from './server/voice-files'
import type { CentralLinkConfig } from './central-link/shipper'

const USAGE =
  'usage: [HALLQ_ADMIN_PIN=PIN] npm run hub -- [--data DIR] [--port N] [--host H] [--tls] [--guest-listen HOST:PORT]\n' +
  '                      [--central postgres://USER@HOST:PORT/DB --hall-code CODE [--hall-name NAME] [--region PATH]]'

/** A hall code as the centre keys it: GZ-TH-001. */
const HALL_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(appRoot(import.meta.dirname), 'package.json'), 'utf8')) as { version?: string }
    return pkg.version ?? '0.0.0'
  } catch {
    return '0.0.0'
  }
}

export async function main(): Promise<void> {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        data: { type: 'string', default: './data' },
        port: { type: 'string', default: '8080' },
        host: { type: 'string', default: '127.0.0.1' },
        'admin-pin': { type: 'string' },
        tls: { type: 'boolean', default: false },
        'guest-listen': { type: 'string' },
        central: { type: 'string' },
        'hall-code': { type: 'string' },
        'hall-name': { type: 'string' },
        region: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }))
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`)
    process.exit(2)
  }
  if (values.help) {
    console.log(USAGE)
    return
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a number from 0 to 65535\n${USAGE}`)
    process.exit(2)
  }
  let guestListen: { host: string; port: number } | undefined
  if (values['guest-listen'] !== undefined) {
    const m = /^(.+):(\d{1,5})$/.exec(values['guest-listen'])
    if (!m || Number(m[2]) > 65535) {
      console.error(`--guest-listen must be HOST:PORT, e.g. 10.20.0.1:8080\n${USAGE}`)
      process.exit(2)
    }
    guestListen = { host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]) }
  }
  const central = centralOption(values)
  const dataDir = resolve(values.data)
  // Before a new hall's PIN is asked: a folder the hall cannot write is said in one sentence.
  try {
    checkDataFolder(dataDir)
  } catch (err) {
    console.error((err as Error).message)
    process.exit(2)
  }
  let adminPin
  try {
    adminPin = await resolveAdminPin({
      argv: values['admin-pin'],
      env: process.env,
      newHall: !existsSync(join(dataDir, 'hallq.db')),
      ask: process.stdin.isTTY && process.stdout.isTTY ? askHidden(process.stdin, process.stdout) : null,
      warn: (text) => console.error(text),
    })
  } catch (err) {
    console.error((err as Error).message)
    process.exit(2)
  }
  const app = await startHallApp({
    dataDir,
    port,
    host: values.host,
    version: version(),
    adminPin,
    tls: values.tls,
    guestListen,
    pinTimeZone: true,
    ...(central ? { central } : {}),
  })
  if (app.createdAdminPin) {
    // Shown once, on the console only: it is in no log file and cannot be shown again.
    process.stdout.write(
      `\n  新的营业厅数据已创建 / New hall created.\n  管理员工号 admin staff code: admin\n  管理员密码 admin PIN: ${app.createdAdminPin}\n  请登录后立即修改 / change it after the first login.\n\n`,
    )
  }
  process.stdout.write(`HallQ hub listening on ${app.url}\n`)
  if (app.guestUrl) process.stdout.write(`Guest Wi-Fi (customer phones only) on ${app.guestUrl}\n`)
  if (app.hall.tlsFingerprint) process.stdout.write(`TLS certificate SHA-256: ${app.hall.tlsFingerprint.match(/.{4}/g)!.join(' ')}\n`)

  // A full or failing disk is no reason to stop: every write that matters answers for itself
  // (507 STORAGE_FULL) and the hub resumes when space returns. Anything else is a bug: stop.
  process.on('uncaughtException', (err) => {
    if (storageProblem(err) === 'STORAGE_FULL' || ['ENOSPC', 'EIO', 'EDQUOT', 'EROFS'].includes((err as { code?: string }).code ?? '')) {
      app.logger.error({ code: (err as { code?: string }).code, reason: err.message.split('\n')[0] }, 'a write failed: the disk is full or failing; the hub goes on')
      return
    }
    app.logger.fatal({ err }, 'unexpected error; the hub stops')
    app.logger.flush()
    process.exit(1)
  })

  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    app.logger.info({ signal }, 'shutting down')
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.logger.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

function centralOption(values: { central?: string | undefined; 'hall-code'?: string | undefined; 'hall-name'?: string | undefined; region?: string | undefined }): CentralLinkConfig | null {
  const code = values['hall-code']
  if (values.central === undefined) {
    if (code !== undefined || values['hall-name'] !== undefined || values.region !== undefined) {
      console.error(`--hall-code, --hall-name and --region go with --central\n${USAGE}`)
      process.exit(2)
    }
    return null
  }
  if (!/^postgres(ql)?:\/\//.test(values.central)) {
    console.error(`--central must be a postgres:// URL\n${USAGE}`)
    process.exit(2)
  }
  if (code === undefined || !HALL_CODE.test(code)) {
    console.error(`--central needs --hall-code: letters, digits, '-', '_' or '.', at most 32 (e.g. GZ-TH-001)\n${USAGE}`)
    process.exit(2)
  }
  const region = (values.region ?? '')
    .split('/')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .join('/')
  return { url: values.central, hallCode: code, hallName: values['hall-name']?.trim() || null, region }
}

