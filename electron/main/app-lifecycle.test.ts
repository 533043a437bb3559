import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  claimSingleInstance,
  dataDirFrom,
  hideOnClose,
  linkFromArgv,
  QuitController,
  registerProtocol,
  setStartAtLogin,
  watchPower,
} from './app-lifecycle.js'

afterEach(() => vi.useRealTimers())

describe('single instance', () => {
  function fakeApp(locked: boolean) {
    const emitter = new EventEmitter()
    return Object.assign(emitter, { requestSingleInstanceLock: () => locked })
  }

  it('a second launch focuses the window and hands it the peerdesk:// link from argv', () => {
    const app = fakeApp(true)
    const seen: string[] = []
    expect(claimSingleInstance(app, { focus: () => seen.push('focus'), openLink: (l) => seen.push(l) })).toBe(
      true,
    )
    app.emit('second-instance', {}, ['/opt/Peerdesk/peerdesk', '--flag', 'peerdesk://join/abc123'])
    expect(seen).toEqual(['focus', 'peerdesk://join/abc123'])
  })

  it('a second launch with no link only focuses', () => {
    const app = fakeApp(true)
    const seen: string[] = []
    claimSingleInstance(app, { focus: () => seen.push('focus'), openLink: (l) => seen.push(l) })
    app.emit('second-instance', {}, ['/opt/Peerdesk/peerdesk'])
    expect(seen).toEqual(['focus'])
  })

  it('macOS open-url events reach the window too', () => {
    const app = fakeApp(true)
    const seen: string[] = []
    claimSingleInstance(app, { focus: () => seen.push('focus'), openLink: (l) => seen.push(l) })
    let prevented = false
    app.emit('open-url', { preventDefault: () => (prevented = true) }, 'peerdesk://join/xyz')
    expect(prevented).toBe(true)
    expect(seen).toEqual(['focus', 'peerdesk://join/xyz'])
  })

  it('the instance that loses the lock is told to quit', () => {
    expect(claimSingleInstance(fakeApp(false), { focus: () => {}, openLink: () => {} })).toBe(false)
  })

  it('finds links in argv regardless of case', () => {
    expect(linkFromArgv(['x', 'PEERDESK://join/Q'])).toBe('PEERDESK://join/Q')
    expect(linkFromArgv(['x', 'https://peerdesk.example'])).toBeNull()
  })
})

describe('registerProtocol', () => {
  it('registers peerdesk:// for the packaged app, and with our script in development', () => {
    const calls: unknown[][] = []
    const app = { setAsDefaultProtocolClient: (...args: unknown[]) => (calls.push(args), true) }
    registerProtocol(app, { execPath: '/opt/peerdesk', argv: ['/opt/peerdesk'] })
    registerProtocol(app, {
      defaultApp: true,
      execPath: '/bin/electron',
      argv: ['/bin/electron', 'main.cjs'],
    })
    expect(calls).toEqual([['peerdesk'], ['peerdesk', '/bin/electron', ['main.cjs']]])
  })
})

describe('QuitController', () => {
  it('closes the engine before exiting', async () => {
    const order: string[] = []
    const quit = new QuitController({
      closeEngine: async () => {
        await new Promise((r) => setTimeout(r, 5))
        order.push('engine closed')
      },
      exit: (code) => order.push(`exit ${code}`),
    })
    await quit.quit()
    expect(order).toEqual(['engine closed', 'exit 0'])
  })

  it('exits after the time limit when the engine close hangs', async () => {
    vi.useFakeTimers()
    const order: string[] = []
    const quit = new QuitController({
      closeEngine: () => new Promise<void>(() => {}),
      timeoutMs: 5000,
      onTimeout: () => order.push('killed'),
      exit: (code) => order.push(`exit ${code}`),
    })
    const done = quit.quit()
    await vi.advanceTimersByTimeAsync(4999)
    expect(order).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    await done
    expect(order).toEqual(['killed', 'exit 1'])
  })

  it('quits once however often it is asked, and holds Electron back until then', async () => {
    let closes = 0
    const exits: number[] = []
    const quit = new QuitController({ closeEngine: async () => void closes++, exit: (c) => exits.push(c) })
    const app = new EventEmitter()
    quit.install(app)
    let prevented = 0
    app.emit('before-quit', { preventDefault: () => prevented++ })
    await Promise.all([quit.quit(), quit.quit()])
    expect({ closes, exits, prevented, quitting: quit.quitting }).toEqual({
      closes: 1,
      exits: [0],
      prevented: 1,
      quitting: true,
    })
  })

  it('still exits when the engine close fails', async () => {
    const exits: number[] = []
    await new QuitController({
      closeEngine: () => Promise.reject(new Error('boom')),
      exit: (c) => exits.push(c),
    }).quit()
    expect(exits).toEqual([1])
  })
})

describe('hideOnClose', () => {
  it('hides to the tray instead of closing, and says so once', () => {
    const win = Object.assign(new EventEmitter(), { hidden: 0, hide: () => win.hidden++ })
    let told = 0
    let quitting = false
    hideOnClose(win, { isQuitting: () => quitting, tellOnce: () => told++ })
    const close = () => {
      let prevented = false
      win.emit('close', { preventDefault: () => (prevented = true) })
      return prevented
    }
    expect(close()).toBe(true)
    expect(close()).toBe(true)
    expect({ hidden: win.hidden, told }).toEqual({ hidden: 2, told: 1 })
    quitting = true
    expect(close()).toBe(false)
  })

  it('stays quiet when an earlier run already told the user', () => {
    const win = Object.assign(new EventEmitter(), { hide: () => {} })
    let told = 0
    hideOnClose(win, { isQuitting: () => false, tellOnce: () => told++, told: true })
    win.emit('close', { preventDefault: () => {} })
    expect(told).toBe(0)
  })
})

describe('power and login', () => {
  it('calls the suspend and resume hooks it was given, and tolerates none', () => {
    const monitor = new EventEmitter()
    const seen: string[] = []
    watchPower(monitor, { onSuspend: () => seen.push('suspend'), onResume: () => seen.push('resume') })
    watchPower(monitor, {})
    monitor.emit('suspend')
    monitor.emit('resume')
    expect(seen).toEqual(['suspend', 'resume'])
  })

  it('starts hidden at login where Electron supports it', () => {
    const settings: unknown[] = []
    const app = { setLoginItemSettings: (s: unknown) => settings.push(s) }
    expect(setStartAtLogin(app, 'win32', true)).toBe(true)
    expect(setStartAtLogin(app, 'linux', true)).toBe(false)
    expect(settings).toEqual([{ openAtLogin: true, openAsHidden: true, args: ['--hidden'] }])
  })

  it('takes the data folder from --data, then PEERDESK_DATA, then userData', () => {
    expect(dataDirFrom(['e', '--data', '/d1'], { PEERDESK_DATA: '/d2' }, '/u')).toBe('/d1')
    expect(dataDirFrom(['e', '--data=/d3'], {}, '/u')).toBe('/d3')
    expect(dataDirFrom(['e'], { PEERDESK_DATA: '/d2' }, '/u')).toBe('/d2')
    expect(dataDirFrom(['e'], {}, '/u')).toBe('/u')
  })
})
