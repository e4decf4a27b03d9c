/**
 * 演练 (issue 11, manual ch. 11) in real Chromium against a real hub: the manager starts an
 * evacuation drill from the dialog; the hall TV, the kiosk, a counter and the manager's own view
 * all say it is a drill, and the kiosk still issues a ticket. The manager records an action and
 * ends it with a closing note; the day's report keeps it as a drill.
 */
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildRenderer, rendererBuildState } from '../../scripts/ensure-renderer-build'
import { launchChromium, login, openOnline, shoot, SIZES, WAIT, waitText } from '../support/browser'
import { tempDir } from '../support/hall-fixture'
import { hubClient } from '../support/hub-client'
import { ROOT, startHub, type HubProcess } from '../support/hub-process'
import { writeTestVoicePack } from '../support/voice-pack'
import { DEFAULT_SETTINGS } from '../../src/shared/settings'

const PIN = '135790'
const SCENARIO_MS = 300_000
let hub: HubProcess
let data: { dir: string; remove(): void }
let browser: Browser
const contexts: BrowserContext[] = []
const pageErrors: string[][] = []
const client = hubClient(() => hub.url)

async function open(path: string, size: { width: number; height: number } = SIZES.fullHd): Promise<Page> {
  const { context, page, errors } = await openOnline(browser, hub.url + path, size)
  contexts.push(context)
  pageErrors.push(errors)
  return page
}

beforeAll(async () => {
  if (rendererBuildState(ROOT).stale) expect(buildRenderer(ROOT)).toBe(0)
  data = tempDir('hallq-e2e-drill-')
  // The display loads the hall's voice pack; without one it asks for it in vain (a 404).
  writeTestVoicePack(join(data.dir, 'voice'), DEFAULT_SETTINGS.display.voiceTemplate, ['A'])
  process.env.HALLQ_VOICE_DIR = join(data.dir, 'voice')
  hub = await startHub({ dataDir: join(data.dir, 'hall'), adminPin: PIN })
  delete process.env.HALLQ_VOICE_DIR
  const admin = (await client.ok('login', { staffCode: 'admin', pin: PIN })).token
  await client.ok('saveClerk', { staffCode: '1001', name: '王芳', role: 'clerk', active: true, pin: '1111' }, admin)
  await client.ok('saveClerk', { staffCode: '2001', name: '张经理', role: 'manager', active: true, pin: '9999' }, admin)
  browser = await launchChromium()
}, SCENARIO_MS)

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined)
  await browser?.close()
  await hub?.stop()
  data?.remove()
})

