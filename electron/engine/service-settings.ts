// The contract's app settings: how the device joins the network (at the next start) and whether the
// desktop app opens at login.
import { AppError } from '../../shared/errors.js'
import type { HostedService } from '../../shared/rpc-session.js'
import type { AppSettings, NetworkSetting } from '../../shared/types.js'
import { formatHostPort, parseHostPort } from './network/bootstrap-list.js'
import type { Engine } from './engine.js'

type SettingsMethods = Pick<HostedService, 'settings.get' | 'settings.update'>

function sameNetwork(a: NetworkSetting, b: NetworkSetting): boolean {
  if (a.mode !== b.mode) return false
  // The list only matters to the mode that uses it.
  return a.mode !== 'custom' || a.bootstrap.join(',') === b.bootstrap.join(',')
}

export function createSettingsService(engine: Engine): SettingsMethods {
  // What the engine started with: the saved setting before this run's first change.
  let started: NetworkSetting | null = null
  const startedWith = () => (started ??= structuredClone(engine.settings.data.network))

  const describe = (): AppSettings => {
    const { network, startAtLogin } = engine.settings.data
    return {
      network: structuredClone(network),
      startAtLogin,
      dataDir: engine.dataDir,
      restartRequired: !sameNetwork(network, startedWith()),
    }
  }

  return {
    'settings.get': async () => describe(),
    'settings.update': async ({ network, startAtLogin }) => {
      startedWith()
      let next: NetworkSetting | undefined
      if (network) {
        const bootstrap = network.bootstrap
          ? [...new Set(network.bootstrap.map((node) => formatHostPort(parseHostPort(node))))]
          : engine.settings.data.network.bootstrap
        if (network.mode === 'custom' && bootstrap.length === 0) {
          throw new AppError('BAD_REQUEST', 'Custom bootstrap mode needs at least one HOST:PORT node')
        }
        next = { mode: network.mode, bootstrap: [...bootstrap] }
      }
      await engine.settings.update((data) => {
        if (next) data.network = next
        if (startAtLogin !== undefined) data.startAtLogin = startAtLogin
      })
      const settings = describe()
      engine.events.emit('settings.updated', { settings })
      return settings
    },
  }
}
