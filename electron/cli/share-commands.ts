// CLI commands for shared folders. SHARE is an id or GROUP/NAME; SHARE/PATH adds a path inside it.
import path from 'node:path'
import { AppError } from '../../shared/errors.js'
import type { RpcClient } from '../../shared/rpc-client.js'
import type { Transfer } from '../../shared/types.js'
import { transferEnd } from '../../shared/transfer-end.js'
import { intOption, option, type ParsedArgs } from './args.js'
import { ago, table, type Output } from './output.js'

type Command = (client: RpcClient, args: ParsedArgs, out: Output) => Promise<void>

function word(args: ParsedArgs, index: number, what: string): string {
  const value = args.words[index]
  if (!value) throw new AppError('BAD_REQUEST', `missing ${what} (see peerdesk --help)`)
  return value
}

/** "id/docs/a.txt" or "Office/Reports/docs/a.txt" -> the share and the path inside it. */
export function splitSharePath(arg: string): { share: string; path: string } {
  const parts = arg.split('/')
  const take = /^[0-9a-f]{16}$/.test(parts[0] ?? '') ? 1 : 2
  if (parts.length < take || parts.slice(0, take).some((p) => p === '')) {
    throw new AppError('BAD_REQUEST', `"${arg}" is not SHARE[/PATH] (SHARE: an id or GROUP/NAME)`)
  }
  return { share: parts.slice(0, take).join('/'), path: '/' + parts.slice(take).join('/') }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = n / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}

/** Follow a transfer to its end, drawing progress on stderr; fails unless it completed. */
async function follow(client: RpcClient, id: string, out: Output): Promise<Transfer> {
  const drawing = !out.json && process.stderr.isTTY
  const draw = (t: Transfer) => {
    if (!drawing) return
    const pct = t.bytesTotal > 0 ? Math.floor((t.bytesDone / t.bytesTotal) * 100) : 0
    const rate = t.rate > 0 ? `${formatBytes(Math.round(t.rate))}/s` : ''
    const peers = t.peers > 0 ? `${t.peers} peer${t.peers === 1 ? '' : 's'}` : ''
    process.stderr.write(
      `\r  ${formatBytes(t.bytesDone)} / ${formatBytes(t.bytesTotal)}  ${pct}%  ${rate}  ${peers}`.padEnd(70),
    )
  }
  try {
    return await transferEnd(client, id, draw)
  } finally {
    if (drawing) process.stderr.write('\n')
  }
}

function transferLine(t: Transfer): string {
  return `${formatBytes(t.bytesTotal)} in ${(((t.endedAt ?? Date.now()) - t.startedAt) / 1000).toFixed(1)} s`
}

