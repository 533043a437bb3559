// Transfers need shared folders first; until the contract has them, this page only says what is coming.
import { TransfersIcon } from '../../ui/icons.js'
import { ComingSoon } from '../../ui/coming-soon.js'

export function TransfersView() {
  return (
    <ComingSoon
      title="Transfers"
      icon={<TransfersIcon size={22} />}
      heading="Transfers arrive with the next release"
      points={[
        'See every download and sync in progress, with speed and time left.',
        'Files come from every member who has them, so big folders arrive faster.',
        'Pause, resume or cancel a transfer at any time.',
      ]}
    />
  )
}
