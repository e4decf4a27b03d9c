import { HttpTransport } from './http-transport'
import { IpcTransport } from './ipc-transport'
import type { Transport } from './transport'

export * from './transport'
export { HttpTransport, IpcTransport }

/** The desktop app has the preload bridge; a browser talks to the hub that served the page. */
export function chooseTransport(options: { terminal: string; language: () => string }): Transport {
  if (window.hallq) return new IpcTransport(window.hallq, Math.random, options.terminal)
  return new HttpTransport({ baseUrl: window.location.origin, terminal: options.terminal, language: options.language })
}
