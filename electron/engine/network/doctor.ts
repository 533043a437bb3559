// `network.doctor`: what this device's networking looks like and, in plain words, what to do when
// something is blocked. Reads state only; the one packet it may send is a lookup of the relay.
import type { NetworkReport, PeerConnection } from '../../../shared/types.js'
import type { Engine } from '../engine.js'
import type DHT from 'hyperdht'
import { formatHostPort, type HostPort } from './bootstrap-list.js'
import { describePath, relayAddress } from './connection-path.js'
import { publicBootstrap } from './dht-start.js'
import { adviceFor } from './doctor-advice.js'

const PING_MS = 2000

export async function networkReport(engine: Engine): Promise<NetworkReport> {
  const node = engine.node
  const dht = node.dht
  const lan = node.lanState()
  const relay = node.options.relayThrough ?? null
  const relayAt = relay ? await relayAddress(dht, relay) : null
  const local = new Set([
    ...node.addedNodes().map(formatHostPort),
    ...(lan?.devices ?? []).map(formatHostPort),
  ])
  const table = dht.toArray()
  const bootstrap = node.mode === 'custom' ? (node.options.bootstrap ?? []) : publicBootstrap()
  const connections: PeerConnection[] = node
    .peers()
    .filter((peer) => peer.admission === 'member')
    .map((peer) => ({
      key: peer.key,
      name: memberName(engine, peer.key),
      ...describePath(peer.conn, relayAt),
      connectedAt: peer.since,
    }))
  const report: NetworkReport = {
    mode: node.mode,
    bootstrap: {
      nodes: bootstrap.map(formatHostPort),
      reachable:
        node.mode !== 'lan' &&
        (table.some((n) => !local.has(formatHostPort(n))) || (await anyAnswers(dht, bootstrap))),
    },
    dht: {
      address: dht.host && dht.port ? formatHostPort({ host: dht.host, port: dht.port }) : null,
      localPort: dht.address().port || null,
      firewalled: dht.firewalled,
      nodes: table.length,
    },
    lan: {
      enabled: lan !== null,
      devices: (lan?.devices ?? []).map((d) => ({ address: formatHostPort(d), seenAt: d.seenAt })),
      firstAnswerMs: lan?.firstAnswerMs ?? null,
      error: lan?.error ?? null,
    },
    manualPeers: [...engine.settings.data.peers],
    relay: { through: relay },
    connections,
    advice: [],
  }
  report.advice = adviceFor(report, { members: knownMembers(engine), platform: process.platform })
  return report
}

/**
 * A bootstrap node answering from another address than the one it claims (a multi-homed server bound
 * to all interfaces) never enters the routing table, yet works: ask it directly.
 */
async function anyAnswers(dht: DHT, nodes: HostPort[]): Promise<boolean> {
  const pingable = dht as unknown as { ping(to: HostPort): Promise<unknown> }
  const answers = nodes.map((n) =>
    pingable.ping(n).then(
      () => true,
      () => false,
    ),
  )
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, PING_MS, false)))
  const answered = await Promise.race([Promise.all(answers).then((all) => all.some(Boolean)), timeout])
  clearTimeout(timer)
  return answered
}

function memberName(engine: Engine, key: string): string | null {
  for (const group of engine.groups.values()) {
    const member = group.roster.get(key)
    if (member) return member.name
  }
  return null
}

/** Other devices in our groups' rosters: are there peers we should be seeing? */
function knownMembers(engine: Engine): number {
  const keys = new Set<string>()
  for (const group of engine.groups.values()) for (const key of group.roster.keys()) keys.add(key)
  keys.delete(engine.identity.key)
  return keys.size
}
