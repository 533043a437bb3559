// One reading of a group's presence for every place that shows it. `online` from the engine counts this
// device too, so "2 online" means the same thing in the sidebar, the header and the member list.
import type { Workgroup } from '../../../../shared/types.js'

export interface OnlineSummary {
  /** Online members other than this device. */
  others: number
  /** For the sidebar: "2 online", "Nobody else online", "Just you". */
  short: string
}

export function onlineSummary(group: Pick<Workgroup, 'members' | 'online'>): OnlineSummary {
  const others = Math.max(0, group.online - 1)
  const short = others > 0 ? `${group.online} online` : group.members > 1 ? 'Nobody else online' : 'Just you'
  return { others, short }
}
