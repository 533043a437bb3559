// The contract's methods, implemented on the engine. Params arrive validated by the session.
import { randomBytes } from 'node:crypto'
import Autobase from 'autobase'
import type Corestore from 'corestore'
import { AppError } from '../../shared/errors.js'
import { codeFromInput, inviteLink } from '../../shared/links.js'
import type { HostedService } from '../../shared/rpc-session.js'
import { formatHostPort } from './network/bootstrap-list.js'
import { fingerprint } from './identity.js'
import type { Engine } from './engine.js'
import type { GroupEntry } from './settings.js'
import { describeGroup, describeMember } from './workgroups/describe.js'
import { createInviteSecret } from './workgroups/invite-code.js'
import { redeemInvite } from './workgroups/pairing.js'
import { answerInvites } from './workgroups/admission.js'
import { createShareService } from './service-shares.js'
import { createNetworkService } from './network/network-service.js'
import { createPrintService } from './service-printing.js'
import { createSettingsService } from './service-settings.js'
import { resolveGroup, resolveMember } from './workgroups/resolve.js'
import type { Workgroup } from './workgroups/workgroup.js'

const DEFAULT_INVITE_MS = 24 * 3600_000
const DEFAULT_REDEEM_MS = 60_000
const ROSTER_WAIT_MS = 15_000
const LEAVE_GRACE_MS = 1500

