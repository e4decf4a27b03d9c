/// <reference types="vite/client" />
import type { HallqSetupBridge } from '../../shared/first-start'
import type { HallqBridge } from '../../shared/ipc'

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

declare global {
  interface Window {
    /** Present in the desktop app (preload); absent in a plain browser. */
    hallq?: HallqBridge
    /** Only in the desktop app's first-start chooser (its own preload). */
    hallqSetup?: HallqSetupBridge
  }
}
