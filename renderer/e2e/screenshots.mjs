// Walks a person's first session across two running nodes and saves screenshots in light and dark.
// Usage: node renderer/e2e/screenshots.mjs DATA_DIR_A DATA_DIR_B   (both running `peerdesk serve`)
import { readFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const [dirA, dirB] = process.argv.slice(2)
if (!dirA || !dirB) throw new Error('usage: screenshots.mjs DATA_DIR_A DATA_DIR_B')
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots')
mkdirSync(out, { recursive: true })
const ui = (dir) => JSON.parse(readFileSync(path.join(dir, 'api.json'), 'utf8')).ui

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

async function open(dir, size = { width: 900, height: 600 }) {
  const context = await browser.newContext({ viewport: size, colorScheme: 'light' })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  const page = await context.newPage()
  page.on('pageerror', (err) => console.error('pageerror:', err.message))
  page.on('console', (msg) => msg.type() === 'error' && console.error('console:', msg.text()))
  await page.goto(ui(dir))
  return page
}

/** One shot in each theme; animations are short, so a brief settle is enough. */
async function shoot(page, name) {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.waitForTimeout(250)
    await page.screenshot({ path: path.join(out, `${name}-${scheme}.png`) })
  }
  await page.emulateMedia({ colorScheme: 'light' })
  console.log('saved', name)
}

try {
  const a = await open(dirA)
  await a.getByLabel('Your name').waitFor()
  await a.getByLabel('Your name').fill('Alice Martin')
  await shoot(a, '01-onboarding-name')
  await a.getByRole('button', { name: 'Continue' }).click()
  await a.getByRole('button', { name: /Create a workgroup/ }).click()
  await a.getByLabel('Workgroup name').fill('Front office')
  await shoot(a, '02-onboarding-create')
  await a.getByRole('button', { name: 'Create workgroup' }).click()
  await a.getByRole('heading', { level: 1, name: 'Front office' }).waitFor()
  await a.getByText("It's just you here so far").waitFor()
  await shoot(a, '03-group-alone')

  await a.getByRole('button', { name: 'Invite', exact: true }).click()
  const code = a.getByRole('status', { name: 'Invite code' })
  await code.waitFor()
  await a.locator('img[alt^="QR code"]').waitFor()
  const invite = (await code.textContent()).trim()
  await shoot(a, '04-invite-dialog')
  await a.keyboard.press('Escape')

  const b = await open(dirB)
  await b.getByLabel('Your name').waitFor()
  await b.getByLabel('Your name').fill('Bob Chen')
  await b.getByRole('button', { name: 'Continue' }).click()
  await b.getByRole('button', { name: /Join a workgroup/ }).click()
  await b.getByLabel('Invite code or link').fill('not-a-real-code')
  await b.getByRole('button', { name: 'Join workgroup' }).click()
  await b.getByRole('alert').waitFor({ timeout: 90_000 })
  await shoot(b, '05-join-bad-code')
  await b.getByLabel('Invite code or link').fill(`peerdesk://join/${invite}`)
  await b.getByRole('button', { name: 'Join workgroup' }).click()
  await b.getByRole('status').filter({ hasText: 'Waiting' }).waitFor()
  await b.getByRole('heading', { level: 1, name: 'Front office' }).waitFor({ timeout: 90_000 })
  await b.getByRole('listitem', { name: 'Alice Martin' }).waitFor({ timeout: 30_000 })
  await b.waitForTimeout(1500)
  await shoot(b, '07-member-view')

  await a.getByRole('listitem', { name: 'Bob Chen' }).getByText('Online now').waitFor({ timeout: 30_000 })
  await shoot(a, '08-admin-view')
  await a.getByRole('button', { name: 'Remove Bob Chen' }).click()
  await a.getByRole('dialog').waitFor()
  await shoot(a, '09-remove-confirm')
  await a.getByRole('button', { name: 'Cancel' }).click()

  await a.getByRole('button', { name: 'Add a workgroup' }).click()
  await a.getByRole('dialog').waitFor()
  await shoot(a, '10-add-group')
  await a.getByLabel('Create a new one').check({ force: true })
  await a.getByLabel('Workgroup name').fill('Accounts')
  await a.getByRole('button', { name: 'Create workgroup' }).click()
  await a.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor()
  await a.getByRole('button', { name: /Front office/ }).click()
  await a.getByRole('heading', { level: 1, name: 'Front office' }).waitFor()

  await a.getByRole('button', { name: 'Settings' }).click()
  await a.getByRole('region', { name: 'About' }).waitFor()
  await shoot(a, '11-settings')
  await a.getByRole('button', { name: /Shared folders/ }).click()
  await shoot(a, '12-shares-soon')
  await a.getByRole('button', { name: /Printers/ }).click()
  await shoot(a, '13-printers-soon')

  await a.getByRole('button', { name: /Front office/ }).click()
  await a.getByRole('button', { name: 'Leave' }).click()
  await a.getByRole('dialog').waitFor()
  await shoot(a, '14-leave-confirm')
  await a.getByRole('button', { name: 'Cancel' }).click()

  // Full screen, to check the layout scales up as well as down.
  await a.setViewportSize({ width: 1600, height: 1000 })
  await shoot(a, '15-admin-view-large')
  await a.setViewportSize({ width: 900, height: 600 })

  console.log(JSON.stringify({ bobPage: b.url() }))
} finally {
  await browser.close()
}
