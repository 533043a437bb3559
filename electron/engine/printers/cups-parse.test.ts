import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  capabilitiesFrom,
  colorModelChoice,
  duplexChoice,
  parseDefault,
  parseDriverOptions,
  parsePrinters,
  parseRequestId,
} from './cups-parse.js'

// Captured from the private CUPS 2.4.2 (scripts/cups-test-server.sh) with LC_ALL=C.
const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8')

describe('cups-parse', () => {
  it('lists idle queues with their descriptions and the default', () => {
    expect(parsePrinters(fixture('lpstat-l-p.txt'), fixture('lpstat-d.txt'))).toEqual([
      { name: 'pd-gen', description: 'Peerdesk test generic PDF', state: 'idle', isDefault: false },
      { name: 'pd-pdf', description: 'Peerdesk test cups-pdf', state: 'idle', isDefault: true },
    ])
  })

  it('reads a disabled queue as stopped, with the reason it was given', () => {
    const [gen, pdf] = parsePrinters(fixture('lpstat-l-p-stopped.txt'), fixture('lpstat-d.txt'))
    expect(gen).toMatchObject({ name: 'pd-gen', state: 'stopped', stateMessage: 'paper jam in tray 2' })
    expect(gen?.description).toBe('Peerdesk test generic PDF')
    expect(pdf).toMatchObject({ name: 'pd-pdf', state: 'idle' })
  })

  it('reads a queue in the middle of a job as printing', () => {
    expect(parsePrinters(fixture('lpstat-l-p-printing.txt'), fixture('lpstat-d-none.txt'))).toEqual([
      { name: 'pd-gen', description: 'Peerdesk test generic PDF', state: 'printing', isDefault: false },
    ])
  })

  it('knows when there is no default destination', () => {
    expect(parseDefault(fixture('lpstat-d-none.txt'))).toBeNull()
    expect(parseDefault(fixture('lpstat-d.txt'))).toBe('pd-pdf')
  })

  it('parses driver options with their defaults', () => {
    const options = parseDriverOptions(fixture('lpoptions-l-generic-pdf.txt'))
    expect(options.Duplex).toEqual({
      label: 'Double-Sided Printing',
      choices: ['None', 'DuplexNoTumble', 'DuplexTumble'],
      default: 'None',
    })
    expect(options.ColorModel).toEqual({ label: 'Color', choices: ['color', 'grayscale'], default: 'color' })
    expect(options.PageSize?.default).toBe('Letter')
    expect(options.PageSize?.choices).toContain('A4.Fullbleed')
  })

  it('derives capabilities of a duplex color driver', () => {
    const caps = capabilitiesFrom(parseDriverOptions(fixture('lpoptions-l-generic-pdf.txt')))
    expect(caps).toMatchObject({
      color: true,
      duplex: true,
      defaults: { media: 'Letter', sides: 'one-sided', color: 'color' },
    })
    expect(caps.media).toContain('A4')
    expect(caps.media).toContain('Letter')
    expect(caps.media.some((m) => m.includes('.'))).toBe(false)
    expect(colorModelChoice(caps.driverOptions, 'gray')).toBe('grayscale')
    expect(duplexChoice(caps.driverOptions, 'two-sided-short-edge')).toBe('DuplexTumble')
  })

  it('derives capabilities of a driver with no duplex or color model (cups-pdf)', () => {
    const caps = capabilitiesFrom(parseDriverOptions(fixture('lpoptions-l-cups-pdf.txt')))
    expect(caps).toMatchObject({
      color: false,
      duplex: false,
      defaults: { media: 'A4', color: 'monochrome' },
    })
    expect(caps.media).not.toContain('Custom.WIDTHxHEIGHT')
    expect(caps.media).toContain('Letter')
  })

  it('ignores lines that are not options', () => {
    expect(parseDriverOptions('garbage\n\n: nothing\nbad key/x: a b\n')).toEqual({})
  })

  it('reads the job id from lp', () => {
    expect(parseRequestId(fixture('lp-request.txt'))).toEqual({ requestId: 'pd-gen-1', jobId: 1 })
    expect(parseRequestId('request id is my-queue-2-42 (1 file(s))')).toEqual({
      requestId: 'my-queue-2-42',
      jobId: 42,
    })
    expect(parseRequestId('lp: Error')).toBeNull()
  })
})
