/**
 * The call-next-over-HTTP baseline: a bare `node:http` server with nothing else. `POST /answer`
 * (not timed) sets the answer it will give; `POST /call` reads and parses the request body like
 * any JSON API, makes one durable commit — a 300-byte row inserted with better-sqlite3 into a
 * database of its own, opened as the hub opens its own (WAL, synchronous=FULL) — and answers that
 * answer, serialised. Run as a child process by the http-call-next benchmark.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import { join } from 'node:path'
import Database from 'better-sqlite3'

const dir = process.argv[2]
if (!dir) throw new Error('usage: bare-commit.ts DIR')
const db = new Database(join(dir, 'bare.sqlite'))
db.pragma('journal_mode = WAL')
db.pragma('synchronous = FULL')
db.exec('CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, body TEXT NOT NULL)')
const insert = db.prepare('INSERT INTO log (at, body) VALUES (?, ?)')
const commit = db.transaction((body: string) => insert.run(Date.now(), body))
const row = randomBytes(150).toString('hex')

let answer: unknown = {}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')))
    req.on('error', fail)
  })
}

const server = createServer((req, res) => {
  void body(req).then((text) => {
    const parsed = JSON.parse(text) as unknown
    if (req.url === '/answer') {
      answer = parsed
      res.writeHead(204).end()
      return
    }
    if (req.url !== '/call') {
      res.writeHead(404).end()
      return
    }
    commit(row)
    const out = JSON.stringify(answer)
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(out) }).end(out)
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no address')
  process.stdout.write(`READY http://127.0.0.1:${address.port}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
