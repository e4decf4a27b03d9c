/**
 * Peripherals in the contract: the `devices` section of the settings (ports, printers, LED
 * bars and boards, evaluator keypads, the ticket layout), the health every device reports,
 * and the `devices` messages on the event stream. Pure: the drivers live in src/main/devices.
 */
import { z } from 'zod'
import { DISPLAY_PRESET_NAMES, KEYPAD_PRESET_NAMES } from './device-presets'
import { SATISFACTION_SCORES } from './domain'
import { parseFrameTemplate, templateHas, type FieldKind } from './frame-template'
import { wedgeKeySchema, DEFAULT_WEDGE_KEYS } from './evaluator-keys'

const hexByte = z.string().trim().regex(/^[0-9A-Fa-f]{2}$/, 'one hex byte, like 7E')
const hexBytes = z
  .string()
  .trim()
  .regex(/^[0-9A-Fa-f]{2}(\s+[0-9A-Fa-f]{2})*$/, 'hex bytes, like "7D 5E"')
const score = z.union(SATISFACTION_SCORES.map((s) => z.literal(s)))
const counterId = z.number().int().min(1).max(999)
const address = z.number().int().min(0).max(255)

// ---------------------------------------------------------------- connections

export const FLOW_CONTROLS = ['none', 'xonxoff', 'rtscts'] as const
export type FlowControl = (typeof FLOW_CONTROLS)[number]

export const serialConnectionSchema = z
  .object({
    type: z.literal('serial'),
    /** COM3 on Windows, /dev/ttyUSB0 on Linux: typed by hand or picked from GET /devices/ports. */
    path: z.string().trim().min(1).max(200),
    baudRate: z.number().int().min(300).max(921_600).default(9600),
    dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
    parity: z.enum(['none', 'even', 'odd']).default('none'),
    stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
    flowControl: z.enum(FLOW_CONTROLS).default('none'),
  })
  .strict()
export type SerialConnection = z.infer<typeof serialConnectionSchema>

/** A device that exists only in HallQ: it shows what it received (GET /devices). */
export const virtualConnectionSchema = z.object({ type: z.literal('virtual') }).strict()

/** A printer Windows drives with its own driver, printed through the desktop app. */
export const systemPrinterConnectionSchema = z
  .object({
    type: z.literal('system'),
    /** The printer's name as the system knows it; empty means the default printer. */
    printerName: z.string().trim().max(200).default(''),
  })
  .strict()

const serialOrVirtual = z.discriminatedUnion('type', [serialConnectionSchema, virtualConnectionSchema])
const printerConnection = z.discriminatedUnion('type', [serialConnectionSchema, virtualConnectionSchema, systemPrinterConnectionSchema])
export type DeviceConnection = z.infer<typeof printerConnection>
export type DeviceBackend = DeviceConnection['type']

// ---------------------------------------------------------------- frames

export const CHECKSUMS = ['none', 'sum8', 'xor8', 'crc16-modbus', 'crc16-ccitt', 'crc16-xmodem'] as const
export type ChecksumKind = (typeof CHECKSUMS)[number]
export const TEXT_ENCODINGS = ['gb2312', 'gbk', 'gb18030'] as const
export type TextEncoding = (typeof TEXT_ENCODINGS)[number]

