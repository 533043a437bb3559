import { describe, expect, it } from 'vitest'
import { CupsBackend, createPrinterBackend } from './printer-backend.js'
import { WindowsSpooler } from './windows-spooler.js'

describe('createPrinterBackend', () => {
  it('uses CUPS on Linux and macOS, honouring CUPS_SERVER from the environment given', () => {
    const linux = createPrinterBackend('linux', { CUPS_SERVER: 'localhost:8641' })
    expect(linux).toBeInstanceOf(CupsBackend)
    expect(linux.kind).toBe('cups')
    expect((linux as CupsBackend).server).toBe('localhost:8641')
    expect(createPrinterBackend('darwin', {}).kind).toBe('cups')
    expect((createPrinterBackend('darwin', {}) as CupsBackend).server).toBeNull()
  })

  it('uses the spooler on Windows', () => {
    const windows = createPrinterBackend('win32', {})
    expect(windows).toBeInstanceOf(WindowsSpooler)
    expect(windows.kind).toBe('windows')
  })
})
