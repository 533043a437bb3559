// `peerdesk connect HOST:PORT` and `peerdesk doctor`: adding a device by address, and what the network
// looks like from here, in words.
import { AppError } from '../../shared/errors.js'
import type { RpcClient } from '../../shared/rpc-client.js'
import type { NetworkReport } from '../../shared/types.js'
import type { ParsedArgs } from './args.js'
import { ago, table, type Output } from './output.js'

type Command = (client: RpcClient, args: ParsedArgs, out: Output) => Promise<void>

const MODES: Record<NetworkReport['mode'], string> = {
  internet: 'internet (public DHT)',
  custom: 'bootstrap list',
  lan: 'local network only (no route to the internet)',
}

const PATHS = { lan: 'LAN direct', holepunched: 'holepunched', relayed: 'relayed' } as const

export const networkCommands: Record<string, Command> = {
  async connect(client, args, out) {
    const address = args.words[1]
    if (!address)
      throw new AppError('BAD_REQUEST', 'missing HOST:PORT (the DHT address `peerdesk doctor` shows)')
    const result = await client.call('network.connect', { address })
    out.result(result, () =>
      result.reachable
        ? `Added ${result.address}: it answered, and it is kept for next time.`
        : `Added ${result.address}, but it did not answer yet; it is kept and tried again at every start.`,
    )
  },

  async doctor(client, _args, out) {
    const report = await client.call('network.doctor', {})
    out.result(report, () => doctorText(report))
  },
}

export function doctorText(r: NetworkReport): string {
  const yes = (ok: boolean) => (ok ? 'yes' : 'no')
  const lines = [
    `Network:        ${MODES[r.mode]}`,
    `Bootstrap:      ${r.bootstrap.nodes.join(', ') || 'none'} (reachable: ${yes(r.bootstrap.reachable)})`,
    `This device:    ${r.dht.address ?? 'address not known yet'} (DHT port ${r.dht.localPort ?? '?'}, ${r.dht.firewalled ? 'behind NAT/firewall' : 'reachable directly'}, ${r.dht.nodes} node(s) known)`,
    `LAN discovery:  ${
      r.lan.enabled
        ? `${r.lan.devices.length} device(s) seen${r.lan.firstAnswerMs !== null ? `, first answer after ${r.lan.firstAnswerMs} ms` : ''}${r.lan.error ? `; error: ${r.lan.error}` : ''}`
        : 'off'
    }`,
  ]
  for (const d of r.lan.devices) lines.push(`                ${d.address} (seen ${ago(d.seenAt)})`)
  if (r.manualPeers.length) lines.push(`Added by hand:  ${r.manualPeers.join(', ')}`)
  if (r.relay.through) lines.push(`Relay:          ${r.relay.through.slice(0, 16)}…`)
  lines.push('')
  if (r.connections.length === 0) lines.push('Connected members: none')
  else {
    lines.push(
      table([
        ['MEMBER', 'PATH', 'ADDRESS', 'RTT'],
        ...r.connections.map((c) => [
          c.name ?? c.key.slice(0, 16),
          PATHS[c.path],
          c.address ?? '?',
          c.rttMs === null ? '-' : `${c.rttMs} ms`,
        ]),
      ]),
    )
  }
  if (r.advice.length) lines.push('', 'Advice:', ...r.advice.map((a) => `  - ${a}`))
  return lines.join('\n')
}
