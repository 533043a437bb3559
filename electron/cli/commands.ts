// The commands that talk to the running node of a data folder.
import { AppError } from '../../shared/errors.js'
import type { RpcClient } from '../../shared/rpc-client.js'
import { intOption, option, parseDuration, type ParsedArgs } from './args.js'
import { ago, table, type Output } from './output.js'
import { networkCommands } from './network-commands.js'

type Command = (client: RpcClient, args: ParsedArgs, out: Output) => Promise<void>

function word(args: ParsedArgs, index: number, what: string): string {
  const value = args.words[index]
  if (!value) throw new AppError('BAD_REQUEST', `missing ${what} (see peerdesk --help)`)
  return value
}

export const commands: Record<string, Command> = {
  ...networkCommands,
  async status(client, _args, out) {
    const s = await client.call('device.status', {})
    out.result({ name: s.name, key: s.key, fingerprint: s.fingerprint, network: s.network }, () =>
      [
        `Name:        ${s.name}`,
        `Key:         ${s.key}`,
        `Fingerprint: ${s.fingerprint}`,
        `Network:     ${s.network.mode === 'internet' ? 'internet (public DHT)' : `bootstrap ${s.network.bootstrap.join(', ')}`}`,
        `Connected:   ${s.network.connections} device(s)`,
      ].join('\n'),
    )
  },

  async name(client, args, out) {
    const s = await client.call('device.rename', { name: word(args, 1, 'the new name') })
    out.result({ name: s.name }, () => `This device is now called "${s.name}"`)
  },

  async group(client, args, out) {
    const sub = word(args, 1, 'a group command: create or list')
    if (sub === 'create') {
      const { id } = await client.call('workgroup.create', { name: word(args, 2, 'the group name') })
      out.result({ id }, () => id)
    } else if (sub === 'list') {
      const groups = await client.call('workgroup.list', {})
      out.result(groups, () =>
        groups.length === 0
          ? 'No workgroups yet: create one with `peerdesk group create NAME` or join with `peerdesk join CODE`'
          : table([
              ['ID', 'NAME', 'ROLE', 'MEMBERS', 'ONLINE'],
              ...groups.map((g) => [g.id, g.name, g.role, String(g.members), String(g.online)]),
            ]),
      )
    } else throw new AppError('BAD_REQUEST', `unknown group command "${sub}": use create or list`)
  },

  async invite(client, args, out) {
    const expires = option(args, 'expires')
    const invite = await client.call('invite.create', {
      group: word(args, 1, 'GROUP'),
      ...(expires ? { expiresInMs: parseDuration(expires) } : {}),
    })
    out.result({ invite: invite.invite, link: invite.link }, () =>
      [
        `Invite code: ${invite.invite}`,
        `Link:        ${invite.link}`,
        `Valid until ${new Date(invite.expiresAt).toLocaleString()}, for one device.`,
      ].join('\n'),
    )
  },

  async join(client, args, out) {
    const timeout = option(args, 'timeout')
    out.note('Waiting for an admin of the group to admit this device…')
    const { group } = await client.call('invite.redeem', {
      code: word(args, 1, 'CODE or LINK'),
      timeoutMs: timeout ? parseDuration(timeout) : 60_000,
    })
    // Admitted, but the roster comes from a member: say so if none is reachable yet.
    const joined = (await client.call('workgroup.list', {})).find((g) => g.id === group)
    if (!joined || joined.members === 0) {
      out.note('Admitted, but no member is reachable yet: the group appears once one is online.')
    }
    out.result({ group }, () => `Joined workgroup ${joined?.members ? `"${joined.name}" ` : ''}${group}`)
  },

  async members(client, args, out) {
    const members = await client.call('member.list', { group: word(args, 1, 'GROUP') })
    out.result(
      members.map((m) => ({ name: m.name, key: m.key, role: m.role, online: m.online })),
      () =>
        table([
          ['NAME', 'ROLE', 'STATUS', 'FINGERPRINT', 'KEY'],
          ...members.map((m) => [
            m.self ? `${m.name} (this device)` : m.name,
            m.role,
            m.online ? 'online' : `last seen ${ago(m.lastSeen)}`,
            m.fingerprint,
            m.key.slice(0, 16),
          ]),
        ]),
    )
  },

  async remove(client, args, out) {
    const { key } = await client.call('member.remove', {
      group: word(args, 1, 'GROUP'),
      member: word(args, 2, 'MEMBER'),
    })
    out.result({ key }, () => `Removed ${key.slice(0, 16)} from the group`)
  },

  async leave(client, args, out) {
    const { id } = await client.call('workgroup.leave', { group: word(args, 1, 'GROUP') })
    out.result({ id }, () => `Left workgroup ${id}`)
  },
}

export function timeoutFor(args: ParsedArgs): number {
  return intOption(args, 'call-timeout') ?? 0
}
