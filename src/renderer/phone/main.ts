/**
 * The customer's phone page (/t/<day>/<number>?k=<key>): the ticket's place in line, live, and
 * the call full screen. Plain DOM, no framework: it must load fast over a busy guest Wi-Fi and
 * stay under 50 kB (scripts/page-weights.ts). Only this ticket's own view ever arrives here.
 */
import type { PhoneStreamMessage, PhoneTicketView } from '../../shared/phone'
import { PHONE_PATHS } from '../../shared/phone'
import { playChime } from '../src/voice/chime'
import { PHONE_TEXTS, type PhoneLocale, type PhoneTexts } from './texts'
import './phone.css'

const POLL_MS = 5_000
const RECONNECT_MS = 10_000

const root = document.getElementById('phone')!
const [, , day = '', number = ''] = location.pathname.split('/')
const key = new URLSearchParams(location.search).get('k') ?? ''

type Problem = 'invalid' | 'tooMany' | null

let locale: PhoneLocale = pickLocale()
let view: PhoneTicketView | null = null
let problem: Problem = null
let live = false
let alertsOn = false
let audio: AudioContext | null = null
/** The call the customer has dismissed (its call count), so the overlay does not come back. */
let dismissedCall = -1
let alertedCall = -1
let ratingError = false

function pickLocale(): PhoneLocale {
  const asked = new URLSearchParams(location.search).get('lang') ?? localStorage.getItem('hallq-phone-lang')
  return asked === 'en-US' ? 'en-US' : 'zh-CN'
}

const t = (): PhoneTexts => PHONE_TEXTS[locale]

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v)
  for (const c of children) if (c !== null) node.append(c)
  return node
}

function button(label: string, test: string, onClick: () => void, cls = ''): HTMLButtonElement {
  const b = el('button', { type: 'button', 'data-test': test, class: cls }, label)
  b.addEventListener('click', onClick)
  return b
}

function render(): void {
  const x = t()
  document.documentElement.lang = x.lang
  document.title = x.title
  const top = el('header', { class: 'top' }, el('span', { class: 'hall' }, view ? (locale === 'zh-CN' ? view.hallName.zh : view.hallName.en) : ''), button(x.other, 'lang', switchLocale, 'lang'))
  if (problem !== null || view === null) {
    root.replaceChildren(
      top,
      el('section', { class: 'card empty', 'data-test': 'phone-invalid' }, problem === null ? '' : el('h1', {}, problem === 'tooMany' ? x.tooMany : x.invalid), problem === 'invalid' ? el('p', {}, x.invalidHint) : null),
    )
    return
  }
  const v = view
  const service = locale === 'zh-CN' ? v.service.zh : v.service.en
  const counter = v.counter?.name ?? ''
  const card = el(
    'section',
    { class: `card state-${v.state}`, 'data-test': 'phone-ticket', 'data-state': v.state },
    el('p', { class: 'label' }, x.yourNumber),
    el('p', { class: 'number', 'data-test': 'phone-number' }, v.number),
    el('p', { class: 'service' }, service),
  )
  const status = el('div', { class: 'status', 'data-test': 'phone-status' })
  if (v.state === 'waiting') {
    status.append(
      el('p', { class: 'ahead', 'data-test': 'phone-ahead', 'data-ahead': String(v.ahead ?? 0) }, x.ahead(v.ahead ?? 0)),
      el('p', { class: 'estimate', 'data-test': 'phone-estimate' }, v.minutes === null ? x.noCounter : x.estimate(v.minutes)),
    )
  } else if (v.state === 'called') status.append(el('p', { class: 'call' }, x.goTo(counter)))
  else if (v.state === 'serving') status.append(el('p', {}, x.serving(counter)))
  else if (v.state === 'missed') status.append(el('p', { class: 'missed' }, x.missed))
  else if (v.state === 'done') status.append(el('p', { class: 'thanks', 'data-test': 'phone-thanks' }, x.thanks), ratingBlock(v, x) ?? '')
  else status.append(el('p', {}, x.closed))
  card.append(status)
  const rule = v.state === 'waiting' || v.state === 'called' || v.state === 'missed' ? el('p', { class: 'rule', 'data-test': 'phone-rule' }, v.missedCallRule === 'requeue' ? x.missedRule.requeue(v.requeuePlaces) : x.missedRule.reissue()) : null
  const alerts =
    v.state === 'waiting' || v.state === 'called'
      ? alertsOn
        ? el('p', { class: 'alerts on', 'data-test': 'phone-alerts' }, x.alertReady)
        : el('div', { class: 'alerts' }, button(x.alertOn, 'phone-alert-on', enableAlerts, 'primary'), el('p', { class: 'hint' }, x.alertOnHint))
      : null
  const foot = el('footer', { class: 'foot' }, el('span', { class: live ? 'dot live' : 'dot' }), live ? x.live : x.reconnecting)
  const overlay = v.state === 'called' && dismissedCall !== v.callCount ? callOverlay(v, x, counter) : null
  root.replaceChildren(top, card, rule ?? '', alerts ?? '', foot, overlay ?? '')
}

