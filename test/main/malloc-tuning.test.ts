import { describe, expect, it } from 'vitest'
import { TUNED_MALLOC_ENV, tunedMallocExec, type ProcessFacts } from '../../src/main/malloc-tuning'

const facts = (patch: Partial<ProcessFacts> = {}): ProcessFacts => ({
  platform: 'linux',
  env: { PATH: '/usr/bin', HALLQ_LOG_LEVEL: 'info' },
  execPath: '/opt/node/bin/node',
  execArgv: ['--import', 'tsx'],
  argv: ['/opt/node/bin/node', '/srv/hallq/src/main/hub.ts', '--data', '/srv/hall', '--port', '8080'],
  canExecve: true,
  ...patch,
})

describe('the hub restarting itself with a fixed malloc threshold', () => {
  it('on Linux: the same program, flags and arguments, the environment kept and the threshold added', () => {
    expect(tunedMallocExec(facts())).toEqual({
      file: '/opt/node/bin/node',
      args: ['/opt/node/bin/node', '--import', 'tsx', '/srv/hallq/src/main/hub.ts', '--data', '/srv/hall', '--port', '8080'],
      env: { PATH: '/usr/bin', HALLQ_LOG_LEVEL: 'info', MALLOC_MMAP_THRESHOLD_: '131072' },
    })
    expect(TUNED_MALLOC_ENV.MALLOC_MMAP_THRESHOLD_).toBe('131072')
  })

  it('only once: after the restart the variable is set and it goes on', () => {
    const once = tunedMallocExec(facts())!
    expect(tunedMallocExec(facts({ env: once.env }))).toBeNull()
  })

  it('leaves a threshold someone chose, glibc defaults on request, other systems and old Node alone', () => {
    expect(tunedMallocExec(facts({ env: { MALLOC_MMAP_THRESHOLD_: '65536' } }))).toBeNull()
    expect(tunedMallocExec(facts({ env: { HALLQ_MALLOC: 'default' } }))).toBeNull()
    expect(tunedMallocExec(facts({ platform: 'win32' }))).toBeNull()
    expect(tunedMallocExec(facts({ platform: 'darwin' }))).toBeNull()
    expect(tunedMallocExec(facts({ canExecve: false }))).toBeNull()
  })
})