describe('a drill (演练)', () => {
  it('every screen says it is a drill, the kiosk still issues, and the report keeps it as one', async () => {
    const display = await open('/display')
    const kiosk = await open('/kiosk')
    const manager = await open('/manager', SIZES.laptop)
    await login(manager, '2001', '9999')
    await manager.waitForSelector('[data-test=hall-figures]', WAIT)
    const counter = await open('/counter', SIZES.laptop)
    await login(counter, '1001', '1111')
    await counter.waitForSelector('[data-test=open-counter-1]', WAIT)
    await counter.click('[data-test=open-counter-1]')
    await waitText(counter, '[data-test=counter-name]', '1号窗口')

    // The manager announces an evacuation drill, with its record.
    await manager.click('[data-test=emergency-open]')
    await manager.click('[data-test=emergency-kind-evacuation]')
    await manager.click('[data-test=emergency-severity-major]')
    await manager.fill('input[name=emergency-reported-by]', '安全员 李师傅')
    await manager.fill('textarea[name=emergency-assessment]', '季度消防疏散演练，预计 15 分钟')
    await manager.click('[data-test=emergency-drill]')
    // A drill never pauses issuing: the choice is taken away.
    expect(await manager.getAttribute('[data-test=emergency-pause]', 'class')).toContain('n-checkbox--disabled')
    expect(await manager.getAttribute('[data-test=emergency-pause]', 'aria-checked')).toBe('false')
    await shoot(manager, 'drill-01-manager-dialog')
    await manager.click('[data-test=emergency-next]')
    await waitText(manager, '[data-test=emergency-confirm-drill]', '这是一次演练：所有屏幕标明“演练”，取号机照常取号。')
    await manager.click('[data-test=emergency-publish]')

    // The hall TV: the broadcast, marked as a drill, said as one.
    await display.waitForSelector('[data-test=emergency-takeover] [data-test=drill-mark]', WAIT)
    expect(await display.textContent('[data-test=emergency-takeover] [data-test=drill-mark]')).toBe('演练')
    await waitText(display, '[data-test=drill-note]', '本次为应急演练，非真实事件')
    await waitText(display, '[data-test=emergency-takeover-message]', '紧急情况，请听从工作人员指引，从最近的安全出口有序撤离。')
    await shoot(display, 'drill-02-display')

    // The kiosk: the strip says drill, and a customer still gets a ticket.
    await kiosk.waitForSelector('[data-test=emergency-banner] [data-test=drill-mark]', WAIT)
    expect(await kiosk.locator('[data-test=kiosk-emergency]').count()).toBe(0)
    await shoot(kiosk, 'drill-03-kiosk')
    await kiosk.click('[data-test=tile-MOBILE]')
    await kiosk.waitForSelector('[data-test=ticket]', WAIT)
    await waitText(kiosk, '[data-test=ticket-number]', 'A001')
    await shoot(kiosk, 'drill-04-kiosk-ticket')

    // The counter and the manager's own view.
    await counter.waitForSelector('[data-test=emergency-banner] [data-test=drill-mark]', WAIT)
    await shoot(counter, 'drill-05-counter')
    await manager.waitForSelector('[data-test=emergency-banner] [data-test=drill-mark]', WAIT)
    await waitText(manager, '[data-test=incident-severity]', '较大')
    await waitText(manager, '[data-test=incident-reported-by]', '安全员 李师傅')
    await manager.fill('input[name=incident-action]', '各窗口引导客户从东侧出口撤离')
    await manager.click('[data-test=incident-action-add]')
    await manager.waitForSelector('[data-test=incident-actions] li', WAIT)
    expect(await manager.textContent('[data-test=incident-actions]')).toContain('各窗口引导客户从东侧出口撤离')
    await manager.fill('textarea[name=incident-closing-note]', '疏散用时 12 分钟，无人员受伤')
    await shoot(manager, 'drill-06-manager-incident')

    await manager.click('[data-test=emergency-end]')
    await manager.click('.n-dialog [data-test=emergency-end-confirm], .n-dialog .n-button--warning-type')
    await display.waitForSelector('[data-test=emergency-takeover]', { state: 'detached', ...WAIT })
    await kiosk.waitForSelector('[data-test=emergency-banner]', { state: 'detached', ...WAIT })

    // The day's report keeps it as a drill, with its record.
    const token = (await client.ok('login', { staffCode: '2001', pin: '9999' })).token
    const summary = await client.read('/api/v1/reports/summary', token)
    expect(summary.incidents).toMatchObject({ count: 0, drills: 1 })
    expect(summary.incidents.list).toEqual([
      expect.objectContaining({
        kind: 'evacuation',
        severity: 'major',
        drill: true,
        pauseIssuing: false,
        reportedBy: '安全员 李师傅',
        assessment: '季度消防疏散演练，预计 15 分钟',
        actions: [expect.objectContaining({ note: '各窗口引导客户从东侧出口撤离' })],
        note: '疏散用时 12 分钟，无人员受伤',
      }),
    ])
    expect(summary.hall.tickets.issued).toBe(1)
    expect(pageErrors.flat(), JSON.stringify(pageErrors)).toEqual([])
  }, SCENARIO_MS)
})
