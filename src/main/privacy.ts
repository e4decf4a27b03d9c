/**
 * Personal data housekeeping: phone numbers past the retention period are deleted every hour
 * (and at start), whatever the hall is doing.
 */
import type { ExtensionFactory } from './app'

const PURGE_EVERY_MS = 60 * 60_000

export const privacyExtension: ExtensionFactory = ({ hall, logger }) => {
  const purge = () => {
    try {
      const purged = hall.purgeExpiredContacts()
      if (purged > 0) logger.info({ purged }, 'phone numbers past their retention period deleted')
    } catch (err) {
      logger.error({ err }, 'deleting expired phone numbers failed; will retry within the hour')
    }
  }
  purge()
  const timer = setInterval(purge, PURGE_EVERY_MS)
  timer.unref()
  return { close: () => clearInterval(timer) }
}
