// The contract's network methods: add a device by address, and the diagnostics report.
import type { HostedService } from '../../../shared/rpc-session.js'
import type { Engine } from '../engine.js'
import { createLogger } from '../logger.js'
import { formatHostPort, parseHostPort } from './bootstrap-list.js'
import { networkReport } from './doctor.js'

const log = createLogger('network')
const PING_MS = 3000

type NetworkService = Pick<HostedService, 'network.connect' | 'network.doctor'>

interface Pingable {
  ping(to: { host: string; port: number }, opts?: { retry?: boolean }): Promise<unknown>
}

export function createNetworkService(engine: Engine): NetworkService {
  return {
    'network.connect': async ({ address }) => {
      const node = parseHostPort(address)
      const text = formatHostPort(node)
      // Saved first: a device that is off now is still tried at the next start.
      if (!engine.settings.data.peers.includes(text)) {
        await engine.settings.update((data) => {
          data.peers.push(text)
        })
      }
      engine.node.addNode(node)
      const reachable = await ping(engine, node)
      return { address: text, reachable, peers: [...engine.settings.data.peers] }
    },

    'network.doctor': async () => networkReport(engine),
  }
}

async function ping(engine: Engine, node: { host: string; port: number }): Promise<boolean> {
  const dht = engine.node.dht as unknown as Pingable
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PING_MS)))
  const answered = dht.ping(node).then(
    () => true,
    (err: unknown) => {
      log.debug(`no answer from ${formatHostPort(node)}: ${String(err)}`)
      return false
    },
  )
  const result = await Promise.race([answered, timeout])
  clearTimeout(timer)
  return result
}
