import { describe, expect, it } from 'vitest'
import type { AnyEvent } from '../../shared/contract.js'
import type { AppSettings } from '../../shared/types.js'
import { setStartAtLogin } from './app-lifecycle.js'
import { LoginItemSync } from './login-item.js'

function settings(startAtLogin: boolean): AppSettings {
  return { network: { mode: 'auto', bootstrap: [] }, startAtLogin, dataDir: '/d', restartRequired: false }
}

function fakeClient(saved: AppSettings | Error) {
  const listeners = new Map<string, (e: AnyEvent) => void>()
  let seq = 0
  const client = {
    on: (name: string, cb: (e: AnyEvent) => void) => {
      listeners.set(name, cb)
      return () => {}
    },
    call: async (method: string) => {
      if (method !== 'settings.get') throw new Error(`unexpected ${method}`)
      if (saved instanceof Error) throw saved
      return saved
    },
  }
  const emit = (name: string, payload: unknown) =>
    listeners.get(name)?.({ seq: ++seq, at: 0, name, payload } as unknown as AnyEvent)
  return { client: client as never, emit }
}

function fakeApp() {
  const items: unknown[] = []
  return { items, app: { setLoginItemSettings: (s: unknown) => items.push(s) } }
}

describe('start at login', () => {
  it('applies the saved setting at start, then each change the engine announces', async () => {
    const { client, emit } = fakeClient(settings(true))
    const { app, items } = fakeApp()
    const sync = new LoginItemSync(client, (enabled) => setStartAtLogin(app, 'darwin', enabled))
    await sync.refresh()
    expect(items).toEqual([{ openAtLogin: true, openAsHidden: true, args: ['--hidden'] }])
    // An engine restart re-reads the same value: nothing to change.
    await sync.refresh()
    expect(items).toHaveLength(1)
    emit('settings.updated', { settings: settings(false) })
    expect(items.at(-1)).toEqual({ openAtLogin: false, openAsHidden: true, args: ['--hidden'] })
    emit('settings.updated', { settings: { ...settings(false), restartRequired: true } })
    expect(items).toHaveLength(2)
  })

  it('the default (off) is applied too, and a failing engine or OS is only logged', async () => {
    const logs: string[] = []
    const applied: boolean[] = []
    const off = fakeClient(settings(false))
    await new LoginItemSync(off.client, (e) => applied.push(e)).refresh()
    expect(applied).toEqual([false])

    const broken = fakeClient(new Error('engine gone'))
    const sync = new LoginItemSync(
      broken.client,
      () => {
        throw new Error('no login items here')
      },
      (m) => logs.push(m),
    )
    await sync.refresh()
    broken.emit('settings.updated', { settings: settings(true) })
    expect(logs).toEqual([
      'could not read the start-at-login setting: Error: engine gone',
      'could not change the login item: Error: no login items here',
    ])
  })
})
