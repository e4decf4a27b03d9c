import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { lastCounterKey } from '../../../src/renderer/src/stores/counter'
import { useHallStore } from '../../../src/renderer/src/stores/hall'
import { sessionKey } from '../../../src/renderer/src/stores/session'
import { HallError } from '../../../src/renderer/src/transport/transport'
import CounterView from '../../../src/renderer/src/views/CounterView.vue'
import { ScriptedHall, type FakeTransport } from '../support'
import { flush, mountView, setup } from './mount'

let hub: ScriptedHall
let transport: FakeTransport
let wrapper: VueWrapper | null = null
const CLERK = 3

function answer(...names: string[]) {
  for (const name of names) {
    transport.replies.set(name, (payload) => {
      const { logged, result } = hub.run(name as never, payload as never, CLERK)
      transport.push(logged)
      return result
    })
  }
}
const press = async (key: string) => {
  window.dispatchEvent(new KeyboardEvent('keydown', { key, cancelable: true }))
  await flush()
}

beforeEach(() => {
  localStorage.clear()
  ;({ transport } = setup())
  hub = new ScriptedHall()
  hub.now = Date.now()
  hub.run('issueTicket', { serviceId: 'MOBILE' })
  hub.run('issueTicket', { serviceId: 'MOBILE' })
  transport.connect(hub.seq, hub.state)
  answer('openCounter', 'callNext', 'recall', 'startService', 'noShow', 'pauseCounter')
})
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

