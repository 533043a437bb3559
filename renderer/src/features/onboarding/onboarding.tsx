// First run: pick a name, then start a workgroup or join one. Also shown after leaving the last group,
// then starting at the second step since the name is already chosen.
import { useState } from 'react'
import { useDevice } from '../device/device-context.js'
import { GroupStep } from './group-step.js'
import { NameStep } from './name-step.js'
import { OnboardingFrame } from './onboarding-frame.js'

interface OnboardingProps {
  /** Skip the name step: the user has used Peerdesk before (they just left their last group). */
  returning?: boolean
  onDone: (groupId: string) => void
  /** From an invite link: the group step opens on joining, with the code filled in. */
  inviteCode?: string
}

export function Onboarding({ returning = false, onDone, inviteCode }: OnboardingProps) {
  const [step, setStep] = useState<'name' | 'group'>(returning ? 'group' : 'name')
  const device = useDevice()
  const fingerprint = device.data?.fingerprint ?? null
  return (
    <OnboardingFrame step={step === 'name' ? 1 : 2} fingerprint={fingerprint}>
      {step === 'name' ? (
        <NameStep onNext={() => setStep('group')} />
      ) : (
        <GroupStep
          returning={returning}
          inviteCode={inviteCode}
          onBack={returning ? undefined : () => setStep('name')}
          onDone={onDone}
        />
      )}
    </OnboardingFrame>
  )
}