export const shareCommands: Record<string, Command> = {
  async share(client, args, out) {
    const group = word(args, 1, 'GROUP')
    const folder = path.resolve(word(args, 2, 'PATH'))
    const name = option(args, 'name')
    out.note(`Importing ${folder}…`)
    const { id } = await client.call('share.create', { group, path: folder, ...(name ? { name } : {}) })
    out.result({ id }, () => id)
  },

  async unshare(client, args, out) {
    const { id } = await client.call('share.remove', { share: word(args, 1, 'SHARE') })
    out.result({ id }, () => `Stopped sharing ${id}`)
  },

  async shares(client, args, out) {
    const shares = await client.call('share.list', { group: word(args, 1, 'GROUP') })
    out.result(
      shares.map((s) => ({ id: s.id, name: s.name, owner: s.owner, files: s.files, bytes: s.bytes })),
      () =>
        shares.length === 0
          ? 'No shared folders in this group yet: share one with `peerdesk share GROUP PATH`'
          : table([
              ['ID', 'NAME', 'OWNER', 'FILES', 'SIZE', 'HERE'],
              ...shares.map((s) => [
                s.id,
                s.name,
                `${s.self ? 'you' : s.ownerName}${s.ownerOnline ? '' : ' (offline)'}`,
                s.available ? String(s.files) : '?',
                s.available ? formatBytes(s.bytes) : '?',
                s.bytes > 0 ? `${Math.floor((s.localBytes / s.bytes) * 100)}%` : '-',
              ]),
            ]),
    )
  },

  async ls(client, args, out) {
    const { share, path: where } = splitSharePath(word(args, 1, 'SHARE[/PATH]'))
    const entries = await client.call('share.browse', { share, path: where })
    out.result(
      entries.map((e) => ({ path: e.path, size: e.size, mtime: e.mtime, type: e.type })),
      () =>
        table([
          ['TYPE', 'SIZE', 'MODIFIED', 'NAME'],
          ...entries.map((e) => [
            e.type,
            e.type === 'dir' ? '-' : formatBytes(e.size),
            e.mtime ? new Date(e.mtime).toISOString().slice(0, 16).replace('T', ' ') : '-',
            e.type === 'dir' ? `${e.name}/` : e.name,
          ]),
        ]),
    )
  },

  async get(client, args, out) {
    const { share, path: where } = splitSharePath(word(args, 1, 'SHARE[/PATH]'))
    const dest = path.resolve(word(args, 2, 'DEST'))
    const { transfer } = await client.call('file.download', { share, path: where, dest })
    const done = await follow(client, transfer, out)
    out.result(done, () => `Downloaded ${where} to ${dest}: ${transferLine(done)}, verified`)
  },

  async sync(client, args, out) {
    const share = word(args, 1, 'SHARE')
    const sync = await client.call('sync.add', { share, dest: path.resolve(word(args, 2, 'DEST')) })
    out.result(sync, () => `${sync.dest} now stays a copy of ${share}`)
  },

  async unsync(client, args, out) {
    const result = await client.call('sync.remove', {
      share: word(args, 1, 'SHARE'),
      dest: path.resolve(word(args, 2, 'DEST')),
    })
    out.result(result, () => `${result.dest} no longer syncs (its files stay)`)
  },

  async history(client, args, out) {
    const { share, path: where } = splitSharePath(word(args, 1, 'SHARE[/PATH]'))
    const versions = await client.call('share.history', { share, path: where })
    out.result(versions, () =>
      table([
        ['VERSION', 'WHEN', 'CHANGE'],
        ...versions.map((v) => [
          String(v.version),
          v.time ? `${new Date(v.time).toLocaleString()} (${ago(v.time)})` : '-',
          v.size !== null
            ? v.deleted
              ? 'deleted'
              : formatBytes(v.size)
            : `+${v.added} ~${v.changed} -${v.removed}`,
        ]),
      ]),
    )
  },

  async restore(client, args, out) {
    const { share, path: where } = splitSharePath(word(args, 1, 'SHARE[/PATH]'))
    const version = intOption(args, 'version')
    if (!version) throw new AppError('BAD_REQUEST', 'restore needs --version N (see peerdesk history)')
    const dest = path.resolve(word(args, 2, 'DEST'))
    const { transfer } = await client.call('share.restore', { share, path: where, version, dest })
    const done = await follow(client, transfer, out)
    out.result(done, () => `Restored ${where} as of version ${version} to ${dest}: ${transferLine(done)}`)
  },

  async transfers(client, _args, out) {
    const list = await client.call('transfer.list', {})
    out.result(list, () =>
      list.length === 0
        ? 'No transfers'
        : table([
            ['ID', 'KIND', 'STATE', 'PROGRESS', 'RATE', 'PEERS', 'PATH'],
            ...list.map((t) => [
              t.id,
              t.kind,
              t.error ? `${t.state}: ${t.error.code}` : t.state,
              `${formatBytes(t.bytesDone)} / ${formatBytes(t.bytesTotal)}`,
              t.rate > 0 ? `${formatBytes(Math.round(t.rate))}/s` : '-',
              String(t.peers),
              `${t.share}${t.path}`,
            ]),
          ]),
    )
  },
}

/** Commands that follow events (transfers to their end). */
export const FOLLOWING = new Set(['get', 'restore'])
