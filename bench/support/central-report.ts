/**
 * The centre's month report timed as the centre runs it (`npm run central`: its own process,
 * Node's default heap settings — not the hub's V8 flags the benchmarks run under): every hall,
 * once to warm, then timed; its CPU and the PostgreSQL server's during the timed one. Prints
 * one line of JSON.
 *
 *   node --import tsx bench/support/central-report.ts URL FROM TO PGDATA
 */
import { openPool } from '../../src/main/central/database'
import { loadHalls } from '../../src/main/central/reports'
import { rollupReport } from '../../src/main/central/rollup-report'
import { serverCpuSeconds } from '../../test/support/postgres'

const [url, from, to, data] = process.argv.slice(2) as [string, string, string, string]
const pool = openPool(url, { max: 10 })
const report = async () => rollupReport(pool, await loadHalls(pool), from, to, { region: null, hall: null }, { everyHall: true })
await report()
const serverBefore = serverCpuSeconds(data)
const clientBefore = process.cpuUsage()
const started = performance.now()
const r = await report()
const seconds = (performance.now() - started) / 1000
const used = process.cpuUsage(clientBefore)
const serverCpu = serverCpuSeconds(data) - serverBefore
await pool.end()
console.log(JSON.stringify({ seconds, clientCpu: (used.user + used.system) / 1e6, serverCpu, halls: r.halls.length, days: r.halls[0]?.days ?? 0 }))
