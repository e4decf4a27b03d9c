/**
 * The report page's three charts as ECharts options, built from the summary alone: arrivals
 * and average wait by hour, service level per service, satisfaction per clerk. Pure, so the
 * tests read the very numbers the charts draw. Only the chart and component types registered
 * in ReportChart.vue are used here.
 */
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts'
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components'
import type { ComposeOption } from 'echarts/core'
import type { ReportSummary } from '../../../../shared/reports'
import type { Locale, Messages } from '../../locales'
import { FONT_STACK } from '../../theme'
import { activeHours, serviceName } from './columns'
import { isFigure, type ReportFormat } from './format'

export type ReportChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>

const COLORS = {
  primary: '#0b5cad',
  wait: '#c96d0c',
  text: '#28313b',
  muted: '#4d5866',
  line: '#d5dbe3',
  // 非常满意, 满意, 一般, 不满意
  scores: ['#17784a', '#7cb98f', '#e0a43a', '#c0342b'],
}

const base = {
  animation: false,
  textStyle: { fontFamily: FONT_STACK, fontSize: 14, color: COLORS.text },
  tooltip: { trigger: 'axis' as const, textStyle: { fontFamily: FONT_STACK } },
}

const pad = (n: number) => String(n).padStart(2, '0')

/** Bars of tickets taken per hour, a line of the average wait (minutes) on a second axis. */
export function hourlyChart(s: ReportSummary, m: Messages, f: ReportFormat): ReportChartOption | null {
  const hours = activeHours(s.hall.byHour)
  if (hours.length === 0) return null
  const c = m.reports.charts
  return {
    ...base,
    color: [COLORS.primary, COLORS.wait],
    legend: { top: 0, textStyle: { fontSize: 14 } },
    grid: { left: 48, right: 56, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: hours.map((h) => `${pad(h.hour)}:00`), axisLabel: { color: COLORS.muted } },
    yAxis: [
      { type: 'value', name: c.people, minInterval: 1, splitLine: { lineStyle: { color: COLORS.line } } },
      { type: 'value', name: c.minutes, splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: c.arrivals, data: hours.map((h) => h.arrivals), barMaxWidth: 36 },
      {
        type: 'line',
        name: c.avgWaitMin,
        yAxisIndex: 1,
        data: hours.map((h) => f.minutes(h.avgWaitMs)),
        connectNulls: false,
        symbolSize: 8,
        lineStyle: { width: 3 },
      },
    ],
  }
}

/**
 * One bar per service that had customers: the share called within its target wait. Bars run
 * sideways so that service names stay whole; a service nobody was called for says "—".
 */
export function serviceLevelChart(s: ReportSummary, m: Messages, locale: Locale): ReportChartOption | null {
  const services = s.services.filter((x) => x.tickets.issued > 0 || x.wait.count > 0)
  if (services.length === 0) return null
  const rows = [...services].reverse()
  const level = (x: (typeof rows)[number]) => (isFigure(x.wait.serviceLevel) ? Math.round(x.wait.serviceLevel * 1000) / 10 : null)
  return {
    ...base,
    color: [COLORS.primary],
    grid: { left: 8, right: 56, top: 12, bottom: 24, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, interval: 25, axisLabel: { formatter: '{value}%', hideOverlap: true }, splitLine: { lineStyle: { color: COLORS.line } } },
    // Long names (English) are cut short rather than squeezing the bars.
    yAxis: { type: 'category', data: rows.map((x) => serviceName(x, locale)), axisLabel: { color: COLORS.text, fontSize: 14, width: 130, overflow: 'truncate' } },
    tooltip: { ...base.tooltip, valueFormatter: (v) => (typeof v === 'number' ? `${v}%` : '—') },
    series: [
      {
        type: 'bar',
        name: m.reports.charts.serviceLevel,
        barMaxWidth: 26,
        // Nothing to measure is not 0%: no bar, and "—" where its end would be.
        data: rows.map((x) => {
          const v = level(x)
          return v === null ? { value: 0, itemStyle: { opacity: 0 }, label: { formatter: '—' }, tooltip: { show: false } } : v
        }),
        label: { show: true, position: 'right', fontSize: 14, color: COLORS.text, formatter: (p) => `${String(p.value)}%` },
      },
    ],
  }
}

/** Per clerk, the ratings stacked by score; the axis says each clerk's share 满意 + 非常满意. */
export function satisfactionChart(s: ReportSummary, m: Messages, f: ReportFormat): ReportChartOption | null {
  if (s.clerks.length === 0) return null
  // Every clerk of the day, those without ratings too ("—"); top to bottom in the table's
  // order (a horizontal category axis runs bottom-up).
  const rows = [...s.clerks].reverse()
  const scores = [4, 3, 2, 1] as const
  return {
    ...base,
    color: COLORS.scores,
    legend: { top: 0, itemGap: 8, itemWidth: 18, textStyle: { fontSize: 13 } },
    grid: { left: 8, right: 24, top: 44, bottom: 24, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: COLORS.line } } },
    yAxis: { type: 'category', data: rows.map((c) => `${c.name}  ${f.percent(c.satisfaction.satisfiedShare)}`), axisLabel: { color: COLORS.text, fontSize: 14 } },
    series: scores.map((score) => ({
      type: 'bar' as const,
      name: m.rating[score],
      stack: 'ratings',
      barMaxWidth: 28,
      data: rows.map((c) => c.satisfaction.byScore[score - 1] ?? 0),
    })),
  }
}

/** Every label a chart draws, for the tests (no NaN, no raw milliseconds). */
export function chartTexts(option: ReportChartOption | null): string[] {
  if (!option) return []
  const texts: string[] = []
  const axes = [option.xAxis, option.yAxis].flat()
  for (const axis of axes) if (axis && 'data' in axis && Array.isArray(axis.data)) texts.push(...axis.data.map(String))
  for (const series of [option.series].flat()) {
    for (const v of (series?.data ?? []) as unknown[]) {
      if (v !== null && typeof v === 'object') texts.push(String((v as { label?: { formatter?: unknown } }).label?.formatter ?? (v as { value?: unknown }).value))
      else texts.push(v === null ? '—' : String(v))
    }
  }
  return texts
}
