import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { HttpTransport } from '../../../src/renderer/src/transport/http-transport'
import { backoffMs, HallError } from '../../../src/renderer/src/transport/transport'

class FakeSocket {
  static made: FakeSocket[] = []
  readyState = 0
  sent: string[] = []
  onopen: (() => void) | null = null
  onmessage: ((e: { data: string }) => void) | null = null
  onclose: (() => void) | null = null
  onerror: (() => void) | null = null
  constructor(readonly url: string) {
    FakeSocket.made.push(this)
  }
  send(data: string) {
    this.sent.push(data)
  }
  close() {
    this.readyState = 3
  }
  // The hub's side.
  accept() {
    this.readyState = 1
    this.onopen?.()
  }
  deliver(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) })
  }
  drop() {
    this.readyState = 3
    this.onclose?.()
  }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

let fetchMock: ReturnType<typeof vi.fn>
let transport: HttpTransport

beforeEach(() => {
  vi.useFakeTimers()
  FakeSocket.made = []
  fetchMock = vi.fn()
  transport = new HttpTransport({
    baseUrl: 'http://hub:8080',
    terminal: 'counter-3',
    language: () => 'zh-CN',
    fetch: fetchMock as unknown as typeof fetch,
    WebSocket: FakeSocket as unknown as typeof WebSocket,
    random: () => 0.5,
    pingIntervalMs: 20_000,
  })
})
afterEach(() => {
  transport.close()
  vi.useRealTimers()
})

describe("HTTP transport: the hub's reads and actions", () => {
  it('reads with a GET carrying the token, terminal and language', async () => {
    fetchMock.mockResolvedValueOnce(json(200, { terminals: [], tlsFingerprint: null }))
    await expect(transport.read('terminals', {}, { token: 'adm' })).resolves.toEqual({ terminals: [], tlsFingerprint: null })
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('http://hub:8080/api/v1/terminals')
    expect(init.method).toBeUndefined()
    expect(init.headers).toMatchObject({ authorization: 'Bearer adm', 'x-hallq-terminal': 'counter-3', 'accept-language': 'zh-CN' })
  })

  it('reads the complaint cases with their filters in the query, and one case by id', async () => {
    fetchMock.mockResolvedValueOnce(json(200, { asOf: 1, complaints: [] }))
    await transport.read('complaints', { status: 'handling', channel: 'phone', day: '' }, { token: 'mgr' })
    expect(fetchMock.mock.calls[0]![0]).toBe('http://hub:8080/api/v1/complaints?status=handling&channel=phone')
    fetchMock.mockResolvedValueOnce(json(200, { asOf: 1, complaints: [] }))
    await transport.read('complaints', {}, { token: 'mgr' })
    expect(fetchMock.mock.calls[1]![0]).toBe('http://hub:8080/api/v1/complaints')
    fetchMock.mockResolvedValueOnce(json(404, { error: { code: 'UNKNOWN_COMPLAINT', message: '没有这个投诉工单' } }))
    await expect(transport.read('complaint', { id: 7 }, { token: 'mgr' })).rejects.toMatchObject({ code: 'UNKNOWN_COMPLAINT' })
    expect(fetchMock.mock.calls[2]![0]).toBe('http://hub:8080/api/v1/complaints/7')
  })

  it('posts a test print once, with its options in the body; errors as HallErrors', async () => {
    fetchMock.mockResolvedValueOnce(json(409, { error: { code: 'DEVICE_DISABLED', message: '该设备已停用' } }))
    await expect(transport.act('deviceTest', { id: 'bars', text: '测试', address: 3 }, { token: 'adm' })).rejects.toMatchObject({ code: 'DEVICE_DISABLED' })
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('http://hub:8080/api/v1/devices/bars/test')
    expect(init.method).toBe('POST')
    expect(JSON.parse(init.body)).toEqual({ text: '测试', address: 3 })
    fetchMock.mockRejectedValueOnce(new TypeError('network'))
    await expect(transport.act('backupNow', {}, { token: 'adm' })).rejects.toMatchObject({ code: 'OFFLINE' })
    // Never retried: a second test print would print a second sample.
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(fetchMock.mock.calls[1]![0]).toBe('http://hub:8080/api/v1/backups')
  })
})