function callOverlay(v: PhoneTicketView, x: PhoneTexts, counter: string): HTMLElement {
  return el(
    'div',
    { class: 'overlay', role: 'alertdialog', 'data-test': 'phone-call' },
    el('p', { class: 'overlay-number' }, v.number),
    el('p', { class: 'overlay-counter', 'data-test': 'phone-call-counter' }, counter === '' ? x.called : x.goTo(counter)),
    v.callCount > 1 ? el('p', { class: 'overlay-again' }, x.callAgain(v.callCount)) : null,
    button(
      x.gotIt,
      'phone-call-ok',
      () => {
        dismissedCall = v.callCount
        render()
      },
      'light',
    ),
  )
}

function ratingBlock(v: PhoneTicketView, x: PhoneTexts): HTMLElement | null {
  if (v.rating === 'given') return el('p', { class: 'rated', 'data-test': 'phone-rated' }, x.rated)
  if (v.rating !== 'offered') return null
  const scores = el('div', { class: 'scores' })
  for (const s of [4, 3, 2, 1] as const) scores.append(button(x.scores[s], `phone-rate-${s}`, () => void rate(s), `score s${s}`))
  return el('div', { class: 'rating', 'data-test': 'phone-rating' }, el('p', {}, x.rateAsk), scores, ratingError ? el('p', { class: 'error' }, x.failed) : null)
}

function switchLocale(): void {
  locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN'
  localStorage.setItem('hallq-phone-lang', locale)
  render()
}

/** Sound needs a tap first on phones: the customer's tap on 开启提醒 unlocks it. */
function enableAlerts(): void {
  alertsOn = true
  try {
    audio = new AudioContext()
    void audio.resume()
  } catch {
    audio = null
  }
  navigator.vibrate?.(60)
  render()
}

/** 叮咚: the hall's own two tones, louder than in the hall (a phone's speaker is small). */
function chime(): void {
  if (audio) playChime(audio, 0.5)
}

function show(next: PhoneTicketView): void {
  const wasCalled = view?.state === 'called' ? view.callCount : -1
  view = next
  problem = null
  // Each call (and each recall) alerts once.
  if (next.state === 'called' && next.callCount !== wasCalled && alertedCall !== next.callCount) {
    alertedCall = next.callCount
    dismissedCall = -1
    // Phones allow vibration only after the customer has touched the page.
    if (navigator.userActivation?.hasBeenActive ?? true) navigator.vibrate?.([400, 200, 400, 200, 400])
    if (alertsOn) chime()
  }
  render()
}

const query = `?k=${encodeURIComponent(key)}`

async function fetchView(): Promise<void> {
  try {
    const res = await fetch(PHONE_PATHS.ticket(day, number) + query, { cache: 'no-store' })
    if (res.ok) return show((await res.json()) as PhoneTicketView)
    if (res.status === 404) problem = 'invalid'
    else if (res.status === 429) problem = 'tooMany'
    if (problem !== null) {
      view = null
      render()
    }
  } catch {
    // Off the Wi-Fi for a moment: the next poll tries again.
  }
}

async function rate(score: 1 | 2 | 3 | 4): Promise<void> {
  try {
    const res = await fetch(PHONE_PATHS.rating(day, number) + query, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ score }) })
    ratingError = !res.ok
    if (res.ok) return show((await res.json()) as PhoneTicketView)
  } catch {
    ratingError = true
  }
  render()
}

let poll: ReturnType<typeof setInterval> | null = null

function startPolling(): void {
  poll ??= setInterval(() => void fetchView(), POLL_MS)
}

function connect(): void {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${PHONE_PATHS.stream(day, number)}${query}`
  let socket: WebSocket
  try {
    socket = new WebSocket(url)
  } catch {
    startPolling()
    return
  }
  const ping = setInterval(() => socket.readyState === WebSocket.OPEN && socket.send('{"type":"ping"}'), 25_000)
  socket.onopen = () => {
    live = true
    if (poll) clearInterval(poll)
    poll = null
  }
  socket.onmessage = (e) => {
    const m = JSON.parse(String(e.data)) as PhoneStreamMessage
    if (m.type === 'ticket') show(m.ticket)
    else if (m.type === 'gone') {
      view = null
      problem = 'invalid'
      render()
    }
  }
  socket.onclose = () => {
    clearInterval(ping)
    const wasLive = live
    live = false
    if (problem === 'invalid') return
    // The stream failed (or the network dropped it): keep the page current by polling, and try again.
    startPolling()
    void fetchView()
    setTimeout(connect, wasLive ? 1000 : RECONNECT_MS)
    render()
  }
}

render()
void fetchView().then(() => {
  if (problem === null) connect()
})
