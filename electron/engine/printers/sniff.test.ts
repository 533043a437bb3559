import { describe, expect, it } from 'vitest'
import { requirePrintable, sniffType } from './sniff.js'
import { expectAppError } from './test-errors.js'
import { elfBytes, makePdf } from './test-pdf.js'

const bytes = (...values: number[]) => Buffer.from(values)

describe('sniff', () => {
  it('accepts PDF, PNG, JPEG and UTF-8 text by their bytes', () => {
    expect(sniffType(makePdf())).toEqual({ ok: true, type: 'application/pdf' })
    expect(sniffType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0))).toEqual({
      ok: true,
      type: 'image/png',
    })
    expect(sniffType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toEqual({ ok: true, type: 'image/jpeg' })
    expect(sniffType(Buffer.from('Grüße aus Köln\r\n\tline two\f'))).toEqual({ ok: true, type: 'text/plain' })
  })

  it('refuses PostScript, PJL, ELF and unknown bytes', () => {
    expect(sniffType(Buffer.from('%!PS-Adobe-3.0\nshowpage\n'))).toEqual({
      ok: false,
      detected: 'application/postscript',
    })
    expect(sniffType(Buffer.from('\x1b%-12345X@PJL ENTER LANGUAGE=PCL\n'))).toEqual({
      ok: false,
      detected: 'application/vnd.hp-pjl',
    })
    expect(sniffType(elfBytes())).toEqual({ ok: false, detected: 'application/x-elf' })
    expect(sniffType(bytes(0x00, 0x01, 0x02))).toEqual({ ok: false, detected: 'application/octet-stream' })
    expect(sniffType(Buffer.alloc(0))).toEqual({ ok: false, detected: 'application/octet-stream' })
  })

  it('refuses text with a NUL, an escape sequence or invalid UTF-8', () => {
    expect(sniffType(Buffer.from('hello\0world')).ok).toBe(false)
    expect(sniffType(Buffer.from('hello \x1bE reset the printer')).ok).toBe(false)
    expect(sniffType(bytes(0x68, 0x69, 0xc3, 0x28)).ok).toBe(false)
  })

  it('wants the PDF header at the very start, so a PJL preamble cannot ride in front of it', () => {
    expect(sniffType(Buffer.concat([Buffer.from('\x1b%-12345X@PJL\n'), makePdf()])).ok).toBe(false)
    // Anything else in front makes it text, which CUPS renders as text: harmless.
    expect(sniffType(Buffer.concat([Buffer.from('  '), makePdf()]))).toEqual({ ok: true, type: 'text/plain' })
  })

  it('requirePrintable throws BAD_REQUEST with reason UNSUPPORTED_TYPE', async () => {
    expect(requirePrintable(makePdf())).toBe('application/pdf')
    const error = await expectAppError(() => requirePrintable(elfBytes()), 'BAD_REQUEST', 'UNSUPPORTED_TYPE')
    expect(error.data).toMatchObject({ detected: 'application/x-elf' })
  })
})