const frameTemplateObject = z
  .object({
    /** The frame, in the template language of frame-template.ts. */
    frame: z.string().trim().min(1).max(300),
    checksum: z.enum(CHECKSUMS).default('none'),
    /** Byte order of a two-byte checksum; 'auto' is low byte first for MODBUS, high byte first otherwise. */
    checksumOrder: z.enum(['auto', 'le', 'be']).default('auto'),
    /** What {len} counts: the text, the checksum range, or every byte after the length field. */
    lengthOf: z.enum(['text', 'range', 'rest']).default('text'),
    lengthBytes: z.union([z.literal(1), z.literal(2)]).default(1),
    lengthOrder: z.enum(['le', 'be']).default('be'),
    /** Added to the counted length (some protocols count the length field or the trailer too). */
    lengthAdd: z.number().int().min(-16).max(16).default(0),
    encoding: z.enum(TEXT_ENCODINGS).default('gbk'),
    /** Pad with spaces or cut (never inside a character) to exactly this many bytes; null: as long as the text. */
    textBytes: z.number().int().min(1).max(255).nullable().default(null),
    /** Byte stuffing after the checksum is computed, e.g. 7E → 7D 5E. */
    escape: z.array(z.object({ from: hexByte, to: hexBytes }).strict()).max(8).default([]),
    /** Frame bytes at the start (header) and end (trailer) that are never escaped. */
    escapeSkipStart: z.number().int().min(0).max(8).default(0),
    escapeSkipEnd: z.number().int().min(0).max(8).default(0),
    /** Quiet time after a frame before the next one on the same bus. */
    gapMs: z.number().int().min(0).max(5000).default(60),
    /** When set, the device answers each frame with this frame; no answer in time is retried, then reported. */
    ack: z
      .object({
        frame: z.string().trim().min(1).max(100),
        timeoutMs: z.number().int().min(20).max(5000).default(300),
        retries: z.number().int().min(0).max(3).default(1),
      })
      .strict()
      .nullable()
      .default(null),
  })
  .strict()

function checkTemplate(t: z.infer<typeof frameTemplateObject>, ctx: z.RefinementCtx, needs: FieldKind[]): void {
  const parsed = parseFrameTemplate(t.frame)
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', path: ['frame'], message: parsed.error })
    return
  }
  for (const f of needs) {
    if (!templateHas(parsed.tokens, f)) ctx.addIssue({ code: 'custom', path: ['frame'], message: `the frame needs {${f}}` })
  }
  const hasCs = templateHas(parsed.tokens, 'cs')
  if (hasCs !== (t.checksum !== 'none')) {
    ctx.addIssue({ code: 'custom', path: ['checksum'], message: hasCs ? 'the frame has {cs}: choose a checksum' : 'choose checksum "none" or put {cs} in the frame' })
  }
  if (t.lengthOf === 'range' && templateHas(parsed.tokens, 'len') && !parsed.tokens.some((x) => x.kind === 'rangeStart')) {
    ctx.addIssue({ code: 'custom', path: ['lengthOf'], message: 'lengthOf "range" needs a [ ] range in the frame' })
  }
  if (t.escape.length > 0) {
    const bytes = new Set(t.escape.map((e) => e.from.toUpperCase()))
    if (bytes.size !== t.escape.length) ctx.addIssue({ code: 'custom', path: ['escape'], message: 'a byte is escaped twice' })
    const head = parsed.tokens.filter((x) => x.kind !== 'rangeStart' && x.kind !== 'rangeEnd')
    const edges = [...head.slice(0, t.escapeSkipStart), ...head.slice(head.length - t.escapeSkipEnd)]
    if (t.escapeSkipEnd === 0 || edges.some((x) => x.kind !== 'byte')) {
      ctx.addIssue({ code: 'custom', path: ['escapeSkipEnd'], message: 'an escaped frame needs fixed header and trailer bytes (escapeSkipStart/End)' })
    }
  }
  if (t.ack) {
    const ack = parseFrameTemplate(t.ack.frame)
    if (!ack.ok) ctx.addIssue({ code: 'custom', path: ['ack', 'frame'], message: ack.error })
    else if (ack.tokens.some((x) => x.kind === 'text' || x.kind === 'key' || x.kind === 'len' || x.kind === 'cs')) {
      ctx.addIssue({ code: 'custom', path: ['ack', 'frame'], message: 'an ack frame holds fixed bytes and {addr} only' })
    }
  }
}

const withFields = (...needs: FieldKind[]) => frameTemplateObject.superRefine((t, ctx) => checkTemplate(t, ctx, needs))
/** A frame that carries text to an address (LED bars and boards). */
export const displayFrameSchema = withFields('addr', 'text')
/** A frame that carries a key press from an address (evaluator keypads). */
export const keyFrameSchema = withFields('addr', 'key')
/** A frame sent to an address without text (asking a keypad for a rating). */
export const requestFrameSchema = withFields('addr')
export type FrameTemplate = z.infer<typeof frameTemplateObject>
export type FrameTemplateInput = z.input<typeof frameTemplateObject>

// ---------------------------------------------------------------- devices

const deviceId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'id: a-z, 0-9, - (up to 32)')
const deviceBase = {
  id: deviceId,
  name: z.string().trim().min(1).max(40),
  enabled: z.boolean().default(true),
}

