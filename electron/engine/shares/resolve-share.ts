// Finding a share from what a person types: its id, or GROUP/NAME (the group an id or a unique name).
import { AppError } from '../../../shared/errors.js'
import type { Engine } from '../engine.js'
import { resolveGroup } from '../workgroups/resolve.js'
import type { ShareRef } from './share-host.js'

/** A share by id, or by GROUP/NAME (the group an id or a unique name). */
export async function resolveShare(engine: Engine, ref: string): Promise<ShareRef> {
  for (const group of engine.groups.values()) {
    const record = group.shares.get(ref)
    if (record) return { group, record }
  }
  for (let i = ref.indexOf('/'); i > 0; i = ref.indexOf('/', i + 1)) {
    const group = await resolveGroup(engine.groups.values(), ref.slice(0, i)).catch(() => null)
    const name = ref.slice(i + 1)
    const record = group && [...group.shares.values()].find((s) => s.name === name)
    if (group && record) return { group, record }
  }
  throw new AppError('NOT_FOUND', `No shared folder "${ref}": use its id or GROUP/NAME`)
}
