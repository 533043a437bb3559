// The saved network setting (settings.json) as the options the swarm starts with.
import type { NetworkSetting } from '../../../shared/types.js'
import { parseHostPort, type HostPort } from './bootstrap-list.js'
import type { NetworkOptions } from './swarm-node.js'

/** auto: LAN discovery plus the public DHT when reachable; lan: LAN only; custom: the saved nodes. */
export function networkFromSetting(
  setting: NetworkSetting,
): Pick<NetworkOptions, 'bootstrap' | 'lan' | 'lanOnly'> {
  if (setting.mode === 'lan') return { lan: true, lanOnly: true }
  if (setting.mode === 'custom') {
    const bootstrap = setting.bootstrap.flatMap((text): HostPort[] => {
      try {
        return [parseHostPort(text)]
      } catch {
        return [] // a hand-edited settings.json: skip what does not parse
      }
    })
    if (bootstrap.length > 0) return { bootstrap, lan: false }
  }
  return { lan: true }
}
