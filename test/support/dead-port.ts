/**
 * A hub's port held after the hub has gone, by a listener that drops every connection: the
 * screens' reconnects fail as they would against a PC that is off, and no other hall started
 * meanwhile by a test running beside this one can take the port and answer them instead.
 */
import { createServer } from 'node:net'

export async function holdDeadPort(url: string): Promise<{ release(): Promise<void> }> {
  const port = Number(new URL(url).port)
  const dead = createServer((socket) => socket.destroy())
  await new Promise<void>((resolve, reject) => dead.once('error', reject).listen(port, '127.0.0.1', resolve))
  return { release: () => new Promise<void>((resolve) => dead.close(() => resolve())) }
}
