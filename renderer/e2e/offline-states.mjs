// After screenshots.mjs: stops Bob's node, then Alice's, and captures how Alice's window takes it —
// Bob's presence turning to "Last seen", then the reconnect banner over the last data.
// Usage: node renderer/e2e/offline-states.mjs DATA_DIR_A PID_A PID_B   (PIDs of the two `peerdesk serve`)
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const [dirA, pidA, pidB] = process.argv.slice(2)
if (!dirA || !pidA || !pidB) throw new Error('usage: offline-states.mjs DATA_DIR_A PID_A PID_B')
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots')
const ui = JSON.parse(readFileSync(path.join(dirA, 'api.json'), 'utf8')).ui

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
})

async function shoot(page, name) {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.waitForTimeout(250)
    await page.screenshot({ path: path.join(out, `${name}-${scheme}.png`) })
  }
  console.log('saved', name)
}

try {
  const page = await browser.newPage({ viewport: { width: 900, height: 600 } })
  page.on('pageerror', (err) => console.error('pageerror:', err.message))
  await page.goto(ui)
  const bob = page.getByRole('listitem', { name: 'Bob Chen' })
  await bob.getByText('Online now').waitFor({ timeout: 30_000 })
  process.kill(Number(pidB), 'SIGINT')
  await bob.getByText(/Last seen/).waitFor({ timeout: 60_000 })
  await shoot(page, '16-member-went-offline')
  process.kill(Number(pidA), 'SIGINT')
  await page.getByText('Lost the connection to Peerdesk').waitFor({ timeout: 30_000 })
  await shoot(page, '17-reconnecting')
} finally {
  await browser.close()
}
