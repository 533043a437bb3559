// Shared folders are not in the contract yet: say so plainly rather than show made-up folders.
import { FolderIcon } from '../../ui/icons.js'
import { ComingSoon } from '../../ui/coming-soon.js'

export function SharesView() {
  return (
    <ComingSoon
      title="Shared folders"
      icon={<FolderIcon size={22} />}
      heading="Shared folders arrive with the next release"
      points={[
        'Offer a folder on this computer to everyone in a workgroup.',
        'Browse a colleague’s folder and open or download just the files you need.',
        'Keep a local copy in sync, with earlier versions one click away.',
      ]}
    />
  )
}
