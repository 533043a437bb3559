// Test support only: starts the project's private loopback CUPS (scripts/cups-test-server.sh) for a test
// file and stops it after; several files share one server through the script's holder list.
import { execFile, execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'

const SCRIPT = path.resolve(import.meta.dirname, '../../../scripts/cups-test-server.sh')

export interface TestCups {
  /** The environment for the CUPS tools: CUPS_SERVER points at the private server. */
  env: NodeJS.ProcessEnv
  server: string
  /** out/pdf holds the cups-pdf queue's files; out/gen.pdf the generic queue's last job. */
  outDir: string
}

function works(file: string, args: string[]): boolean {
  try {
    execFileSync(file, args, { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Why the real-CUPS tests cannot run here, or null when they can. */
export function cupsSkipReason(): string | null {
  if (process.platform !== 'linux') return 'the private CUPS recipe is for Debian/Ubuntu'
  const root = process.getuid?.() === 0 || works('sudo', ['-n', 'true'])
  if (!root) return 'starting a private cupsd needs root (or passwordless sudo)'
  if (
    !works('sh', ['-c', 'command -v cupsd && command -v lp']) &&
    !works('sh', ['-c', 'command -v apt-get'])
  ) {
    return 'CUPS is not installed and apt-get is not available to install it'
  }
  return null
}

function script(command: 'up' | 'down' | 'env', holder: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      SCRIPT,
      [command],
      { env: { ...process.env, PEERDESK_CUPS_HOLDER: holder }, timeout: 600_000, maxBuffer: 1024 * 1024 },
      (err, stdout, stderr) =>
        err ? reject(new Error(`${command} failed: ${stderr || err.message}`)) : resolve(stdout),
    )
  })
}

/**
 * Registers beforeAll/afterAll that bring the private CUPS up and down; returns a getter for it.
 * The first run on a fresh machine installs packages (tens of seconds), hence the long hook timeout.
 */
export function useTestCups(): () => TestCups {
  const holder = `${process.pid} ${randomUUID()}`
  let cups: TestCups | null = null
  beforeAll(async () => {
    await script('up', holder)
    const vars = Object.fromEntries(
      [...(await script('env', holder)).matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]),
    )
    cups = {
      env: { ...process.env, CUPS_SERVER: vars.CUPS_SERVER },
      server: vars.CUPS_SERVER!,
      outDir: vars.PEERDESK_CUPS_OUT!,
    }
  }, 600_000)
  afterAll(async () => {
    await script('down', holder)
  }, 60_000)
  return () => {
    if (!cups) throw new Error('the private CUPS is not up')
    return cups
  }
}
