// Applies validated roster ops to the view, deterministically: the same ops in the same order give the
// same roster on every device. Authority is checked here (who may invite, add, remove), not trusted.
import {
  keys,
  rosterOpSchema,
  type GroupMeta,
  type InviteRecord,
  type MemberRecord,
  type PrinterRecord,
  type RosterOp,
  type ShareRecord,
} from './roster-ops.js'

export interface RosterStore {
  get<T>(key: string): Promise<T | null>
  put(key: string, value: unknown): Promise<void>
  del(key: string): Promise<void>
  list<T>(prefix: string): Promise<T[]>
}

export interface WriterHost {
  addWriter(key: Buffer, opts: { indexer: boolean }): Promise<void>
  removeWriter(key: Buffer): Promise<void>
}

export interface ApplyResult {
  applied: boolean
  reason?: string
}

export async function applyOp(
  raw: unknown,
  writerKey: string,
  view: RosterStore,
  host: WriterHost,
): Promise<ApplyResult> {
  const parsed = rosterOpSchema.safeParse(raw)
  if (!parsed.success) return { applied: false, reason: 'malformed op' }
  const op = parsed.data
  const meta = await view.get<GroupMeta>(keys.meta)
  if (op.op === 'create') return meta ? skip('group exists') : create(op, writerKey, view)
  if (!meta) return skip('group not created yet')

  const authorKey = await view.get<string>(keys.writer(writerKey))
  const author = authorKey ? await view.get<MemberRecord>(keys.member(authorKey)) : null
  if (!author) return skip('author is not a member')

  switch (op.op) {
    case 'invite':
      if (author.role !== 'admin') return skip('only admins invite')
      if (await view.get(keys.invite(op.id))) return skip('invite exists')
      await view.put(keys.invite(op.id), {
        id: op.id,
        by: author.key,
        createdAt: op.at,
        expiresAt: op.expiresAt,
        usedBy: null,
      } satisfies InviteRecord)
      return ok()
    case 'add':
      return add(op, author, view, host)
    case 'rename':
      await view.put(keys.member(author.key), { ...author, name: op.name })
      return ok()
    case 'remove': {
      if (author.role !== 'admin') return skip('only admins remove members')
      const target = await view.get<MemberRecord>(keys.member(op.device))
      if (!target) return skip('not a member')
      if (target.key === author.key) return skip('use leave to remove yourself')
      await drop(target, view, host)
      await view.put(keys.removed(target.key), { by: author.key, at: op.at })
      return ok()
    }
    case 'leave':
      await drop(author, view, host)
      return ok()
    case 'share': {
      const existing = await view.get<ShareRecord>(keys.share(op.id))
      if (existing) return skip('share exists')
      const names = await view.list<ShareRecord>('shares/')
      if (names.some((s) => s.owner === author.key && s.name === op.name)) return skip('name in use')
      await view.put(keys.share(op.id), {
        id: op.id,
        name: op.name,
        owner: author.key,
        drive: op.drive,
        createdAt: op.at,
      } satisfies ShareRecord)
      return ok()
    }
    case 'unshare': {
      const share = await view.get<ShareRecord>(keys.share(op.id))
      if (!share) return skip('no such share')
      if (share.owner !== author.key && author.role !== 'admin')
        return skip('only the owner or an admin unshares')
      await view.del(keys.share(op.id))
      return ok()
    }
    case 'printer': {
      const existing = await view.get<PrinterRecord>(keys.printer(op.id))
      if (existing && existing.owner !== author.key) return skip('printer of another member')
      if (existing && op.at < existing.updatedAt) return skip('stale printer update')
      await view.put(keys.printer(op.id), {
        id: op.id,
        owner: author.key,
        queue: op.queue,
        name: op.name,
        color: op.color,
        duplex: op.duplex,
        media: op.media,
        state: op.state,
        createdAt: existing?.createdAt ?? op.at,
        updatedAt: op.at,
      } satisfies PrinterRecord)
      return ok()
    }
    case 'unprinter': {
      const printer = await view.get<PrinterRecord>(keys.printer(op.id))
      if (!printer) return skip('no such printer')
      if (printer.owner !== author.key && author.role !== 'admin')
        return skip('only the owner or an admin withdraws a printer')
      await view.del(keys.printer(op.id))
      return ok()
    }
  }
}

async function create(
  op: Extract<RosterOp, { op: 'create' }>,
  writer: string,
  view: RosterStore,
): Promise<ApplyResult> {
  await view.put(keys.meta, { name: op.name, createdAt: op.at, createdBy: op.device } satisfies GroupMeta)
  await view.put(keys.member(op.device), {
    key: op.device,
    writer,
    name: op.deviceName,
    role: 'admin',
    addedBy: null,
    addedAt: op.at,
  } satisfies MemberRecord)
  await view.put(keys.writer(writer), op.device)
  return ok()
}

async function add(
  op: Extract<RosterOp, { op: 'add' }>,
  author: MemberRecord,
  view: RosterStore,
  host: WriterHost,
): Promise<ApplyResult> {
  if (author.role !== 'admin') return skip('only admins add members')
  const invite = await view.get<InviteRecord>(keys.invite(op.invite))
  if (!invite) return skip('unknown invite')
  if (invite.usedBy) return skip('invite already used')
  if (op.at > invite.expiresAt) return skip('invite expired')
  if (await view.get(keys.member(op.device))) return skip('already a member')
  if (await view.get(keys.writer(op.writer))) return skip('writer key in use')
  await view.put(keys.invite(op.invite), { ...invite, usedBy: op.device })
  await view.put(keys.member(op.device), {
    key: op.device,
    writer: op.writer,
    name: op.name,
    role: op.role,
    addedBy: author.key,
    addedAt: op.at,
  } satisfies MemberRecord)
  await view.put(keys.writer(op.writer), op.device)
  await view.del(keys.removed(op.device))
  await host.addWriter(Buffer.from(op.writer, 'hex'), { indexer: op.role === 'admin' })
  return ok()
}

async function drop(member: MemberRecord, view: RosterStore, host: WriterHost): Promise<void> {
  await view.del(keys.member(member.key))
  await view.del(keys.writer(member.writer))
  try {
    await host.removeWriter(Buffer.from(member.writer, 'hex'))
  } catch {
    // Autobase refuses to remove the last indexer; the roster entry is gone all the same.
  }
  if (member.role === 'admin') await keepAnAdmin(view, host)
}

/** A group never ends up without an admin: the longest-standing member is promoted. */
async function keepAnAdmin(view: RosterStore, host: WriterHost): Promise<void> {
  const members = await view.list<MemberRecord>('members/')
  if (members.length === 0 || members.some((m) => m.role === 'admin')) return
  const [heir] = members.sort((a, b) => a.addedAt - b.addedAt || a.key.localeCompare(b.key))
  if (!heir) return
  await view.put(keys.member(heir.key), { ...heir, role: 'admin' })
  await host.addWriter(Buffer.from(heir.writer, 'hex'), { indexer: true })
}

function ok(): ApplyResult {
  return { applied: true }
}

function skip(reason: string): ApplyResult {
  return { applied: false, reason }
}
