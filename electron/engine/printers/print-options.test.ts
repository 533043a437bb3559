import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { capabilitiesFrom, parseDriverOptions } from './cups-parse.js'
import { parsePrintOptions, toLpArgs } from './print-options.js'
import { expectAppError } from './test-errors.js'

const caps = (name: string) =>
  capabilitiesFrom(
    parseDriverOptions(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8')),
  )
const generic = caps('lpoptions-l-generic-pdf.txt')
const cupsPdf = caps('lpoptions-l-cups-pdf.txt')

describe('print-options', () => {
  it('defaults to one copy and nothing else', () => {
    expect(parsePrintOptions(undefined)).toEqual({ copies: 1 })
    expect(toLpArgs(parsePrintOptions({}), generic, 'application/pdf')).toEqual([
      '-n',
      '1',
      '-o',
      'document-format=application/pdf',
    ])
  })

  it('sends both the IPP keyword and the PPD option for duplex, grayscale and paper', () => {
    const options = parsePrintOptions({
      copies: 2,
      sides: 'two-sided-long-edge',
      color: 'monochrome',
      media: 'A4',
      title: 'Quarterly report',
    })
    expect(toLpArgs(options, generic, 'application/pdf')).toEqual([
      '-n',
      '2',
      '-t',
      'Quarterly report',
      '-o',
      'sides=two-sided-long-edge',
      '-o',
      'Duplex=DuplexNoTumble',
      '-o',
      'print-color-mode=monochrome',
      '-o',
      'ColorModel=grayscale',
      '-o',
      'media=A4',
      '-o',
      'PageSize=A4',
      '-o',
      'document-format=application/pdf',
    ])
  })

  it('maps short-edge duplex and color', () => {
    const args = toLpArgs(
      parsePrintOptions({ sides: 'two-sided-short-edge', color: 'color' }),
      generic,
      'image/png',
    )
    expect(args).toContain('Duplex=DuplexTumble')
    expect(args).toContain('ColorModel=color')
    expect(args).toContain('document-format=image/png')
  })

  it('never produces a raw job', () => {
    const args = toLpArgs(parsePrintOptions({ copies: 3 }), cupsPdf, 'text/plain')
    expect(args.join(' ')).not.toMatch(/\braw\b/)
  })

  it('refuses an unknown option by code', async () => {
    await expectAppError(() => parsePrintOptions({ copies: 1, raw: true }), 'BAD_REQUEST', 'UNKNOWN_OPTION')
    await expectAppError(() => parsePrintOptions({ 'job-sheets': 'none' }), 'BAD_REQUEST', 'UNKNOWN_OPTION')
  })

  it('refuses invalid values by code', async () => {
    await expectAppError(() => parsePrintOptions({ copies: 0 }), 'BAD_REQUEST', 'INVALID_OPTION')
    await expectAppError(() => parsePrintOptions({ copies: 1000 }), 'BAD_REQUEST', 'INVALID_OPTION')
    await expectAppError(() => parsePrintOptions({ copies: '2' }), 'BAD_REQUEST', 'INVALID_OPTION')
    await expectAppError(() => parsePrintOptions({ sides: 'both' }), 'BAD_REQUEST', 'INVALID_OPTION')
    await expectAppError(() => parsePrintOptions({ media: 'A4 -o raw' }), 'BAD_REQUEST', 'INVALID_OPTION')
    await expectAppError(() => parsePrintOptions({ media: '-oraw' }), 'BAD_REQUEST', 'INVALID_OPTION')
    await expectAppError(() => parsePrintOptions({ title: 'a\nb' }), 'BAD_REQUEST', 'INVALID_OPTION')
    await expectAppError(() => parsePrintOptions('copies=2'), 'BAD_REQUEST', 'INVALID_OPTION')
  })

  it('refuses what this printer cannot do by code', async () => {
    const duplex = parsePrintOptions({ sides: 'two-sided-long-edge' })
    const error = await expectAppError(
      () => toLpArgs(duplex, cupsPdf, 'application/pdf'),
      'BAD_REQUEST',
      'UNSUPPORTED_OPTION',
    )
    expect(error.data).toMatchObject({ option: 'sides' })
    await expectAppError(
      () => toLpArgs(parsePrintOptions({ color: 'color' }), cupsPdf, 'application/pdf'),
      'BAD_REQUEST',
      'UNSUPPORTED_OPTION',
    )
    await expectAppError(
      () => toLpArgs(parsePrintOptions({ media: 'Tabloid' }), generic, 'application/pdf'),
      'BAD_REQUEST',
      'UNSUPPORTED_OPTION',
    )
  })

  it('allows one-sided and monochrome on a printer without duplex or color', () => {
    const args = toLpArgs(
      parsePrintOptions({ sides: 'one-sided', color: 'monochrome' }),
      cupsPdf,
      'application/pdf',
    )
    expect(args).toEqual([
      '-n',
      '1',
      '-o',
      'sides=one-sided',
      '-o',
      'print-color-mode=monochrome',
      '-o',
      'document-format=application/pdf',
    ])
  })
})
