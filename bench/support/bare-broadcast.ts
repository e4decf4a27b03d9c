/**
 * The fan-out baseline: a bare `ws` server with nothing else. POST /broadcast sends the request
 * body to every connected client, then answers. Run as a child process by the fan-out benchmark.
 */
import { createServer } from 'node:http'
import { WebSocketServer } from 'ws'

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/broadcast') {
    res.writeHead(404).end()
    return
  }
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const message = Buffer.concat(chunks).toString('utf8')
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(message)
    res.writeHead(204).end()
  })
})
const wss = new WebSocketServer({ server })
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no address')
  process.stdout.write(`READY http://127.0.0.1:${address.port}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
