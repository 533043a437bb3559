// Printer sharing is not in the contract yet: this page explains what is coming and nothing more.
import { PrinterIcon } from '../../ui/icons.js'
import { ComingSoon } from '../../ui/coming-soon.js'

export function PrintersView() {
  return (
    <ComingSoon
      title="Printers"
      icon={<PrinterIcon size={22} />}
      heading="Printer sharing arrives with the next release"
      points={[
        'Share the printer connected to this computer with your workgroup.',
        'Print to a colleague’s printer as if it were your own.',
        'Decide who may print: always, ask each time, or never.',
      ]}
    />
  )
}