describe('HTTP transport: commands', () => {
  it('posts the command with the token, terminal, language and an idempotency key', async () => {
    fetchMock.mockResolvedValueOnce(json(200, { ticket: { number: 'A001' } }))
    await expect(transport.command('callNext', { counterId: 3 }, { token: 'tok' })).resolves.toEqual({ ticket: { number: 'A001' } })
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('http://hub:8080/api/v1/commands/callNext')
    expect(init.method).toBe('POST')
    expect(JSON.parse(init.body)).toEqual({ counterId: 3 })
    expect(init.headers).toMatchObject({ authorization: 'Bearer tok', 'x-hallq-terminal': 'counter-3', 'accept-language': 'zh-CN' })
    expect(init.headers['idempotency-key']).toMatch(/^k-[0-9a-f]{24}$/)
  })

  it("turns the hall's error answer into a HallError with its code", async () => {
    fetchMock.mockResolvedValueOnce(json(409, { error: { code: 'COUNTER_PAUSED', message: '窗口暂停服务中', details: { counterId: 3 } } }))
    const err = await transport.command('callNext', { counterId: 3 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(HallError)
    expect(err).toMatchObject({ code: 'COUNTER_PAUSED', details: { counterId: 3 } })
  })

  it('retries once with the same key after a network failure, then says OFFLINE', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('network')).mockResolvedValueOnce(json(200, { ok: true }))
    const done = transport.command('logout', {}, { token: 't' })
    await vi.advanceTimersByTimeAsync(500)
    await expect(done).resolves.toEqual({ ok: true })
    const keys = fetchMock.mock.calls.map(([, init]) => init.headers['idempotency-key'])
    expect(keys).toHaveLength(2)
    expect(keys[0]).toBe(keys[1])

    fetchMock.mockRejectedValue(new TypeError('network'))
    const failed = transport.command('logout', {}).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(500)
    expect(await failed).toMatchObject({ code: 'OFFLINE' })
  })
})

describe('HTTP transport: the event stream', () => {
  it('checks the hub, reads its clock, streams, and reconnects from the last seq with backoff', async () => {
    const hubTime = Date.now() - 120_000
    fetchMock.mockImplementation(async () => json(200, { ok: true }, { date: new Date(hubTime).toUTCString() }))
    const statuses: [string, number, number | undefined][] = []
    const messages: unknown[] = []
    let last: number | null = null
    transport.open({ message: (m) => messages.push(m), status: (s, i) => statuses.push([s, i.attempt, i.clockOffsetMs]) }, () => last)
    await vi.advanceTimersByTimeAsync(0)
    const first = FakeSocket.made[0]!
    expect(first.url).toBe('ws://hub:8080/api/v1/stream')
    first.accept()
    const [, , offset] = statuses.at(-1)!
    expect(statuses.at(-1)![0]).toBe('online')
    expect(Math.abs(offset! - 120_000)).toBeLessThan(1500)
    first.deliver({ type: 'snapshot', seq: 41, state: {} })
    first.deliver({ type: 'pong' })
    expect(messages).toEqual([{ type: 'snapshot', seq: 41, state: {} }])
    last = 41

    first.drop()
    expect(statuses.at(-1)!.slice(0, 2)).toEqual(['offline', 1])
    await vi.advanceTimersByTimeAsync(backoffMs(1, () => 0.5))
    const second = FakeSocket.made[1]!
    expect(second.url).toBe('ws://hub:8080/api/v1/stream?after=41')

    // The hub is down: attempts continue, further and further apart.
    fetchMock.mockRejectedValue(new TypeError('down'))
    second.drop()
    await vi.advanceTimersByTimeAsync(backoffMs(2, () => 0.5))
    expect(statuses.at(-1)!.slice(0, 2)).toEqual(['offline', 3])
    expect(FakeSocket.made).toHaveLength(2)
    fetchMock.mockImplementation(async () => json(200, { ok: true }))
    await vi.advanceTimersByTimeAsync(backoffMs(3, () => 0.5))
    FakeSocket.made[2]!.accept()
    expect(statuses.at(-1)!.slice(0, 2)).toEqual(['online', 0])
  })

  it('closes a silent connection that no longer answers pings, and reconnects', async () => {
    fetchMock.mockImplementation(async () => json(200, { ok: true }))
    transport.open({ message: () => undefined, status: () => undefined }, () => 7)
    await vi.advanceTimersByTimeAsync(0)
    const socket = FakeSocket.made[0]!
    socket.accept()
    await vi.advanceTimersByTimeAsync(20_000)
    expect(socket.sent).toEqual([JSON.stringify({ type: 'ping' })])
    await vi.advanceTimersByTimeAsync(20_000)
    expect(socket.readyState).toBe(3)
    await vi.advanceTimersByTimeAsync(backoffMs(1, () => 0.5))
    expect(FakeSocket.made[1]!.url).toContain('?after=7')
  })

  it('resync drops the stream and asks again from the last seq', async () => {
    fetchMock.mockImplementation(async () => json(200, { ok: true }))
    transport.open({ message: () => undefined, status: () => undefined }, () => 12)
    await vi.advanceTimersByTimeAsync(0)
    FakeSocket.made[0]!.accept()
    transport.resync()
    await vi.advanceTimersByTimeAsync(0)
    expect(FakeSocket.made[0]!.readyState).toBe(3)
    expect(FakeSocket.made[1]!.url).toBe('ws://hub:8080/api/v1/stream?after=12')
  })

  it('finds the voice pack and names a URL for every clip', async () => {
    fetchMock.mockResolvedValueOnce(json(200, { lang: 'zh-CN', clips: { 请: '请.wav', A: 'A.wav' } }))
    const pack = await transport.loadVoicePack('zh-CN')
    expect([...pack!.clips]).toEqual([
      ['请', 'http://hub:8080/voice/zh-CN/%E8%AF%B7.wav'],
      ['A', 'http://hub:8080/voice/zh-CN/A.wav'],
    ])
    fetchMock.mockResolvedValueOnce(json(404, { error: { code: 'NOT_FOUND' } }))
    expect(await transport.loadVoicePack('zh-CN')).toBeNull()
  })
})

