// Decides a print job's type from its bytes, never from its name: CUPS accepts anything, and Debian's
// defaults send unknown types raw to the device, so only PDF, PNG, JPEG and plain UTF-8 text pass.
import { AppError } from '../../../shared/errors.js'
import type { PrintableType } from './printer-types.js'

export type SniffResult = { ok: true; type: PrintableType } | { ok: false; detected: string }

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const JPEG = [0xff, 0xd8, 0xff]
const ELF = [0x7f, 0x45, 0x4c, 0x46]

function startsWith(bytes: Uint8Array, magic: readonly number[] | string): boolean {
  const want = typeof magic === 'string' ? Array.from(magic, (ch) => ch.charCodeAt(0)) : magic
  return bytes.length >= want.length && want.every((byte, i) => bytes[i] === byte)
}

// Tab, line feed, form feed and carriage return are text; other C0 controls (ESC starts PCL and PJL
// sequences) and DEL are not.
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/

export function sniffType(bytes: Uint8Array): SniffResult {
  // The PDF header must open the file: a PJL preamble before "%PDF" is exactly what we keep out.
  if (startsWith(bytes, '%PDF-')) return { ok: true, type: 'application/pdf' }
  if (startsWith(bytes, PNG)) return { ok: true, type: 'image/png' }
  if (startsWith(bytes, JPEG)) return { ok: true, type: 'image/jpeg' }
  if (startsWith(bytes, '%!')) return { ok: false, detected: 'application/postscript' }
  if (startsWith(bytes, '\x1b%-12345X')) return { ok: false, detected: 'application/vnd.hp-pjl' }
  if (startsWith(bytes, ELF)) return { ok: false, detected: 'application/x-elf' }
  if (bytes.length > 0 && isPlainText(bytes)) return { ok: true, type: 'text/plain' }
  return { ok: false, detected: 'application/octet-stream' }
}

function isPlainText(bytes: Uint8Array): boolean {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return false
  }
  return !CONTROL.test(text)
}

/** The sniffed type, or a BAD_REQUEST (data.reason UNSUPPORTED_TYPE) naming what was found instead. */
export function requirePrintable(bytes: Uint8Array): PrintableType {
  const result = sniffType(bytes)
  if (result.ok) return result.type
  throw new AppError(
    'BAD_REQUEST',
    `This file cannot be printed: it is ${result.detected}, and only PDF, PNG, JPEG and plain text are accepted`,
    { reason: 'UNSUPPORTED_TYPE', detected: result.detected },
  )
}
