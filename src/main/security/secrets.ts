/**
 * PINs are stored as scrypt hashes; session tokens are random and stored as SHA-256 hashes,
 * so a copied database file gives away neither.
 */
import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto'

const N = 16384
const R = 8
const P = 1
const KEY_LENGTH = 32

function scryptAsync(pin: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, KEY_LENGTH, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scryptAsync(pin, salt, N, R, P)
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`
}

/** A hash of a PIN nobody knows: compared against when the staff code is unknown, so both take as long. */
const decoy = hashPin(randomBytes(8).toString('hex'))

export async function verifyPin(pin: string, stored: string | null): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = (stored ?? (await decoy)).split('$')
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false
  const expected = Buffer.from(key, 'base64')
  const actual = await scryptAsync(pin, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p))
  return stored !== null && actual.length === expected.length && timingSafeEqual(actual, expected)
}

export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** The key of a ticket's phone link: 96 random bits, 16 characters in the QR. */
export function newPhoneKey(): string {
  return randomBytes(12).toString('base64url')
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Letters and digits that cannot be mistaken for one another when read aloud or typed. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** A one-time pairing code like K7MQ-2XPD (40 bits). */
export function newPairingCode(): string {
  const chars = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(0, CODE_ALPHABET.length)])
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`
}

/** A PIN for the first administrator when none was given: six random digits. */
export function randomPin(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0')
}
