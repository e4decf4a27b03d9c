/**
 * Requests over a real socket, with any Host header and from any loopback address
 * (127.0.0.2 … stands for another PC on the LAN: Linux routes all of 127/8 to loopback).
 */
import { request as httpRequest } from 'node:http'

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  json(): any
}

export interface RawOptions {
  method?: string
  headers?: Record<string, string>
  body?: unknown
  /** The source address of the connection. */
  from?: string
}

export function rawRequest(base: string, path: string, options: RawOptions = {}): Promise<RawResponse> {
  const url = new URL(path, base)
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        localAddress: options.from,
        agent: false,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: () => JSON.parse(text) })
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    if (body !== undefined) req.write(body)
    req.end()
  })
}
