/**
 * The ticket as an HTML page, for printers Windows drives with its own driver (printed
 * silently by the desktop app, src/main/electron/html-ticket-printer.ts). Same lines as the
 * ESC/POS ticket; the QR code is an SVG drawn from the same payload.
 */
import qrcode from 'qrcode-generator'
import type { Paper, TicketLine } from './ticket-layout'

/** Prints an HTML ticket on a system printer; provided by the desktop app. */
export interface HtmlTicketPrinter {
  print(html: string, options: { printerName: string; paper: Paper; timeoutMs: number }): Promise<void>
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export function qrSvg(payload: string, errorLevel: 'L' | 'M' | 'Q' | 'H', moduleSize: number): string {
  // Byte mode as UTF-8, like the ESC/POS QR code, so both read back the same payload.
  const bytes = [...Buffer.from(payload, 'utf8')].map((b) => String.fromCharCode(b)).join('')
  const code = qrcode(0, errorLevel)
  code.addData(bytes, 'Byte')
  code.make()
  return code.createSvgTag({ cellSize: moduleSize, margin: 2, scalable: true })
}

export function ticketHtml(lines: readonly TicketLine[], paper: Paper): string {
  const body = lines
    .map((l) => {
      if (l.kind === 'qr') return `<div class="qr" style="width:${Math.min(40, 6 * l.moduleSize)}mm">${qrSvg(l.payload, l.errorLevel, l.moduleSize)}</div>`
      const style = `font-size:${(3.2 * l.size).toFixed(1)}mm;font-weight:${l.bold ? 700 : 400};text-align:${l.align}`
      return `<p style="${style}">${escapeHtml(l.text)}</p>`
    })
    .join('\n')
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>ticket</title>
<style>
@page { size: ${paper}mm auto; margin: 0 }
html, body { margin: 0; padding: 0 }
body { width: ${paper === '58' ? 48 : 72}mm; margin: 0 auto; padding: 2mm 0 6mm; font-family: "Microsoft YaHei", "Noto Sans CJK SC", "SimHei", sans-serif; color: #000 }
p { margin: 0.6mm 0; line-height: 1.25; white-space: pre-wrap }
.qr { margin: 2mm auto }
.qr svg { width: 100%; height: auto; display: block }
</style></head>
<body>
${body}
</body></html>`
}
