/**
 * Personal data by design (PIPL): tickets carry none by default; where a hall collects phone
 * numbers they are sealed at once, shown masked, revealed only to a manager (audited), and
 * deleted after the retention period. Nowhere on disk is a number in clear.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startHallApp } from '../../src/main/app'
import { ContactCipher, maskPhone } from '../../src/main/security/contact-cipher'
import { AppError } from '../../src/shared/errors'
import { clerkAtCounter, openHall, tempDir, type Fixture } from '../support/hall-fixture'

const cleanup: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c()
})
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? e.code : String(e)))

async function collectingHall(): Promise<Fixture> {
  const d = tempDir()
  const f = await openHall({ file: join(d.dir, 'hallq.db') })
  cleanup.push(d.remove, () => f.close())
  await f.run('updateSettings', { patch: { privacy: { collectPhone: true } } }, f.adminToken)
  return f
}

describe('masking and sealing', () => {
  it('masks mobiles and landlines', () => {
    expect(maskPhone('13812341234')).toBe('138****1234')
    expect(maskPhone('010-87654321')).toBe('010-****4321')
    expect(maskPhone('0755-12345678')).toBe('0755-****5678')
  })

  it('a sealed number opens only with its key and its own contact id', () => {
    const a = new ContactCipher(Buffer.alloc(32, 1))
    const sealed = a.encrypt('13812341234', 7)
    expect(sealed.toString('latin1')).not.toContain('13812341234')
    expect(a.decrypt(sealed, 7)).toBe('13812341234')
    expect(() => a.decrypt(sealed, 8)).toThrow()
    expect(() => new ContactCipher(Buffer.alloc(32, 2)).decrypt(sealed, 7)).toThrow()
    expect(a.encrypt('13812341234', 7).equals(sealed)).toBe(false)
  })
})

describe('phone numbers in the hall', () => {
  it('are refused unless the hall collects them', async () => {
    const f = await openHall()
    cleanup.push(() => f.close())
    expect(await codeOf(f.run('issueTicket', { serviceId: 'MOBILE', callbackPhone: '13812341234' }))).toBe('PHONE_NOT_COLLECTED')
    expect(Object.keys(f.hall.state.tickets)).toHaveLength(0)
    expect(await codeOf(f.run('issueTicket', { serviceId: 'MOBILE', callbackPhone: '12345' }))).toBe('VALIDATION_FAILED')
  })

  it('are masked everywhere staff look, and never in the log', async () => {
    const f = await collectingHall()
    const { ticket } = await f.run('issueTicket', { serviceId: 'MOBILE', callbackPhone: '139 0000 1111' })
    expect(ticket.contact).toEqual({ id: 1, masked: '139****1111' })
    const t1 = await clerkAtCounter(f, 'c1', 1)
    await f.run('callNext', { counterId: 1 }, t1)
    await f.run('startService', { counterId: 1 }, t1)
    const { record } = await f.run('finishService', { counterId: 1, complaint: { category: 'product', summary: '扣费有误', followUp: 'open', phone: '010-66668888' } }, t1)
    expect(record.complaint!.contact).toEqual({ id: 2, masked: '010-****8888' })
    const everything = JSON.stringify([f.hall.state, f.store.logAfter(0, 1000), f.db.prepare('SELECT * FROM event_log').all(), f.db.prepare('SELECT * FROM tickets').all(), f.db.prepare('SELECT * FROM service_records').all()])
    for (const clear of ['13900001111', '139 0000 1111', '66668888']) expect(everything).not.toContain(clear)
    // Restart: masked contacts come back from the store as they were.
    const g = await f.reopen()
    cleanup.push(() => g.close())
    expect(g.hall.state.tickets[ticket.id]!.contact).toEqual({ id: 1, masked: '139****1111' })
  })

  it('only a manager reveals a number, and the reveal is audited', async () => {
    const f = await collectingHall()
    const { ticket } = await f.run('issueTicket', { serviceId: 'MOBILE', callbackPhone: '13900001111' })
    const clerk = await f.clerk('c1')
    expect(await codeOf(f.run('revealContact', { contactId: ticket.contact!.id }, clerk))).toBe('FORBIDDEN')
    const manager = await f.clerk('m1', 'manager')
    expect(await f.run('revealContact', { contactId: ticket.contact!.id }, manager)).toEqual({ contactId: 1, phone: '13900001111' })
    expect(await codeOf(f.run('revealContact', { contactId: 99 }, manager))).toBe('UNKNOWN_CONTACT')
    const reveal = f.store.logAfter(0, 1000).filter((l) => l.command === 'revealContact')
    expect(reveal).toHaveLength(1)
    expect(reveal[0]!.actor.role).toBe('manager')
    expect(JSON.stringify(f.db.prepare("SELECT * FROM event_log WHERE command = 'revealContact'").all())).not.toContain('13900001111')
  })

  it('are deleted after the retention period; the masked form stays', async () => {
    const f = await collectingHall()
    const manager = await f.clerk('m1', 'manager')
    const { ticket } = await f.run('issueTicket', { serviceId: 'MOBILE', callbackPhone: '13900001111' })
    expect(f.hall.purgeExpiredContacts()).toBe(0)
    f.clock.minutes(29 * 24 * 60)
    expect(f.hall.purgeExpiredContacts()).toBe(0)
    f.clock.minutes(2 * 24 * 60)
    expect(f.hall.purgeExpiredContacts()).toBe(1)
    expect(await codeOf(f.run('revealContact', { contactId: ticket.contact!.id }, await f.login('m1', '1234')))).toBe('CONTACT_PURGED')
    expect(f.db.prepare('SELECT masked, ciphertext FROM contacts').get()).toEqual({ masked: '139****1111', ciphertext: null })
    expect(f.store.logAfter(0, 10_000).filter((l) => l.command === 'purgeContacts')).toHaveLength(1)
    expect(manager).toBeTruthy()
  })
})

describe('nothing on disk in clear', () => {
  it('no phone number in the database file, its WAL, the backups or the logs', async () => {
    const d = tempDir()
    cleanup.push(d.remove)
    const app = await startHallApp({ dataDir: d.dir, port: 0, host: '127.0.0.1', version: 't', adminPin: '1357' })
    let closed = false
    cleanup.push(() => (closed ? undefined : app.close()))
    const inject = (name: string, payload: unknown, token?: string) =>
      app.server.inject({ method: 'POST', url: `/api/v1/commands/${name}`, payload: payload as object, headers: token ? { authorization: `Bearer ${token}` } : {} })
    const admin = (await inject('login', { staffCode: 'admin', pin: '1357' })).json().token
    await inject('updateSettings', { patch: { privacy: { collectPhone: true } } }, admin)
    await inject('saveClerk', { staffCode: 'c1', name: 'c1', role: 'clerk', active: true, pin: '2468' }, admin)
    const clerk = (await inject('login', { staffCode: 'c1', pin: '2468' })).json().token
    await inject('openCounter', { counterId: 1 }, clerk)
    const phones = ['13811112222', '15933334444', '18655556666', '17777778888']
    for (const p of phones) expect((await inject('issueTicket', { serviceId: 'MOBILE', callbackPhone: p })).statusCode).toBe(200)
    for (const p of ['13500009999', '0755-23456789']) {
      await inject('callNext', { counterId: 1 }, clerk)
      await inject('startService', { counterId: 1 }, clerk)
      expect((await inject('finishService', { counterId: 1, complaint: { category: 'service', summary: '回访', followUp: 'open', phone: p } }, clerk)).statusCode).toBe(200)
    }
    // Complaint text is sealed with the same key: the summary, a step's remark, the solution, the customer's words.
    await inject('callNext', { counterId: 1 }, clerk)
    await inject('startService', { counterId: 1 }, clerk)
    const finished = await inject('finishService', { counterId: 1, complaint: { category: 'service', summary: '柜员泄露客户资料ZXQ1' } }, clerk)
    const caseId = finished.json().record.complaint.caseId as number
    expect((await inject('updateComplaint', { id: caseId, status: 'handling', remark: '联系客户核实ZXQ2' }, admin)).statusCode).toBe(200)
    expect((await inject('updateComplaint', { id: caseId, status: 'callback', solution: '书面道歉并赔偿ZXQ3' }, admin)).statusCode).toBe(200)
    expect((await inject('closeComplaint', { id: caseId, confirmation: 'satisfied', confirmationNote: '客户表示满意ZXQ4' }, admin)).statusCode).toBe(200)
    const detail = await app.server.inject({ method: 'GET', url: `/api/v1/complaints/${caseId}`, headers: { authorization: `Bearer ${admin}` } })
    expect(detail.json()).toMatchObject({ summary: '柜员泄露客户资料ZXQ1', solution: '书面道歉并赔偿ZXQ3', confirmationNote: '客户表示满意ZXQ4' })
    // Bad input that carries a number must not leak it either (error details, logs).
    await inject('issueTicket', { serviceId: 'NOPE', callbackPhone: '13122223333' })
    await inject('revealContact', { contactId: 1 }, admin)
    expect((await app.server.inject({ method: 'POST', url: '/api/v1/backups', headers: { authorization: `Bearer ${admin}` } })).statusCode).toBe(200)
    // The WAL is still there while the hall runs: read it before closing.
    const files: string[] = []
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name)
        if (statSync(p).isDirectory()) walk(p)
        else files.push(p)
      }
    }
    walk(d.dir)
    expect(files.some((f) => f.endsWith('hallq.db-wal'))).toBe(true)
    const whileRunning = files.map((f) => [f, readFileSync(f)] as const)
    await app.close()
    closed = true
    files.length = 0
    walk(d.dir)
    expect(files.some((f) => f.includes('backups'))).toBe(true)
    expect(files.some((f) => f.endsWith('hallq.log'))).toBe(true)
    for (const [file, bytes] of [...whileRunning, ...files.map((f) => [f, readFileSync(f)] as const)]) {
      const text = bytes.toString('latin1')
      for (const p of [...phones, '13500009999', '23456789', '13122223333']) expect(text.includes(p), `${p} in ${file}`).toBe(false)
      const utf8 = bytes.toString('utf8')
      for (const t of ['ZXQ1', 'ZXQ2', 'ZXQ3', 'ZXQ4', '泄露客户资料', '联系客户核实', '书面道歉', '客户表示满意']) expect(utf8.includes(t), `${t} in ${file}`).toBe(false)
    }
  })
})