export const printerDeviceSchema = z
  .object({
    ...deviceBase,
    kind: z.literal('printer'),
    connection: printerConnection,
    paper: z.enum(['58', '80']).default('80'),
    /** Ask the printer for its status (DLE EOT) before each job and while idle. Off for printers that cannot answer. */
    statusPolling: z.boolean().default(true),
    /** While idle, ask for the status this often (seconds); 0 asks only before a job. */
    statusIntervalSec: z.number().int().min(0).max(3600).default(15),
    /** A job that has not finished by then is reported as failed, and never sent again. */
    jobTimeoutSec: z.number().int().min(2).max(120).default(20),
    /** Kiosk terminals (X-HallQ-Terminal names) this printer prints for; empty: every kiosk. */
    terminals: z.array(z.string().regex(/^[\w.:-]{1,40}$/)).max(20).default([]),
  })
  .strict()

const displayPreset = z.enum([...DISPLAY_PRESET_NAMES, 'custom']).default('aa-window-screen')

export const counterBarsDeviceSchema = z
  .object({
    ...deviceBase,
    kind: z.literal('counterBars'),
    connection: serialOrVirtual,
    preset: displayPreset,
    /** The frame when preset is 'custom'. */
    frame: displayFrameSchema.nullable().default(null),
    /** Counters whose bars hang on this bus (each at its displayAddress); empty: every counter that has one. */
    counters: z.array(counterId).max(200).default([]),
    /** What a bar shows for a called ticket: {number} {counter} {counterName} {service}. */
    text: z.string().max(60).default('{number} 请到{counter}号窗口'),
    /** What it shows when the counter is open and free, paused, or closed. */
    idleText: z.string().max(60).default('{counter}号窗口'),
    pausedText: z.string().max(60).default('暂停服务'),
    closedText: z.string().max(60).default(''),
  })
  .strict()

export const hallBoardDeviceSchema = z
  .object({
    ...deviceBase,
    kind: z.literal('hallBoard'),
    connection: serialOrVirtual,
    preset: displayPreset,
    frame: displayFrameSchema.nullable().default(null),
    /** One address: the latest calls joined on one line. Several: one line per address, newest first. */
    addresses: z.array(address).min(1).max(16).default([0]),
    /** How many of the latest calls a one-address board shows. */
    calls: z.number().int().min(1).max(10).default(3),
    lineText: z.string().max(60).default('{number}→{counter}号'),
    joinWith: z.string().max(8).default('  '),
    /** Shown before the first call of the day. */
    idleText: z.string().max(60).default('欢迎光临'),
  })
  .strict()

export const keypadFramesSchema = z
  .object({
    keyFrame: keyFrameSchema,
    requestFrame: requestFrameSchema.nullable().default(null),
    keys: z
      .array(z.object({ code: z.number().int().min(0).max(255), score }).strict())
      .min(1)
      .max(16),
  })
  .strict()
export type KeypadFrames = z.infer<typeof keypadFramesSchema>

export const evaluatorDeviceSchema = z
  .object({
    ...deviceBase,
    kind: z.literal('evaluator'),
    connection: serialConnectionSchema,
    preset: z.enum([...KEYPAD_PRESET_NAMES, 'custom']).default('stx-keypad'),
    keypad: keypadFramesSchema.nullable().default(null),
    /** Keypad address per counter; empty: every counter, at its displayAddress. */
    counters: z.array(z.object({ counterId, address }).strict()).max(200).default([]),
    /** After this long without a key press the service stays unrated. */
    timeoutSec: z.number().int().min(5).max(300).default(30),
  })
  .strict()

export const deviceConfigSchema = z.discriminatedUnion('kind', [
  printerDeviceSchema,
  counterBarsDeviceSchema,
  hallBoardDeviceSchema,
  evaluatorDeviceSchema,
])
export type DeviceConfig = z.infer<typeof deviceConfigSchema>
export type DeviceKind = DeviceConfig['kind']
export type PrinterDevice = z.infer<typeof printerDeviceSchema>
export type CounterBarsDevice = z.infer<typeof counterBarsDeviceSchema>
export type HallBoardDevice = z.infer<typeof hallBoardDeviceSchema>
export type EvaluatorDevice = z.infer<typeof evaluatorDeviceSchema>
export const DEVICE_KINDS: readonly DeviceKind[] = ['printer', 'counterBars', 'hallBoard', 'evaluator']