describe('HTTP transport: joining the hall', () => {
  it('asks the hub who this terminal is without a clerk token, and pairs with a code', async () => {
    fetchMock.mockResolvedValueOnce(json(401, { error: { code: 'TERMINAL_NOT_PAIRED', message: '本终端尚未接入营业厅' } }))
    await expect(transport.terminal()).rejects.toMatchObject({ code: 'TERMINAL_NOT_PAIRED' })
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('http://hub:8080/api/v1/me')
    expect(init.headers.authorization).toBeUndefined()
    expect(init.headers['x-hallq-terminal']).toBe('counter-3')

    const terminal = { id: 4, name: '3号窗口', role: 'counter', counterId: 3, createdAt: 1, lastSeenAt: null, revokedAt: null }
    fetchMock.mockResolvedValueOnce(json(200, { token: 't', terminal, tlsFingerprint: null, tlsCertificate: null }))
    await expect(transport.pair(' K7MQ-2XPD ')).resolves.toEqual(terminal)
    const [pairUrl, pairInit] = fetchMock.mock.calls[1]!
    expect(pairUrl).toBe('http://hub:8080/api/v1/pair')
    expect(JSON.parse(pairInit.body)).toEqual({ code: 'K7MQ-2XPD' })
    fetchMock.mockResolvedValueOnce(json(400, { error: { code: 'PAIRING_CODE_INVALID', message: '配对码无效或已过期' } }))
    await expect(transport.pair('AAAA-BBBB')).rejects.toMatchObject({ code: 'PAIRING_CODE_INVALID' })
    fetchMock.mockResolvedValueOnce(json(200, { actor: { role: 'anonymous' }, terminal: null }))
    await expect(transport.terminal()).resolves.toBeNull()
  })

  it('a stream refused because the terminal was revoked stops reconnecting and says so', async () => {
    fetchMock.mockImplementation(async (url: string) =>
      url.endsWith('/me') ? json(401, { error: { code: 'TERMINAL_NOT_PAIRED', message: '' } }) : json(200, { ok: true }),
    )
    const refused: string[] = []
    transport.open({ message: () => undefined, status: () => undefined, refused: (code) => refused.push(code) }, () => 3)
    await vi.advanceTimersByTimeAsync(0)
    FakeSocket.made[0]!.drop()
    await vi.advanceTimersByTimeAsync(30_000)
    expect(refused).toEqual(['TERMINAL_NOT_PAIRED'])
    expect(FakeSocket.made).toHaveLength(1)
  })

  it('a stream refused while the terminal is still paired is tried again', async () => {
    fetchMock.mockImplementation(async (url: string) => (url.endsWith('/me') ? json(200, { actor: {}, terminal: null }) : json(200, { ok: true })))
    const refused: string[] = []
    transport.open({ message: () => undefined, status: () => undefined, refused: (code) => refused.push(code) }, () => 3)
    await vi.advanceTimersByTimeAsync(0)
    FakeSocket.made[0]!.drop()
    await vi.advanceTimersByTimeAsync(backoffMs(1, () => 0.5))
    expect(FakeSocket.made).toHaveLength(2)
    expect(refused).toEqual([])
  })
})

describe('backoff', () => {
  it('doubles from half a second up to ten seconds', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((a) => backoffMs(a, () => 0.5))).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000])
  })
})

