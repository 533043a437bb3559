// Plain-language hints from a network report: what looks blocked and what a person can do about it.
// Pure, so every rule is tested without a network.
import type { NetworkReport } from '../../../shared/types.js'

export interface AdviceContext {
  /** Other devices in this device's groups. */
  members: number
  platform: string
}

const CONNECT_HINT =
  'Add a device by address instead: run `peerdesk doctor` on it and give its DHT address to `peerdesk connect HOST:PORT` here.'

export function adviceFor(report: NetworkReport, ctx: AdviceContext): string[] {
  const advice: string[] = []
  const { lan, bootstrap, connections } = report
  const lanConnections = connections.filter((c) => c.path === 'lan').length
  const missing = Math.max(0, ctx.members - connections.length)

  if (lan.enabled && lan.error) {
    const why = lan.error === 'ENETUNREACH' ? ' (no route for multicast on any network interface)' : ''
    advice.push(
      `This device cannot use multicast (mDNS): ${lan.error}${why}. Other devices on the LAN will not find it by themselves. ${CONNECT_HINT}`,
    )
  }
  if (lan.enabled && lan.devices.length === 0) {
    if (lanConnections > 0 || report.manualPeers.length > 0) {
      advice.push(
        'Multicast looks filtered on this network: devices here are reachable, but none answered mDNS (UDP 5353 to 224.0.0.251). A router setting, Wi-Fi client isolation or a firewall may drop it. Devices added by address keep working.',
      )
    } else if (ctx.members > 0) {
      advice.push(
        `No Peerdesk device answered on the local network. If other members are running here, multicast (mDNS, UDP 5353) may be blocked by the router, Wi-Fi client isolation or a firewall. ${CONNECT_HINT}`,
      )
    }
  }
  if (report.mode === 'internet' && !bootstrap.reachable) {
    advice.push(
      'The public DHT does not answer: outgoing UDP may be blocked by a firewall. Devices on this LAN can still find each other; to link sites, run `peerdesk bootstrap` on a server everyone reaches and start devices with `--bootstrap HOST:PORT`.',
    )
  }
  if (report.mode === 'custom' && !bootstrap.reachable) {
    advice.push(
      `None of the bootstrap nodes answered (${bootstrap.nodes.join(', ')}): check that \`peerdesk bootstrap\` runs there and that its UDP port is open.`,
    )
  }
  if (report.mode === 'lan' && lan.devices.length === 0 && report.dht.nodes === 0) {
    advice.push(
      'There is no route to the internet and no other device on this network was found yet: this device waits for others to appear.',
    )
  }
  if (missing > 0) {
    advice.push(
      `${missing === 1 ? '1 member is' : `${missing} members are`} not connected: they may be offline, asleep, or blocked by a firewall.${report.dht.firewalled && report.mode !== 'lan' ? ' This device is behind a NAT or firewall; if holepunching fails, ask for a relay (`--relay-through KEY`, from `peerdesk bootstrap --relay`).' : ''}`,
    )
  }
  for (const c of connections.filter((c) => c.path === 'relayed')) {
    advice.push(
      `The connection to ${c.name ?? c.key.slice(0, 8)} is relayed through ${c.address ?? 'a relay'}: holepunching failed, so it is slower than a direct path.`,
    )
  }
  if (ctx.platform === 'win32' && (missing > 0 || (lan.enabled && lan.devices.length === 0))) {
    advice.push(
      `Windows: when Windows Defender Firewall asks, allow Peerdesk on private networks (UDP port ${report.dht.localPort ?? 'of the DHT'} and 5353 for mDNS); otherwise other devices cannot reach this one.`,
    )
  }
  return advice
}
