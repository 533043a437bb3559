// One shared printer in a group's list: name and what it can do, its owner and presence, its state,
// and what this person may do with it.
import type { Printer } from '../../../../shared/types.js'
import { Avatar } from '../../ui/avatar.js'
import { Button } from '../../ui/button.js'
import { cx } from '../../ui/cx.js'
import { PrinterIcon } from '../../ui/icons.js'
import { capabilityText, policyText, printerStateText } from './print-text.js'

interface PrinterRowProps {
  printer: Printer
  /** An admin of the group may withdraw anyone's printer. */
  canWithdraw: boolean
  onPrint: () => void
  onPolicy: () => void
  onWithdraw: () => void
}

export function PrinterRow({ printer, canWithdraw, onPrint, onPolicy, onWithdraw }: PrinterRowProps) {
  const reachable = printer.self || printer.ownerOnline
  return (
    <li
      aria-label={printer.name}
      className="flex items-center gap-3 px-4 py-2.5 not-last:border-b not-last:border-zinc-100 dark:not-last:border-zinc-800/70"
    >
      <PrinterIcon size={20} className="shrink-0 text-accent-600 dark:text-accent-400" />
      <span className="min-w-0 flex-1">
        <span className="block truncate font-medium text-zinc-900 dark:text-zinc-100">{printer.name}</span>
        <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400">
          {capabilityText(printer)}
          {printer.self && printer.policy ? ` · ${policyText[printer.policy.policy]}` : ''}
        </span>
      </span>
      <span className="flex w-36 shrink-0 items-center gap-2 text-xs text-zinc-600 dark:text-zinc-300">
        <Avatar name={printer.ownerName} seed={printer.owner} size="sm" online={printer.ownerOnline} />
        <span className="min-w-0">
          <span className="block truncate">{printer.self ? 'You' : printer.ownerName}</span>
          <span className="block text-zinc-500 dark:text-zinc-400">
            {printer.self ? 'Owner' : printer.ownerOnline ? 'Online' : 'Offline'}
          </span>
        </span>
      </span>
      <span
        className={cx(
          'w-20 shrink-0 text-right text-xs',
          !reachable || printer.state === 'stopped'
            ? 'text-amber-700 dark:text-amber-400'
            : 'text-zinc-600 dark:text-zinc-300',
        )}
      >
        {reachable ? printerStateText[printer.state] : 'Unreachable'}
      </span>
      <span className="flex w-52 shrink-0 justify-end gap-1">
        {printer.self ? (
          <Button
            size="sm"
            variant="ghost"
            onClick={onPolicy}
            aria-label={`Who may print on ${printer.name}`}
          >
            Who may print
          </Button>
        ) : (
          <Button
            size="sm"
            variant="ghost"
            onClick={onPrint}
            disabled={!printer.ownerOnline}
            title={printer.ownerOnline ? undefined : `${printer.ownerName} is offline`}
            aria-label={`Print on ${printer.name}`}
          >
            Print…
          </Button>
        )}
        {(printer.self || canWithdraw) && (
          <Button
            size="sm"
            variant="danger-ghost"
            onClick={onWithdraw}
            aria-label={`Withdraw ${printer.name}`}
          >
            Withdraw
          </Button>
        )}
      </span>
    </li>
  )
}
