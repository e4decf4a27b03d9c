import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'main',
          environment: 'node',
          // better-sqlite3 and serialport are native: run them in child processes, not threads.
          pool: 'forks',
          include: ['test/main/**/*.test.ts', 'test/shared/**/*.test.ts', 'test/preload/**/*.test.ts'],
          // Property tests and PTY tests run several seconds on a busy two-core machine; a
          // timeout is a hang detector here, not a speed target (those are in bench/).
          testTimeout: 60_000,
        },
      },
      {
        plugins: [vue()],
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['test/renderer/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          pool: 'forks',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // End-to-end suites start hubs and browsers: one file at a time on a two-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
})
