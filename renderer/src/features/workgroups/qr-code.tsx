// The invite as a QR code for a phone or a second screen. Rendered to a data: URL (the CSP allows
// data: images); if it cannot be drawn the code and link beside it still work, so it fails quietly.
import QRCode from 'qrcode'
import { useEffect, useState } from 'react'

export function QrCode({ text, label }: { text: string; label: string }) {
  const [url, setUrl] = useState<string | null>(null)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    let live = true
    setUrl(null)
    setFailed(false)
    QRCode.toDataURL(text, {
      margin: 1,
      width: 320,
      errorCorrectionLevel: 'M',
      color: { dark: '#18181b', light: '#ffffff' },
    })
      .then((data) => live && setUrl(data))
      .catch(() => live && setFailed(true))
    return () => {
      live = false
    }
  }, [text])
  return (
    <div className="flex size-40 shrink-0 items-center justify-center rounded-lg border border-zinc-200 bg-white p-2 dark:border-zinc-700">
      {url ? (
        <img src={url} alt={label} className="size-full [image-rendering:pixelated]" />
      ) : (
        <span className="px-2 text-center text-xs text-zinc-400">{failed ? 'QR code unavailable' : ''}</span>
      )}
    </div>
  )
}
