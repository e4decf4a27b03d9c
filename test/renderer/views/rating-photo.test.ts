/**
 * The rating screen shows who served with their photo, read from the hub once per photo version
 * (not per customer), and a tile with the first character of their name when there is none.
 */
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { evolve } from '../../../src/shared/hall-state'
import { forgetClerkPhotos } from '../../../src/renderer/src/stores/clerk-photo'
import { sessionKey } from '../../../src/renderer/src/stores/session'
import RatingView from '../../../src/renderer/src/views/RatingView.vue'
import { seededState } from '../../support/pure-hall'
import { ScriptedHall, type FakeTransport } from '../support'
import { flush, mountView, setup } from './mount'

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9])
let hub: ScriptedHall
let transport: FakeTransport
let wrapper: VueWrapper | null = null

beforeEach(() => {
  localStorage.clear()
  forgetClerkPhotos()
  ;({ transport } = setup())
  // Clerk 1 has a photo (version v1); clerk 2 has none.
  hub = new ScriptedHall(evolve(seededState(), [{ type: 'clerkPhotoChanged', at: 0, clerkId: 1, photo: 'a1b2c3d4e5f60718' }]).state)
  hub.now = Date.now()
  transport.answers.set('clerkPhoto', ({ clerkId, version }) => ({ clerkId, version, type: 'image/jpeg', bytes: JPEG }))
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

async function serve(clerkId: number, counterId: number): Promise<void> {
  hub.run('issueTicket', { serviceId: 'MOBILE' })
  for (const name of ['callNext', 'startService', 'finishService'] as const) transport.push(hub.run(name, { counterId }, clerkId).logged)
  await flush()
  await flush()
}

describe('the rating screen shows who served', () => {
  it('with their photo beside the name and 工号, read once for every customer they serve', async () => {
    hub.run('openCounter', { counterId: 1 }, 1)
    transport.connect(hub.seq, hub.state)
    localStorage.setItem(sessionKey('t1', 'counter'), JSON.stringify({ token: 'ctok', clerk: hub.state.clerks[1] }))
    wrapper = mountView(RatingView)
    await flush()
    for (let i = 0; i < 3; i++) {
      await serve(1, 1)
      const served = wrapper.get('[data-test=rating-clerk]')
      expect(served.text()).toContain(hub.state.clerks[1]!.name)
      expect(served.text()).toContain(`工号 ${hub.state.clerks[1]!.staffCode}`)
      expect(served.get('[data-test=rating-clerk-photo]').attributes('src')).toBe(`data:image/jpeg;base64,${btoa(String.fromCharCode(...JPEG))}`)
      hub.run('rateService', { recordId: Math.max(...Object.keys(hub.state.records).map(Number)), score: 4 })
    }
    // Read once, by version, without the clerk's login (the screen never sends it).
    expect(transport.hubAsked).toEqual([{ name: 'clerkPhoto', args: { clerkId: 1, version: 'a1b2c3d4e5f60718' }, token: null }])
  })

  it('with a tile of the first character of their name when there is no photo, or the hub refuses it', async () => {
    hub.run('openCounter', { counterId: 2 }, 2)
    transport.connect(hub.seq, hub.state)
    localStorage.setItem(sessionKey('t1', 'counter'), JSON.stringify({ token: 'ctok', clerk: hub.state.clerks[2] }))
    wrapper = mountView(RatingView)
    await serve(2, 2)
    expect(wrapper.find('[data-test=rating-clerk-photo]').exists()).toBe(false)
    expect(wrapper.get('[data-test=rating-clerk-placeholder]').text()).toBe(hub.state.clerks[2]!.name.slice(0, 1))
    expect(transport.hubAsked).toEqual([])
    wrapper.unmount()

    // A photo the hub will not give (say, NOT_YOUR_COUNTER): still the tile, and asked again later.
    transport.answers.set('clerkPhoto', () => {
      throw new Error('NOT_YOUR_COUNTER')
    })
    hub.run('openCounter', { counterId: 1 }, 1)
    transport.connect(hub.seq, hub.state)
    localStorage.setItem(sessionKey('t1', 'counter'), JSON.stringify({ token: 'ctok', clerk: hub.state.clerks[1] }))
    wrapper = mountView(RatingView)
    await serve(1, 1)
    expect(wrapper.find('[data-test=rating-clerk-photo]').exists()).toBe(false)
    expect(wrapper.get('[data-test=rating-clerk-placeholder]').text()).toBe(hub.state.clerks[1]!.name.slice(0, 1))
  })
})
