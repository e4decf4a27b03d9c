/** Mounts a screen the way App.vue does (Naive's providers, Pinia, the terminal name). */
import { mount, type VueWrapper } from '@vue/test-utils'
import { NConfigProvider, NDialogProvider, NMessageProvider } from 'naive-ui'
import { createPinia, setActivePinia } from 'pinia'
import { defineComponent, h, type Component } from 'vue'
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
  const Harness = defineComponent({
    render: () => h(NConfigProvider, null, { default: () => h(NMessageProvider, null, { default: () => h(NDialogProvider, null, { default: () => h(view) }) }) }),
  })
  return mount(Harness, { attachTo: document.body, global: { provide: { [TERMINAL as symbol]: 't1' }, stubs } })
}

export const flush = () => new Promise((r) => setTimeout(r, 0))
