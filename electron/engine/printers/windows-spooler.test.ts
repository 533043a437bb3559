// Only the pure mappers: the PowerShell and SumatraPDF paths cannot run on this Linux machine.
import { describe, expect, it } from 'vitest'
import { parsePrintOptions } from './print-options.js'
import { sumatraSettings, windowsJobState, windowsPrinterState } from './windows-spooler.js'

describe('windows-spooler mappers', () => {
  it('maps our options to SumatraPDF print settings', () => {
    expect(
      sumatraSettings(
        parsePrintOptions({ copies: 2, sides: 'two-sided-long-edge', color: 'monochrome', media: 'A4' }),
      ),
    ).toBe('2x,duplexlong,monochrome,paper=A4')
    expect(sumatraSettings(parsePrintOptions({ sides: 'two-sided-short-edge' }))).toBe('1x,duplexshort')
    expect(sumatraSettings(parsePrintOptions({ sides: 'one-sided', color: 'color' }))).toBe(
      '1x,simplex,color',
    )
  })

  it('maps spooler job status flags to IPP job states', () => {
    expect(windowsJobState('gone')).toBe(9)
    expect(windowsJobState('Printed, Retained')).toBe(9)
    expect(windowsJobState('Printing, Retained')).toBe(5)
    expect(windowsJobState('Spooling')).toBe(5)
    expect(windowsJobState('Error, Printing')).toBe(6)
    expect(windowsJobState('Deleting')).toBe(7)
    expect(windowsJobState('Paused')).toBe(4)
    expect(windowsJobState('Normal')).toBe(3)
  })

  it('maps printer status names to idle, printing or stopped', () => {
    expect(windowsPrinterState('Normal')).toBe('idle')
    expect(windowsPrinterState('Printing')).toBe('printing')
    expect(windowsPrinterState('PaperJam')).toBe('stopped')
    expect(windowsPrinterState('Offline')).toBe('stopped')
  })
})