describe('CounterView', () => {
  it('asks for staff code and PIN, keeps the token for this terminal, then offers the counters', async () => {
    transport.replies.set('login', (p) => ({ token: 'tok-1', clerk: { ...hub.state.clerks[CLERK]!, staffCode: p.staffCode } }))
    wrapper = mountView(CounterView)
    await wrapper.get('input[name=staff-code]').setValue('c3')
    await wrapper.get('input[name=pin]').setValue('1234')
    await wrapper.get('[data-test=login-submit]').trigger('click')
    await flush()
    expect(transport.sent[0]).toEqual({ name: 'login', payload: { staffCode: 'c3', pin: '1234' }, token: null })
    expect(JSON.parse(localStorage.getItem(sessionKey('t1', 'counter'))!).token).toBe('tok-1')
    expect(wrapper.find('[data-test=pick-counter-1]').exists()).toBe(true)
    await wrapper.get('[data-test=open-counter-2]').trigger('click')
    await flush()
    expect(transport.sent.at(-1)).toEqual({ name: 'openCounter', payload: { counterId: 2 }, token: 'tok-1' })
    expect(localStorage.getItem(lastCounterKey('t1'))).toBe('2')
    expect(wrapper.get('[data-test=counter-name]').text()).toBe('2号窗口')
  })

  it('wrong PIN: the hall’s sentence, not a code', async () => {
    transport.replies.set('login', () => {
      throw new HallError('WRONG_PIN')
    })
    wrapper = mountView(CounterView)
    await wrapper.get('input[name=staff-code]').setValue('c3')
    await wrapper.get('input[name=pin]').setValue('0000')
    await wrapper.get('[data-test=login-submit]').trigger('click')
    await flush()
    expect(wrapper.get('[data-test=login-error]').text()).toBe('工号或密码错误')
  })

  describe('at an open counter', () => {
    beforeEach(async () => {
      localStorage.setItem(sessionKey('t1', 'counter'), JSON.stringify({ token: 'tok', clerk: hub.state.clerks[CLERK] }))
      transport.push(hub.run('openCounter', { counterId: 1 }, CLERK).logged)
      wrapper = mountView(CounterView)
      await flush()
    })

    it('shows every action with its key, and F1 calls the next customer', async () => {
      const labels = wrapper!.findAll('.action').map((b) => [b.get('.action-label').text(), b.get('kbd').text()])
      expect(labels).toEqual([
        ['呼叫下一位', 'F1'],
        ['重呼', 'F2'],
        ['开始办理', 'F3'],
        ['办结', 'F4'],
        ['过号', 'F7'],
        ['转办', 'F8'],
        ['指定叫号', 'F9'],
        ['暂停服务', 'F10'],
      ])
      expect(wrapper!.get('[data-test=queue-count]').text()).toBe('2')
      await press('F1')
      expect(transport.sent.at(-1)).toEqual({ name: 'callNext', payload: { counterId: 1 }, token: 'tok' })
      expect(wrapper!.get('[data-test=current-number]').text()).toBe('A001')
      expect(wrapper!.get('[data-test=call-count]').text()).toBe('1')
      await press('F2')
      expect(wrapper!.get('[data-test=call-count]').text()).toBe('2')
      // F1 now is not allowed: nothing is sent.
      const sent = transport.sent.length
      await press('F1')
      expect(transport.sent).toHaveLength(sent)
      await press('F7')
      expect(transport.sent.at(-1)!.name).toBe('noShow')
      expect(wrapper!.find('[data-test=current-number]').exists()).toBe(false)
    })

    it('F10 asks why, and 1–5 answer', async () => {
      await press('F10')
      expect(document.body.textContent).toContain('暂停服务原因')
      await press('1')
      expect(transport.sent.at(-1)).toEqual({ name: 'pauseCounter', payload: { counterId: 1, reason: 'meal' }, token: 'tok' })
      expect(wrapper!.get('[data-test=counter-status]').text()).toBe('窗口暂停中（用餐）')
      expect(wrapper!.get('[data-test=action-resume]').text()).toContain('F10')
    })

    it('errors from the hall appear as translated sentences', async () => {
      transport.replies.set('callNext', () => {
        throw new HallError('QUEUE_EMPTY')
      })
      await press('F1')
      await flush()
      expect(document.body.textContent).toContain('当前没有等候的客户')
      expect(document.body.textContent).not.toContain('QUEUE_EMPTY')
    })

    it('a fast command shows no spinner; one that takes a while shows it on its button', async () => {
      const loading = () => wrapper!.get('[data-test=action-callNext]').classes().includes('n-button--loading')
      await press('F1')
      expect(wrapper!.get('[data-test=current-number]').text()).toBe('A001')
      expect(loading()).toBe(false)
      await press('F2')
      await press('F7')
      expect(wrapper!.find('[data-test=current-number]').exists()).toBe(false)
      let answerNow: () => void = () => undefined
      transport.replies.set('callNext', (payload) => {
        const { logged, result } = hub.run('callNext', payload as never, CLERK)
        return new Promise((resolve) => {
          answerNow = () => {
            transport.push(logged)
            resolve(result)
          }
        })
      })
      await press('F1')
      expect(loading()).toBe(false)
      await new Promise((r) => setTimeout(r, 400))
      expect(loading()).toBe(true)
      answerNow()
      await flush()
      expect(wrapper!.get('[data-test=current-number]').text()).toBe('A002')
      expect(loading()).toBe(false)
    })

    it('the queue shows how long each customer has waited, by the hall’s clock', async () => {
      const hall = useHallStore()
      const wait = () => wrapper!.get('[data-test=queue-A001] .q-wait').text()
      hall.now = hub.state.tickets[1]!.queuedAt + 5 * 60_000 + 30_000
      await flush()
      expect(wait()).toBe('5分')
      hall.now += 20_000
      await flush()
      expect(wait()).toBe('5分')
      hall.now += 20_000
      await flush()
      expect(wait()).toBe('6分')
    })

    it('the clerk’s own figures for today', async () => {
      await press('F1')
      await press('F3')
      transport.push(hub.run('finishService', { counterId: 1 }, CLERK).logged)
      await flush()
      expect(wrapper!.get('[data-test=my-served]').text()).toBe('1')
    })
  })
})