describe('HTTP transport: one stream at a time', () => {
  it('a resync while connecting, or a retry after it, never leaves two sockets open', async () => {
    let answer: (r: Response) => void = () => undefined
    fetchMock.mockImplementation(() => new Promise<Response>((r) => (answer = r)))
    transport.open({ message: () => undefined, status: () => undefined }, () => 3)
    const first = answer
    transport.resync()
    const second = answer
    second(json(200, { ok: true }))
    await vi.advanceTimersByTimeAsync(0)
    first(json(200, { ok: true }))
    await vi.advanceTimersByTimeAsync(0)
    expect(FakeSocket.made).toHaveLength(1)

    // Dropped; a resync comes before the retry is due: the retry does not open another one.
    FakeSocket.made[0]!.accept()
    FakeSocket.made[0]!.drop()
    fetchMock.mockImplementation(async () => json(200, { ok: true }))
    transport.resync()
    await vi.advanceTimersByTimeAsync(20_000)
    expect(FakeSocket.made).toHaveLength(2)
    expect(FakeSocket.made.filter((s) => s.readyState !== 3)).toHaveLength(1)
  })
})

describe('HTTP transport: reports', () => {
  it('reads with GET and the token, the query string built from the arguments', async () => {
    fetchMock.mockResolvedValueOnce(json(200, { from: '2026-11-01', to: '2026-11-30' }))
    await expect(transport.read('reportSummary', { from: '2026-11-01', to: '2026-11-30' }, { token: 'mtok' })).resolves.toEqual({ from: '2026-11-01', to: '2026-11-30' })
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('http://hub:8080/api/v1/reports/summary?from=2026-11-01&to=2026-11-30')
    expect(init.method).toBeUndefined()
    expect(init.headers).toMatchObject({ authorization: 'Bearer mtok', 'x-hallq-terminal': 'counter-3', 'accept-language': 'zh-CN' })
    fetchMock.mockResolvedValueOnce(json(200, {}))
    await transport.read('reportAssessment', { day: '2026-11-28' }, { token: 'mtok' })
    expect(fetchMock.mock.calls[1]![0]).toBe('http://hub:8080/api/v1/reports/days/2026-11-28/assessment')
    fetchMock.mockResolvedValueOnce(json(200, {}))
    await transport.read('exportJob', { id: 'ab12' }, { token: 'mtok' })
    expect(fetchMock.mock.calls[2]![0]).toBe('http://hub:8080/api/v1/reports/exports/ab12')
  })

  it('answers refusals as HallErrors and a lost hub as OFFLINE', async () => {
    fetchMock.mockResolvedValueOnce(json(403, { error: { code: 'FORBIDDEN', message: '没有权限' } }))
    await expect(transport.read('reportDays', {}, { token: 'ctok' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    await expect(transport.read('reportDays', {}, { token: 'ctok' })).rejects.toMatchObject({ code: 'OFFLINE' })
  })

  it('starts an export with a POST and links to its file', async () => {
    fetchMock.mockResolvedValueOnce(json(202, { id: 'ab12', state: 'running' }))
    const request = { format: 'xlsx' as const, from: '2026-11-28', to: '2026-11-28' }
    await expect(transport.startExport(request, { token: 'mtok' })).resolves.toEqual({ id: 'ab12', state: 'running' })
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('http://hub:8080/api/v1/reports/exports')
    expect(init.method).toBe('POST')
    expect(JSON.parse(init.body)).toEqual(request)
    expect(init.headers).toMatchObject({ authorization: 'Bearer mtok', 'content-type': 'application/json' })
    expect(transport.exportFileUrl({ id: 'ab12' } as never)).toBe('http://hub:8080/api/v1/reports/exports/ab12/file')
  })

  it('downloads with a plain link, and prints with the browser’s dialog', async () => {
    const clicked: { href: string; download: string }[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download })
    })
    const before = window.print
    const print = vi.fn()
    window.print = print
    try {
      expect(await transport.saveExport({ id: 'ab12', fileName: '营业报表_2026-11-28.xlsx' } as never)).toBeNull()
      expect(clicked).toEqual([{ href: 'http://hub:8080/api/v1/reports/exports/ab12/file', download: '营业报表_2026-11-28.xlsx' }])
      expect(document.querySelector('a[download]')).toBeNull()
      expect(await transport.printPage('日终考核.pdf')).toBeNull()
      expect(print).toHaveBeenCalledTimes(1)
    } finally {
      click.mockRestore()
      window.print = before
    }
  })
})
