// Runs the real `peerdesk` CLI as child processes: long-running nodes and one-shot commands.
import { spawn, execFile, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { readApiFile } from '../../electron/server/api-file.js'
import { eventually } from './testnet.js'

export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/peerdesk.js')

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env }, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

export async function cliJson<T>(args: string[]): Promise<T> {
  const result = await runCli([...args, '--json'])
  if (result.code !== 0)
    throw new Error(`peerdesk ${args.join(' ')} failed (${result.code}): ${result.stderr}`)
  return JSON.parse(result.stdout) as T
}

export interface Background {
  child: ChildProcess
  output: () => string
  stop(): Promise<number | null>
}

export function startCli(args: string[]): Background {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  return {
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode)
        child.once('exit', (code) => resolve(code))
        child.kill('SIGTERM')
      }),
  }
}

/** Start `peerdesk serve` on a data folder and wait until its api.json is written. */
export async function startNode(dataDir: string, bootstrap: string): Promise<Background> {
  const node = startCli(['--data', dataDir, 'serve', '--bootstrap', bootstrap, '--host', '127.0.0.1'])
  await eventually(
    async () => (await readApiFile(dataDir)) !== null || node.child.exitCode !== null,
    (ready) => ready,
    { what: `the node on ${dataDir} (${node.output()})`, timeoutMs: 30_000 },
  )
  if (node.child.exitCode !== null) throw new Error(`serve exited: ${node.output()}`)
  return node
}
