// Confirm taking a printer out of a group: nobody can send new jobs to it afterwards.
import type { Printer, Workgroup } from '../../../../shared/types.js'
import { useAction } from '../../rpc/use-rpc.js'
import { Button } from '../../ui/button.js'
import { Dialog } from '../../ui/dialog.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { useToast } from '../../ui/toast.js'

export function WithdrawPrinterDialog({
  printer,
  group,
  onClose,
}: {
  printer: Printer
  group: Workgroup
  onClose: () => void
}) {
  const withdraw = useAction('printer.withdraw')
  const toast = useToast()
  const confirm = async () => {
    if (!(await withdraw.run({ printer: printer.id }))) return
    toast.success(`Withdrew ${printer.name}`, `Members of ${group.name} can no longer print on it.`)
    onClose()
  }
  return (
    <Dialog
      title={`Withdraw ${printer.name} from ${group.name}?`}
      onClose={onClose}
      busy={withdraw.pending}
      footer={
        <>
          <Button onClick={onClose} disabled={withdraw.pending}>
            Cancel
          </Button>
          <Button variant="danger" busy={withdraw.pending} onClick={() => void confirm()}>
            Withdraw
          </Button>
        </>
      }
    >
      <p className="text-zinc-600 dark:text-zinc-300">
        {printer.self
          ? 'The printer stays on this computer; the group just stops seeing it. You can offer it again at any time.'
          : `It stays on ${printer.ownerName}'s computer; the group just stops seeing it.`}
      </p>
      {withdraw.error && (
        <ErrorBanner className="mt-3" title="Couldn't withdraw the printer" error={withdraw.error} />
      )}
    </Dialog>
  )
}
