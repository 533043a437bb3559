// "Start Peerdesk when I log in": the engine keeps the setting (settings.json, `settings.update`), the
// shell applies it to the OS login item at start, after an engine restart, and on `settings.updated`.
import type { RpcClient } from '../../shared/rpc-client.js'

type SettingsClient = Pick<RpcClient, 'call' | 'on'>

export class LoginItemSync {
  readonly #client: SettingsClient
  readonly #apply: (enabled: boolean) => void
  readonly #log: (msg: string) => void
  #applied: boolean | null = null

  /** `apply` sets the OS login item (setStartAtLogin); it runs only when the value changes. */
  constructor(client: SettingsClient, apply: (enabled: boolean) => void, log = (_: string) => {}) {
    this.#client = client
    this.#apply = apply
    this.#log = log
    client.on('settings.updated', (event) => this.#set(event.payload.settings.startAtLogin))
  }

  /** Read the saved setting and apply it: at start and after the engine restarted. */
  async refresh(): Promise<void> {
    try {
      this.#set((await this.#client.call('settings.get', {})).startAtLogin)
    } catch (err) {
      this.#log(`could not read the start-at-login setting: ${String(err)}`)
    }
  }

  #set(enabled: boolean): void {
    if (enabled === this.#applied) return
    this.#applied = enabled
    try {
      this.#apply(enabled)
    } catch (err) {
      this.#log(`could not change the login item: ${String(err)}`)
    }
  }
}
