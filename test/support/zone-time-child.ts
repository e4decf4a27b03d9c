/**
 * Run by test/main/core/zone-time.test.ts in a process of its own (pinning sets the process's
 * TZ): for one zone, every given instant's offset, local time, business day and day start read
 * the Intl way, then the same with the process pinned to the zone. Prints both as JSON.
 *   node --import tsx test/support/zone-time-child.ts ZONE '<json instants>' '<json days>'
 */
import { businessDayOf, localHhmm, localTime, startOfBusinessDay } from '../../src/main/core/business-time'
import { localHourIn, wallClockIn } from '../../src/main/reports/local-hour'
import { hhmmIn } from '../../src/shared/issuing'
import { pinProcessTimeZone } from '../../src/main/process-time-zone'
import { pinnedTimeZone, zoneOffsetMs } from '../../src/shared/zone-time'

const [zone, instantsJson, daysJson] = process.argv.slice(2) as [string, string, string]
const instants = JSON.parse(instantsJson) as number[]
const days = JSON.parse(daysJson) as string[]

function read() {
  const hour = localHourIn(zone)
  const wall = wallClockIn(zone)
  return {
    pinned: pinnedTimeZone(),
    at: instants.map((at) => ({
      at,
      offset: zoneOffsetMs(at, zone),
      local: localTime(at, zone),
      hhmm: localHhmm(at, zone),
      shared: hhmmIn(at, zone),
      hour: hour(at),
      wall: wall(at),
      day: businessDayOf(at, zone, 4),
    })),
    starts: days.map((d) => [startOfBusinessDay(d, zone, 4), startOfBusinessDay(d, zone, 2)]),
  }
}

const viaIntl = read()
const pinnedNow = pinProcessTimeZone(zone)
process.stdout.write(JSON.stringify({ pinnedNow, viaIntl, viaDate: read() }))
