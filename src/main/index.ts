/**
 * The Electron shell's entry: the desktop app (electron/desktop.ts) — a hub PC running the hall
 * with one window per role, or a terminal PC showing a hub's pages. Everything else lives in
 * plain-Node modules.
 */
import { startDesktop } from './electron/desktop'

void startDesktop({
  mainDir: import.meta.dirname,
  port: Number(process.env.HALLQ_PORT ?? 8080),
  host: process.env.HALLQ_HOST ?? '0.0.0.0',
})
