/**
 * Encryption of personal contacts at rest: AES-256-GCM with a random nonce per value, the
 * contact's id as associated data (a ciphertext moved to another row does not decrypt), and a
 * key that never sits in the database (docs/decisions/010-personal-data.md).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

const NONCE = 12
const TAG = 16

export class ContactCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the contact key must be 32 bytes')
  }

  encrypt(plain: string, contactId: number): Buffer {
    const nonce = randomBytes(NONCE)
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce)
    cipher.setAAD(Buffer.from(`contact:${contactId}`))
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return Buffer.concat([nonce, cipher.getAuthTag(), body])
  }

  decrypt(sealed: Buffer, contactId: number): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, NONCE))
    decipher.setAAD(Buffer.from(`contact:${contactId}`))
    decipher.setAuthTag(sealed.subarray(NONCE, NONCE + TAG))
    return Buffer.concat([decipher.update(sealed.subarray(NONCE + TAG)), decipher.final()]).toString('utf8')
  }
}

/** 138****1234, 010-****5678: enough for staff to recognise, useless to anyone else. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '')
  if (phone.startsWith('1')) return `${digits.slice(0, 3)}****${digits.slice(-4)}`
  const area = phone.includes('-') ? phone.split('-')[0]! : digits.slice(0, digits.length > 11 ? 4 : 3)
  return `${area}-****${digits.slice(-4)}`
}

/** How the key file itself is protected: Electron's safeStorage on the desktop, nothing else headless. */
export interface KeyProtector {
  seal(key: Buffer): Buffer
  open(sealed: Buffer): Buffer
}

/**
 * The contact key, created on first use in DATA/keys/contacts.key with owner-only permissions.
 * Backups do not contain it: keep it with the hall's other secrets.
 */
export function loadContactKey(dataDir: string, protector?: KeyProtector): Buffer {
  const file = join(dataDir, 'keys', 'contacts.key')
  if (existsSync(file)) {
    const raw = readFileSync(file)
    return protector ? protector.open(raw) : raw
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  chmodSync(dirname(file), 0o700)
  const key = randomBytes(32)
  writeFileSync(file, protector ? protector.seal(key) : key, { mode: 0o600, flag: 'wx' })
  return key
}
