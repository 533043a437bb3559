/** Peerdesk's mark: two linked nodes on the accent colour. */
export function Logo({ size = 24 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id="peerdesk-logo" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="oklch(0.62 0.19 264)" />
          <stop offset="1" stopColor="oklch(0.5 0.2 275)" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill="url(#peerdesk-logo)" />
      <path d="M11 12.5 21 19.5" stroke="white" strokeOpacity="0.85" strokeWidth="2" strokeLinecap="round" />
      <circle cx="10.5" cy="12" r="4" fill="white" />
      <circle cx="21.5" cy="20" r="4" fill="white" fillOpacity="0.9" />
    </svg>
  )
}