export function createService(engine: Engine): HostedService {
  const status = () => {
    const { bootstrap, host, port } = engine.networkOptions
    return {
      name: engine.settings.data.name,
      key: engine.identity.key,
      fingerprint: fingerprint(engine.identity.key),
      network: {
        mode: engine.node.mode,
        bootstrap: (bootstrap ?? []).map(formatHostPort),
        host: host ?? null,
        port: port ?? null,
        connections: engine.node.memberKeys().size,
      },
    }
  }

  const group = (ref: string) => resolveGroup(engine.groups.values(), ref)

  const requireAdmin = (g: Workgroup) => {
    if (g.roster.get(engine.identity.key)?.role !== 'admin') {
      throw new AppError('FORBIDDEN', 'Only an admin of this group can do that')
    }
  }

  const workgroupService: Omit<
    HostedService,
    | keyof ReturnType<typeof createShareService>
    | keyof ReturnType<typeof createNetworkService>
    | keyof ReturnType<typeof createPrintService>
    | keyof ReturnType<typeof createSettingsService>
  > = {
    'device.status': async () => status(),

    'device.rename': async ({ name }) => {
      await engine.settings.update((data) => {
        data.name = name
      })
      for (const g of engine.groups.values()) {
        if (g.roster.get(engine.identity.key)?.name !== name)
          await g.append({ op: 'rename', name, at: Date.now() })
      }
      engine.events.emit('device.renamed', { name })
      return status()
    },

    'workgroup.create': async ({ name }) => {
      const entry: GroupEntry = {
        key: '',
        encryptionKey: randomBytes(32).toString('hex'),
        namespace: randomBytes(16).toString('hex'),
        joinedAt: Date.now(),
        lastSeen: {},
      }
      const g = await engine.openGroup(entry)
      await g.append({
        op: 'create',
        name,
        device: engine.identity.key,
        deviceName: engine.settings.data.name,
        at: Date.now(),
      })
      await engine.waitForRoster(g, (r) => r.has(engine.identity.key), ROSTER_WAIT_MS, 'the new group')
      entry.key = g.key.toString('hex')
      await engine.settings.update((data) => data.groups.push(entry))
      engine.events.emit('group.created', { group: await describeGroup(engine, g) })
      return { id: g.id }
    },

    'workgroup.list': async () =>
      Promise.all([...engine.groups.values()].map((g) => describeGroup(engine, g))),

    'workgroup.leave': async ({ group: ref }) => {
      const g = await group(ref)
      const id = g.id
      if (g.roster.has(engine.identity.key))
        await g.append({ op: 'leave', at: Date.now() }).catch(() => undefined)
      // Give the leave op a moment to reach a peer, so the others see us go rather than just go quiet.
      await new Promise((resolve) =>
        setTimeout(resolve, engine.node.memberKeys().size > 0 ? LEAVE_GRACE_MS : 0),
      )
      if (engine.groups.has(id)) {
        await engine.closeGroup(g)
        engine.events.emit('group.left', { groupId: id })
      }
      return { id }
    },

    'invite.create': async ({ group: ref, expiresInMs }) => {
      const g = await group(ref)
      requireAdmin(g)
      const secret = createInviteSecret(g.discoveryKey, Date.now() + (expiresInMs ?? DEFAULT_INVITE_MS))
      await g.append({ op: 'invite', id: secret.id, expiresAt: secret.expiresAt, at: Date.now() })
      await g.refresh()
      const record = await g.invite(secret.id)
      if (!record) throw new AppError('INTERNAL', 'The invite was not recorded')
      // The roster update answers the invite; answer now too so the code works at once.
      await answerInvites(engine, g)
      return { invite: secret.code, link: inviteLink(secret.code), expiresAt: secret.expiresAt }
    },

    'invite.redeem': async ({ code, timeoutMs }) => {
      const namespace = randomBytes(16).toString('hex')
      const writer = await Autobase.getLocalKey(engine.store.namespace(namespace) as Corestore)
      // Strangers may connect while we redeem, until the group is open and its first peers admitted.
      const g = await engine.whileRedeeming(async () => {
        const auth = await redeemInvite({
          pairing: engine.pairing,
          code: codeFromInput(code),
          candidate: {
            device: engine.identity.key,
            writer: writer.toString('hex'),
            name: engine.settings.data.name,
          },
          timeoutMs: timeoutMs ?? DEFAULT_REDEEM_MS,
          signal: engine.signal,
        })
        const key = auth.key.toString('hex')
        if (engine.settings.data.groups.some((entry) => entry.key === key)) {
          throw new AppError('CONFLICT', 'This device is already in that group')
        }
        const entry: GroupEntry = {
          key,
          encryptionKey: auth.encryptionKey.toString('hex'),
          namespace,
          joinedAt: Date.now(),
          lastSeen: {},
        }
        await engine.settings.update((data) => data.groups.push(entry))
        return engine.openGroup(entry)
      })
      await engine
        .waitForRoster(g, (r) => r.has(engine.identity.key), ROSTER_WAIT_MS, 'the group roster')
        .catch(() => undefined) // admitted all the same: the roster arrives when a member is reachable
      engine.events.emit('group.joined', { group: await describeGroup(engine, g) })
      return { group: g.id }
    },

    'member.list': async ({ group: ref }) => {
      const g = await group(ref)
      return [...g.roster.values()]
        .sort((a, b) => a.addedAt - b.addedAt || a.key.localeCompare(b.key))
        .map((m) => describeMember(engine, g, m))
    },

    'member.remove': async ({ group: ref, member }) => {
      const g = await group(ref)
      requireAdmin(g)
      const target = resolveMember(g.roster, member)
      if (target.key === engine.identity.key) {
        throw new AppError('BAD_REQUEST', 'You cannot remove yourself: leave the group instead')
      }
      await g.append({ op: 'remove', device: target.key, at: Date.now() })
      await engine.waitForRoster(g, (r) => !r.has(target.key), ROSTER_WAIT_MS, 'the removal')
      return { key: target.key }
    },
  }

  const service: HostedService = {
    ...workgroupService,
    ...createShareService(engine),
    ...createNetworkService(engine),
    ...createPrintService(engine),
    ...createSettingsService(engine),
  }

  // Every call fails with CLOSED once the engine is shutting down.
  for (const [name, handler] of Object.entries(service) as [string, (p: unknown) => Promise<unknown>][]) {
    ;(service as Record<string, unknown>)[name] = (params: unknown) => {
      engine.assertOpen()
      return handler(params)
    }
  }
  return service
}
