import { describe, expect, it } from 'vitest'
import { ARGV_PIN_WARNING, resolveAdminPin } from '../../src/main/admin-pin'

function sources(over: Partial<Parameters<typeof resolveAdminPin>[0]> & { answers?: string[] } = {}) {
  const warnings: string[] = []
  const questions: string[] = []
  const answers = [...(over.answers ?? [])]
  return {
    warnings,
    questions,
    s: {
      env: {},
      newHall: true,
      ask: async (q: string) => {
        questions.push(q)
        return answers.shift() ?? ''
      },
      warn: (t: string) => void warnings.push(t),
      ...over,
    },
  }
}

describe("the first administrator's PIN", () => {
  it('--admin-pin still works, with a warning that ps shows it', async () => {
    const { s, warnings, questions } = sources({ argv: '2468', env: { HALLQ_ADMIN_PIN: '1357' } })
    await expect(resolveAdminPin(s)).resolves.toBe('2468')
    expect(warnings).toEqual([ARGV_PIN_WARNING])
    expect(questions).toEqual([])
  })

  it('comes from HALLQ_ADMIN_PIN without a question or a warning', async () => {
    const { s, warnings, questions } = sources({ env: { HALLQ_ADMIN_PIN: '135790' } })
    await expect(resolveAdminPin(s)).resolves.toBe('135790')
    expect(warnings).toEqual([])
    expect(questions).toEqual([])
  })

  it('refuses a PIN that is not 4 to 12 digits, from either place', async () => {
    await expect(resolveAdminPin(sources({ env: { HALLQ_ADMIN_PIN: '12ab' } }).s)).rejects.toThrow('HALLQ_ADMIN_PIN must be 4 to 12 digits')
    await expect(resolveAdminPin(sources({ argv: '12' }).s)).rejects.toThrow('--admin-pin must be 4 to 12 digits')
  })

  it('is asked on the terminal for a new hall, twice, and asked again when the two differ or it is not digits', async () => {
    const { s, warnings, questions } = sources({ answers: ['12', '4321', '4322', '4321', '4321'] })
    await expect(resolveAdminPin(s)).resolves.toBe('4321')
    expect(questions).toHaveLength(5)
    expect(warnings).toEqual(['The PIN must be 4 to 12 digits.', 'The two PINs differ.'])
  })

  it('is random (undefined) on an empty answer, without a terminal, or when the hall exists already', async () => {
    await expect(resolveAdminPin(sources({ answers: [''] }).s)).resolves.toBeUndefined()
    await expect(resolveAdminPin(sources({ ask: null }).s)).resolves.toBeUndefined()
    const existing = sources({ newHall: false, answers: ['9999', '9999'] })
    await expect(resolveAdminPin(existing.s)).resolves.toBeUndefined()
    expect(existing.questions).toEqual([])
  })
})
