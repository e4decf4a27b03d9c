/**
 * Preloaded into a hub (NODE_OPTIONS=--import=…) by test/e2e/hub-idle.test.ts: appends the URL of
 * every module the process loads to the file named by HALLQ_TEST_MODULE_LOG, one a line.
 */
import { appendFileSync } from 'node:fs'
import { registerHooks } from 'node:module'

const file = process.env.HALLQ_TEST_MODULE_LOG
if (file) {
  registerHooks({
    load(url, context, nextLoad) {
      appendFileSync(file, `${url}\n`)
      return nextLoad(url, context)
    },
  })
}
