import { describe, expect, it, vi } from 'vitest'
import { HUB_V8_FLAGS, TUNED_MALLOC_ENV, electronTunedStart, restartTuned, tunedExec, type ProcessFacts } from '../../src/main/process-tuning'

const facts = (patch: Partial<ProcessFacts> = {}): ProcessFacts => ({
  platform: 'linux',
  env: { PATH: '/usr/bin', HALLQ_LOG_LEVEL: 'info' },
  execPath: '/opt/node/bin/node',
  execArgv: ['--import', 'tsx'],
  argv: ['/opt/node/bin/node', '/srv/hallq/src/main/hub.ts', '--data', '/srv/hall', '--port', '8080'],
  canExecve: true,
  ...patch,
})

describe('the hub restarting itself tuned', () => {
  it('on Linux: the same program and arguments, the V8 flag first, the environment kept and the threshold added', () => {
    expect(tunedExec(facts())).toEqual({
      file: '/opt/node/bin/node',
      args: ['/opt/node/bin/node', '--max-semi-space-size=2', '--optimize-for-size', '--import', 'tsx', '/srv/hallq/src/main/hub.ts', '--data', '/srv/hall', '--port', '8080'],
      env: { PATH: '/usr/bin', HALLQ_LOG_LEVEL: 'info', MALLOC_MMAP_THRESHOLD_: '131072' },
    })
    expect(TUNED_MALLOC_ENV.MALLOC_MMAP_THRESHOLD_).toBe('131072')
    expect(HUB_V8_FLAGS).toEqual(['--max-semi-space-size=2', '--optimize-for-size'])
  })

  it('only once: after the restart nothing is missing and it goes on', () => {
    const once = tunedExec(facts())!
    expect(tunedExec(facts({ env: once.env, execArgv: once.args.slice(1, -5) }))).toBeNull()
  })

  it('adds only what is missing, and keeps what someone chose', () => {
    // npm run hub passes the V8 flags itself: only the environment is added.
    const viaNpm = tunedExec(facts({ execArgv: ['--max-semi-space-size=2', '--optimize-for-size', '--import', 'tsx'] }))!
    expect(viaNpm.args.slice(1, 5)).toEqual(['--max-semi-space-size=2', '--optimize-for-size', '--import', 'tsx'])
    expect(viaNpm.env.MALLOC_MMAP_THRESHOLD_).toBe('131072')
    // An older command line without the second flag: only it is added.
    const older = tunedExec(facts({ env: { MALLOC_MMAP_THRESHOLD_: '131072' }, execArgv: ['--max-semi-space-size=2'] }))!
    expect(older.args.slice(1, 3)).toEqual(['--optimize-for-size', '--max-semi-space-size=2'])
    const chosen = tunedExec(facts({ env: { MALLOC_MMAP_THRESHOLD_: '65536' }, execArgv: ['--max-semi-space-size=8', '--no-optimize-for-size'] }))
    expect(chosen).toBeNull()
    const ownThreshold = tunedExec(facts({ env: { MALLOC_MMAP_THRESHOLD_: '65536' } }))!
    expect(ownThreshold.env.MALLOC_MMAP_THRESHOLD_).toBe('65536')
  })

  it('leaves the process alone with HALLQ_TUNING=off, on other systems, and without execve', () => {
    expect(tunedExec(facts({ env: { HALLQ_TUNING: 'off' } }))).toBeNull()
    expect(tunedExec(facts({ platform: 'win32' }))).toBeNull()
    expect(tunedExec(facts({ platform: 'darwin' }))).toBeNull()
    expect(tunedExec(facts({ canExecve: false }))).toBeNull()
  })

  it.runIf(process.platform === 'linux')('this process: execs itself with the tuning, or, if it cannot, warns and goes on', () => {
    const saved = { threshold: process.env.MALLOC_MMAP_THRESHOLD_, tuning: process.env.HALLQ_TUNING }
    delete process.env.MALLOC_MMAP_THRESHOLD_
    delete process.env.HALLQ_TUNING
    // Never the real one: it would replace the test runner.
    const execve = vi.spyOn(process, 'execve').mockImplementation((() => undefined) as never)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    try {
      restartTuned()
      expect(execve).toHaveBeenCalledTimes(1)
      const [file, args, env] = execve.mock.calls[0]!
      expect(file).toBe(process.execPath)
      expect(args).toEqual(expect.arrayContaining([...process.argv.slice(1)]))
      expect(env).toMatchObject(TUNED_MALLOC_ENV)
      execve.mockImplementationOnce(() => {
        throw new Error('EACCES')
      })
      expect(() => restartTuned()).not.toThrow()
      expect(warn.mock.calls[0]![0]).toContain('could not restart with tuned memory settings (EACCES)')
    } finally {
      execve.mockRestore()
      warn.mockRestore()
      if (saved.threshold !== undefined) process.env.MALLOC_MMAP_THRESHOLD_ = saved.threshold
      if (saved.tuning !== undefined) process.env.HALLQ_TUNING = saved.tuning
    }
  })
})

describe('the desktop app restarting itself tuned', () => {
  const electron = (patch: Partial<ProcessFacts & { packaged: boolean }> = {}) => ({
    ...facts({ execPath: '/opt/hallq/hallq', execArgv: [], argv: ['/opt/hallq/hallq', '--some-switch'] }),
    packaged: true,
    ...patch,
  })

  it('on Linux: in place, with the V8 flag as Chromium passes it to the main process and the threshold', () => {
    expect(electronTunedStart(electron())).toEqual({
      kind: 'execve',
      file: '/opt/hallq/hallq',
      args: ['/opt/hallq/hallq', '--js-flags=--max-semi-space-size=2 --optimize-for-size', '--some-switch'],
      env: { PATH: '/usr/bin', HALLQ_LOG_LEVEL: 'info', MALLOC_MMAP_THRESHOLD_: '131072' },
    })
  })

  it('only once, and not with HALLQ_TUNING=off', () => {
    const once = electronTunedStart(electron())
    if (once?.kind !== 'execve') throw new Error('expected execve')
    expect(electronTunedStart(electron({ env: once.env, argv: once.args }))).toBeNull()
    expect(electronTunedStart(electron({ env: { HALLQ_TUNING: 'off' } }))).toBeNull()
  })

  it('on Windows: a relaunch with the flag, in the packaged app only', () => {
    const win = electron({ platform: 'win32', canExecve: false, execPath: 'C:\\HallQ\\HallQ.exe', argv: ['C:\\HallQ\\HallQ.exe'] })
    expect(electronTunedStart(win)).toEqual({ kind: 'relaunch', args: ['--js-flags=--max-semi-space-size=2 --optimize-for-size'] })
    expect(electronTunedStart({ ...win, argv: ['C:\\HallQ\\HallQ.exe', '--js-flags=--max-semi-space-size=2'] })).toBeNull()
    expect(electronTunedStart({ ...win, packaged: false })).toBeNull()
  })
})