// ---------------------------------------------------------------- the ticket

export const TICKET_BLOCKS = ['hall', 'service', 'number', 'priority', 'ahead', 'wait', 'time', 'rule', 'message', 'qr', 'footer'] as const
export type TicketBlock = (typeof TICKET_BLOCKS)[number]

export const ticketTemplateSchema = z
  .object({
    /** What the ticket shows, top to bottom. */
    blocks: z.array(z.enum(TICKET_BLOCKS)).max(TICKET_BLOCKS.length).default([...TICKET_BLOCKS]),
    /** Magnification of the number (1–8). */
    numberSize: z.number().int().min(1).max(8).default(4),
    aheadText: z.string().max(60).default('您前面还有 {ahead} 人在等候'),
    waitText: z.string().max(60).default('预计等候约 {minutes} 分钟'),
    /** When no open counter serves the service yet. */
    noWaitText: z.string().max(60).default('暂无窗口办理，请留意叫号或咨询大堂经理'),
    timeText: z.string().max(60).default('取号时间 {time}'),
    /** The missed-call rule, by settings.queue.missedCallRule; {places} is requeuePlaces. */
    requeueText: z.string().max(120).default('过号顺延：错过叫号请到窗口出示本票，顺延{places}位办理'),
    reissueText: z.string().max(120).default('过号作废：错过叫号请重新取号'),
    /**
     * QR payload: {phoneUrl} {number} {day} {ticketId} {service} {issuedAt}; empty: the ticket's
     * phone link (settings.phone.guestUrl), or no QR code while the hall has no guest address.
     */
    qrPayload: z.string().max(200).default(''),
    /** Printed above the phone link's QR. */
    phoneText: z.string().max(60).default('手机扫码，随时查看排队进度'),
    /** Printed under the phone link's QR when the guest Wi-Fi has a name ({wifi}). */
    wifiText: z.string().max(60).default('请连接 Wi-Fi：{wifi}'),
    qrModuleSize: z.number().int().min(1).max(16).default(5),
    qrErrorLevel: z.enum(['L', 'M', 'Q', 'H']).default('M'),
    footer: z.string().max(120).default('请妥善保管号票，留意叫号'),
    /** Lines fed before the cut, so the footer clears the cutter. */
    feedLines: z.number().int().min(0).max(10).default(3),
  })
  .strict()
export type TicketTemplate = z.infer<typeof ticketTemplateSchema>

// ---------------------------------------------------------------- the section

export const devicesSettingsSchema = z
  .object({
    list: z
      .array(deviceConfigSchema)
      .max(64)
      .default([])
      .superRefine((list, ctx) => {
        const seen = new Set<string>()
        list.forEach((d, i) => {
          if (seen.has(d.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `device id "${d.id}" is used twice` })
          seen.add(d.id)
          if ((d.kind === 'counterBars' || d.kind === 'hallBoard') && d.preset === 'custom' && d.frame === null) {
            ctx.addIssue({ code: 'custom', path: [i, 'frame'], message: 'a custom preset needs a frame' })
          }
          if (d.kind === 'evaluator' && d.preset === 'custom' && d.keypad === null) {
            ctx.addIssue({ code: 'custom', path: [i, 'keypad'], message: 'a custom preset needs keypad frames' })
          }
        })
      }),
    ticket: ticketTemplateSchema.prefault({}),
    evaluator: z
      .object({
        /** Keyboard-wedge keypads (and the on-screen prompt's keys): key → score, read by the screens. */
        wedgeKeys: z.array(wedgeKeySchema).max(16).default(DEFAULT_WEDGE_KEYS),
        /** How long the screens wait for a rating before giving up. */
        promptSec: z.number().int().min(5).max(300).default(30),
      })
      .strict()
      .prefault({}),
  })
  .strict()
export type DevicesSettings = z.infer<typeof devicesSettingsSchema>

// ---------------------------------------------------------------- health and the stream

