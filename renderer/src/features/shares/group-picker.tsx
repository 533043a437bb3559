// Which group's shares the page shows, when this device is in more than one.
import type { Workgroup } from '../../../../shared/types.js'

interface GroupPickerProps {
  groups: readonly Workgroup[]
  value: string
  onChange: (groupId: string) => void
}

export function GroupPicker({ groups, value, onChange }: GroupPickerProps) {
  return (
    <select
      aria-label="Workgroup"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      className="h-8 rounded-md border border-zinc-300 bg-white px-2 text-[13px] text-zinc-800 shadow-xs dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-100"
    >
      {groups.map((g) => (
        <option key={g.id} value={g.id}>
          {g.name}
        </option>
      ))}
    </select>
  )
}
