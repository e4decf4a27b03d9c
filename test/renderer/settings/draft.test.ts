import { describe, expect, it } from 'vitest'
import { nextTick, shallowRef } from 'vue'
import { patchOf, sameValue, useDraft } from '../../../src/renderer/src/stores/settings/draft'

describe("a form's working copy of the hall", () => {
  it('sends only what changed, lists whole', () => {
    const base = { queue: { recallLimit: 3, requeuePlaces: 3, priorityBoostMin: { vip: 20, care: 30 } }, alerts: { waitingCount: 40 } }
    const next = { queue: { recallLimit: 3, requeuePlaces: 5, priorityBoostMin: { vip: 20, care: 10 } }, alerts: { waitingCount: 40 } }
    expect(patchOf(base, next)).toEqual({ queue: { requeuePlaces: 5, priorityBoostMin: { care: 10 } } })
    expect(patchOf(base, base)).toBeUndefined()
    expect(patchOf({ blocks: ['hall', 'number'] }, { blocks: ['number', 'hall'] })).toEqual({ blocks: ['number', 'hall'] })
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true)
  })

  it('follows the hall while untouched, keeps edits while typed, and says when the hall moved under them', async () => {
    const hall = shallowRef({ name: '天河营业厅', notice: '' })
    const d = useDraft(() => hall.value)
    hall.value = { name: '天河营业厅', notice: '维护' }
    await nextTick()
    expect(d.draft.value.notice).toBe('维护')
    expect(d.dirty.value).toBe(false)

    d.draft.value.name = '越秀营业厅'
    hall.value = { name: '天河营业厅', notice: '维护结束' }
    await nextTick()
    expect(d.draft.value).toEqual({ name: '越秀营业厅', notice: '维护' })
    expect(d.stale.value).toBe(true)
    d.reset()
    expect(d.draft.value).toEqual({ name: '天河营业厅', notice: '维护结束' })
    expect(d.stale.value).toBe(false)
  })

  it('after a save shows the hub’s answer, and is clean once the stream brings it', async () => {
    const hall = shallowRef({ name: '天河营业厅' })
    const d = useDraft(() => hall.value)
    d.draft.value.name = ' 越秀营业厅 '
    d.commit({ name: '越秀营业厅' })
    expect(d.draft.value.name).toBe('越秀营业厅')
    hall.value = { name: '越秀营业厅' }
    await nextTick()
    expect(d.dirty.value).toBe(false)
    expect(d.stale.value).toBe(false)
  })
})