/** What can be wrong with a device; the screens translate the code (locales/devices.*.ts). */
export const DEVICE_PROBLEMS = [
  'notConnected',
  'noResponse',
  'offline',
  'paperOut',
  'paperNearEnd',
  'coverOpen',
  'cutterError',
  'printerError',
  'timeout',
  'writeFailed',
  'noAck',
  'portConflict',
  'unsupported',
] as const
export type DeviceProblem = (typeof DEVICE_PROBLEMS)[number]

/** Problems that still let a printer print (shown as warnings). */
export const WARNING_PROBLEMS: readonly DeviceProblem[] = ['paperNearEnd']

export interface DeviceError {
  problem: DeviceProblem
  /** The system's own words (an OS error, a timeout), for the log and the administrator. */
  detail: string | null
  at: number
}

export type VirtualView =
  | { kind: 'printer'; printed: number; lastTicket: string[] | null }
  | { kind: 'display'; texts: Record<string, string> }

export interface DeviceHealth {
  id: string
  name: string
  kind: DeviceKind
  backend: DeviceBackend
  enabled: boolean
  /** Serial port path, or null. */
  port: string | null
  /** The port is open (virtual devices always are). */
  connected: boolean
  /** The device answered its last status request or ack; null when it is never asked. */
  responding: boolean | null
  /** Current conditions (paper out, cover open …); empty when all is well. */
  problems: DeviceProblem[]
  lastError: DeviceError | null
  /** When the last job (ticket, frame, rating) succeeded. */
  lastOkAt: number | null
  /** When anything above last changed. */
  since: number
  virtual: VirtualView | null
}

export interface PrintJobReport {
  deviceId: string
  /** The ticket printed; null for a test print. */
  ticketId: number | null
  number: string | null
  ok: boolean
  problem: DeviceProblem | null
  detail: string | null
  /** Whether any byte reached the printer (false: nothing can have been printed). */
  sent: boolean
  bytes: number
  at: number
  durationMs: number
}

export type DevicesStreamMessage =
  | { type: 'devices'; event: 'snapshot'; devices: DeviceHealth[] }
  | { type: 'devices'; event: 'health'; device: DeviceHealth }
  | { type: 'devices'; event: 'printJob'; job: PrintJobReport }

export interface SerialPortListing {
  ports: { path: string; manufacturer: string | null; serialNumber: string | null; vendorId: string | null; productId: string | null }[]
  /** Why the list may be incomplete (e.g. 'udevadm-missing'); null when it is complete. */
  warning: string | null
}

/** What POST /devices/:id/test answered. */
export type DeviceTestResult =
  | { kind: 'printer'; job: PrintJobReport }
  | { kind: 'display'; ok: boolean; problem: DeviceProblem | null; detail: string | null; addresses: number[] }
  | { kind: 'evaluator'; ok: boolean; problem: DeviceProblem | null; detail: string | null; address: number; score: number | null }

// ---------------------------------------------------------------- which printer serves a kiosk

/**
 * The name a kiosk goes by in a printer's `terminals`: its X-HallQ-Terminal name (a browser's
 * ?terminal=). The hall records a caller as `<name>@<address>`, a paired terminal as
 * `<paired name>#<id>@<name>@<address>`, and the desktop app's windows as `<name>@desktop`.
 */
export function kioskNameOf(actorTerminal: string): string {
  const paired = /#\d+@([^#]*)$/.exec(actorTerminal)
  const rest = paired ? paired[1]! : actorTerminal
  const at = rest.lastIndexOf('@')
  return at === -1 ? rest : rest.slice(0, at)
}

/**
 * The printer that prints a kiosk's tickets: the first enabled one that serves every kiosk or
 * names this one. The hub prints with it and the kiosk watches its health, so both agree.
 */
export function printerForKiosk(list: readonly DeviceConfig[], kioskName: string): PrinterDevice | null {
  for (const d of list) {
    if (d.kind !== 'printer' || !d.enabled) continue
    if (d.terminals.length === 0 || d.terminals.includes(kioskName)) return d
  }
  return null
}

/** Whether a printer can print now: connected, and nothing wrong but a warning (paper near its end). */
export function printerReady(health: Pick<DeviceHealth, 'connected' | 'problems'>): boolean {
  return health.connected && health.problems.every((p) => WARNING_PROBLEMS.includes(p))
}
