/**
 * One build, every screen: the location says which screen this page is (route.ts), the
 * preload bridge's presence says which transport it uses.
 */
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { TERMINAL } from './context'
import { readLocation, terminalName } from './route'
import { useDevicesStore } from './stores/devices'
import { useLocaleStore } from './stores/locale'
import { useTerminalStore } from './stores/terminal'
import { chooseTransport } from './transport'
import './styles.css'

const { screen, params } = readLocation(window.location)
const pinia = createPinia()
const app = createApp(App, { screen })
app.use(pinia)

const locale = useLocaleStore(pinia)
locale.configure(params, window.localStorage)
const terminal = terminalName(params, window.localStorage)
app.provide(TERMINAL, terminal)

// The desktop app's first-start chooser has no hall to reach yet.
const transport = screen === 'setup' ? null : chooseTransport({ terminal, language: () => locale.locale })
if (transport) {
  // Before the stream opens: the devices' health follows the hall's snapshot at once.
  useDevicesStore(pinia)
  // Joined (or the hub's own screen)? Only then is the hall's stream opened.
  void useTerminalStore(pinia).begin(transport)
}
const reportError = (error: { message: string; stack?: string; source?: string }) => (transport ? transport.reportError(error) : console.error('[hallq]', error))

// Errors in the page go to main's log in the desktop app (the browser console otherwise).
app.config.errorHandler = (err, _instance, info) => {
  const e = err instanceof Error ? err : new Error(String(err))
  reportError({ message: e.message, stack: e.stack ?? '', source: `vue: ${info}` })
  console.error(err)
}
window.addEventListener('error', (event) => {
  // Chromium reports a layout that settles over two frames as an "error"; it is not one.
  if (event.message.includes('ResizeObserver loop')) return
  reportError({ message: event.message, stack: String(event.error?.stack ?? ''), source: 'window' })
})
window.addEventListener('unhandledrejection', (event) =>
  reportError({ message: String(event.reason?.message ?? event.reason), stack: String(event.reason?.stack ?? ''), source: 'promise' }),
)

// The desktop app's screen chooser links to #/kiosk etc.: a new screen is a fresh start.
window.addEventListener('hashchange', () => window.location.reload())

app.mount('#app')
