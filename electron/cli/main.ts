// The `peerdesk` command line: `serve` and `bootstrap` run in the foreground; the rest are clients of
// the node running on a data folder (found through its api.json).
import { AppError, isErrorCode } from '../../shared/errors.js'
import { resolveDataDir } from '../engine/data-dir.js'
import { readApiFile } from '../server/api-file.js'
import { connect } from '../server/ws-client.js'
import { parseArgs } from './args.js'
import { commands } from './commands.js'
import { FOLLOWING, shareCommands } from './share-commands.js'
import { PRINT_FOLLOWING, printCommands } from './print-commands.js'
import { createOutput } from './output.js'

const USAGE = `Usage: peerdesk [--data DIR] COMMAND [--json]

Run a node:
  serve [--bootstrap HOST:PORT[,...]] [--host ADDR] [--port N] [--api-port N]
                          run this device's node until Ctrl+C (--host/--port: where its DHT binds)
        [--lan | --no-lan] find devices on the local network over mDNS (on unless --bootstrap is given)
        [--relay-through KEY]
                          pair through this blind relay when holepunching fails
  bootstrap [--host ADDR] [--port N] [--relay]
                          run a HyperDHT bootstrap node for an office or a test (--relay: and a
                          blind relay for members whose holepunching fails; prints its key)

Talk to the running node:
  status                  this device: name, key, fingerprint, network
  name NEW                rename this device
  group create NAME       create a workgroup
  group list              the workgroups of this device
  invite GROUP [--expires 10m]
                          a single-use invite code and peerdesk:// link
  join CODE|LINK [--timeout 60]
                          join a workgroup; waits until an admin admits this device
  members GROUP           members with role and presence
  remove GROUP MEMBER     remove a member (admins)
  leave GROUP             leave a workgroup

Network:
  doctor                  how this device reaches the others, what is blocked, and what to do
  connect HOST:PORT       add a device by the DHT address its \`doctor\` shows (kept across restarts)

Shared folders (SHARE: an id or GROUP/NAME):
  share GROUP PATH [--name NAME]
                          share a local folder with the group
  unshare SHARE           stop sharing
  shares GROUP            the group's shared folders
  ls SHARE[/PATH]         list a folder of a share (metadata only)
  get SHARE[/PATH] DEST   download a file or folder into DEST, verified
  sync SHARE DEST         keep DEST a live copy of SHARE
  unsync SHARE DEST       stop syncing (the files stay)
  history SHARE[/PATH]    versions of a share or of one file
  restore SHARE[/PATH] --version N DEST
                          restore as of version N into DEST
  transfers               running and recent transfers

Printers (PRINTER: an id or GROUP/NAME; JOB: a job id from \`jobs\`):
  printers GROUP          the group's printers, with owner, state, colour, duplex and paper sizes
  printer local           this device's print queues, to offer
  printer offer GROUP LOCAL_NAME [--policy allow|ask|deny]
                          offer a local print queue to the group (default: allow everyone)
  printer withdraw PRINTER
                          take a printer off its group (its owner or an admin)
  printer policy PRINTER [--policy allow|ask|deny] [--member MEMBER --member-policy allow|ask|deny|none]
                          who may print on your printer; per-member exceptions
  print PRINTER FILE [--copies N] [--sides one-sided|two-sided-long-edge|two-sided-short-edge]
        [--mono] [--media A4|Letter|...] [--title T]
                          print a PDF, PNG, JPEG or text file; waits until it printed (exit 0) or
                          failed, was declined or cancelled (exit non-zero)
  jobs                    print jobs sent and received
  approve JOB             let a job waiting for your approval print
  decline JOB             refuse it
  cancel JOB              cancel a job

The data folder is --data DIR, else $PEERDESK_DATA, else the OS's app-data folder.`

export async function main(argv: string[]): Promise<number> {
  let json = argv.includes('--json')
  try {
    const args = parseArgs(argv)
    json = args.options.get('json') === true
    const out = createOutput(json)
    const command = args.words[0]
    if (!command || args.options.has('help') || command === 'help') {
      process.stdout.write(USAGE + '\n')
      return command || args.options.has('help') ? 0 : 2
    }
    const dataDir = resolveDataDir(args.data)
    if (command === 'serve') {
      const { serve } = await import('./serve.js')
      await serve(args, dataDir, out)
      return 0
    }
    if (command === 'bootstrap') {
      const { bootstrap } = await import('./serve.js')
      await bootstrap(args, out, dataDir)
      return 0
    }
    const run = commands[command] ?? shareCommands[command] ?? printCommands[command]
    if (!run) throw new AppError('BAD_REQUEST', `unknown command "${command}" (see peerdesk --help)`)
    const api = await readApiFile(dataDir)
    if (!api) {
      throw new AppError(
        'NOT_RUNNING',
        `no Peerdesk node is running for ${dataDir} (start one with: peerdesk serve)`,
      )
    }
    const node = await connect(api.url, api.token, {
      events: FOLLOWING.has(command) || PRINT_FOLLOWING.has(command),
    })
    try {
      await run(node.client, args, out)
    } finally {
      await node.close()
    }
    return 0
  } catch (err) {
    const code =
      err instanceof AppError || isErrorCode((err as { code?: unknown }).code)
        ? (err as AppError).code
        : 'INTERNAL'
    const message = err instanceof Error ? err.message : String(err)
    if (json) process.stderr.write(JSON.stringify({ error: { code, message } }) + '\n')
    else process.stderr.write(`peerdesk: ${code}: ${message}\n`)
    return code === 'BAD_REQUEST' ? 2 : 1
  }
}
