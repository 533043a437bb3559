import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { showWhenReady, windowOptions } from './window-options.js'

describe('windowOptions', () => {
  it('isolates the renderer: sandboxed, context-isolated, no Node', () => {
    const opts = windowOptions({ preload: '/app/preload.cjs' })
    expect(opts.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    })
  })

  it('opens hidden at 1100x720 with a 900x600 minimum', () => {
    const opts = windowOptions({ preload: 'p' })
    expect(opts).toMatchObject({ show: false, width: 1100, height: 720, minWidth: 900, minHeight: 600 })
  })

  it('shows the window once its first frame is ready', () => {
    const win = Object.assign(new EventEmitter(), { shown: 0, show: () => win.shown++ })
    showWhenReady(win)
    expect(win.shown).toBe(0)
    win.emit('ready-to-show')
    expect(win.shown).toBe(1)
  })
})
