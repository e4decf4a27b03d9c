/** Mounts a screen the way App.vue does (Naive's providers, Pinia, the terminal name). */
import { mount, type VueWrapper } from '@vue/test-utils'
import { NConfigProvider, NDialogProvider, NMessageProvider, useMessage, type MessageApi } from 'naive-ui'
import { createPinia, setActivePinia } from 'pinia'
import { defineComponent, h, type Component, type FunctionalComponent } from 'vue'
import { TERMINAL } from '../../../src/renderer/src/context'
import { useHallStore } from '../../../src/renderer/src/stores/hall'
import { FakeTransport } from '../support'

export function setup(): { transport: FakeTransport } {
  setActivePinia(createPinia())
  const transport = new FakeTransport()
  useHallStore().start(transport)
  return { transport }
}

/** `stubs` replaces components a DOM without canvas cannot draw (the report's charts). */
export function mountView(view: Component, stubs: Record<string, Component | boolean> = {}): VueWrapper {
  let messages: MessageApi | null = null
  // Naive's messages keep their hide timers past unmounting; one firing after the test file's
  // DOM is gone is an uncaught "window is not defined". They are closed before unmounting.
  const Messages: FunctionalComponent = () => {
    messages = useMessage()
    return h(view)
  }
  const Harness = defineComponent({
    render: () => h(NConfigProvider, null, { default: () => h(NMessageProvider, null, { default: () => h(NDialogProvider, null, { default: () => h(Messages) }) }) }),
  })
  const wrapper = mount(Harness, { attachTo: document.body, global: { provide: { [TERMINAL as symbol]: 't1' }, stubs } })
  const unmount = wrapper.unmount.bind(wrapper)
  wrapper.unmount = () => {
    messages?.destroyAll()
    unmount()
  }
  return wrapper
}

export const flush = () => new Promise((r) => setTimeout(r, 0))
