// CLI commands for shared printers and print jobs. PRINTER is a printer id or GROUP/NAME. Other tools
// script these: the names and --json keys are fixed.
import path from 'node:path'
import { AppError, isErrorCode } from '../../shared/errors.js'
import type { RpcClient } from '../../shared/rpc-client.js'
import type { PrintJob, PrintPolicy } from '../../shared/types.js'
import { intOption, option, type ParsedArgs } from './args.js'
import { ago, table, type Output } from './output.js'

type Command = (client: RpcClient, args: ParsedArgs, out: Output) => Promise<void>

const POLICIES = ['allow', 'ask', 'deny'] as const
const SIDES = ['one-sided', 'two-sided-long-edge', 'two-sided-short-edge'] as const
const FINAL = new Set(['completed', 'failed', 'cancelled'])

function word(args: ParsedArgs, index: number, what: string): string {
  const value = args.words[index]
  if (!value) throw new AppError('BAD_REQUEST', `missing ${what} (see peerdesk --help)`)
  return value
}

function policyOption(args: ParsedArgs, name: string): PrintPolicy | undefined {
  const value = option(args, name)
  if (value === undefined) return undefined
  if (!(POLICIES as readonly string[]).includes(value)) {
    throw new AppError('BAD_REQUEST', `--${name} must be allow, ask or deny`)
  }
  return value as PrintPolicy
}

function describeState(job: PrintJob): string {
  if (job.state === 'waiting-approval') return 'waiting for the owner’s approval'
  if (job.state === 'failed' || job.state === 'cancelled') {
    const code = job.error?.reason ?? job.error?.code
    return `${job.state}${code ? ` (${code})` : ''}: ${job.reason ?? ''}`
  }
  return job.state
}

/** Resolves with the job once it reached a final state, writing each state change to stderr. */
function follow(client: RpcClient, out: Output, submit: () => Promise<string>): Promise<PrintJob> {
  return new Promise<PrintJob>((resolve, reject) => {
    let id: string | null = null
    let lastState: string | null = null
    const early: PrintJob[] = []
    const see = (job: PrintJob) => {
      if (job.state !== lastState) {
        lastState = job.state
        out.note(`  ${describeState(job)}`)
      }
      if (FINAL.has(job.state)) {
        off()
        resolve(job)
      }
    }
    // Subscribed before submitting, so no update is missed; updates before the id is known wait.
    const off = client.on('job.updated', (e) => {
      if (id === null) early.push(e.payload.job)
      else if (e.payload.job.id === id) see(e.payload.job)
    })
    submit().then(
      (job) => {
        id = job
        for (const update of early) if (update.id === job) see(update)
      },
      (err: unknown) => {
        off()
        reject(err)
      },
    )
  })
}

export const printCommands: Record<string, Command> = {
  async printers(client, args, out) {
    const printers = await client.call('printer.list', { group: word(args, 1, 'GROUP') })
    out.result(
      printers.map((p) => ({
        id: p.id,
        name: p.name,
        owner: p.owner,
        state: p.state,
        color: p.color,
        duplex: p.duplex,
        media: p.media,
      })),
      () =>
        printers.length === 0
          ? 'No printers in this group yet: offer one with `peerdesk printer offer GROUP LOCAL_NAME`'
          : table([
              ['ID', 'NAME', 'OWNER', 'STATE', 'COLOUR', 'DUPLEX', 'PAPER'],
              ...printers.map((p) => [
                p.id,
                p.name,
                `${p.self ? 'you' : p.ownerName}${p.ownerOnline ? '' : ' (offline)'}`,
                p.state,
                p.color ? 'yes' : 'no',
                p.duplex ? 'yes' : 'no',
                p.media.slice(0, 6).join(',') + (p.media.length > 6 ? ',…' : ''),
              ]),
            ]),
    )
  },

  async printer(client, args, out) {
    const sub = word(args, 1, 'a printer command: offer, withdraw, local or policy')
    if (sub === 'offer') {
      const policy = policyOption(args, 'policy')
      const printer = await client.call('printer.offer', {
        group: word(args, 2, 'GROUP'),
        queue: word(args, 3, 'LOCAL_NAME'),
        ...(policy ? { policy } : {}),
      })
      out.result({ id: printer.id }, () => `Offered ${printer.name} as ${printer.id}`)
    } else if (sub === 'withdraw') {
      const { id } = await client.call('printer.withdraw', { printer: word(args, 2, 'PRINTER') })
      out.result({ id }, () => `Withdrew printer ${id}`)
    } else if (sub === 'local') {
      const local = await client.call('printer.local', {})
      out.result(local, () =>
        local.length === 0
          ? 'This device has no print queues'
          : table([
              ['QUEUE', 'STATE', 'COLOUR', 'DUPLEX', 'OFFERED', 'DESCRIPTION'],
              ...local.map((p) => [
                p.isDefault ? `${p.queue} (default)` : p.queue,
                p.state,
                p.color ? 'yes' : 'no',
                p.duplex ? 'yes' : 'no',
                p.offered.map((o) => o.printer).join(',') || '-',
                p.description,
              ]),
            ]),
      )
    } else if (sub === 'policy') {
      const policy = policyOption(args, 'policy')
      const member = option(args, 'member')
      const raw = option(args, 'member-policy')
      if ((member === undefined) !== (raw === undefined)) {
        throw new AppError('BAD_REQUEST', '--member and --member-policy go together (--member-policy none)')
      }
      const memberPolicy = raw === 'none' ? null : policyOption(args, 'member-policy')
      const result = await client.call('printer.policy', {
        printer: word(args, 2, 'PRINTER'),
        ...(policy ? { policy } : {}),
        ...(member !== undefined ? { member, memberPolicy: memberPolicy ?? null } : {}),
      })
      out.result(result, () =>
        [
          `Policy: ${result.policy}`,
          ...Object.entries(result.overrides).map(([key, p]) => `  ${key.slice(0, 16)}: ${p}`),
        ].join('\n'),
      )
    } else
      throw new AppError(
        'BAD_REQUEST',
        `unknown printer command "${sub}": use offer, withdraw, local or policy`,
      )
  },

  async print(client, args, out) {
    const printer = word(args, 1, 'PRINTER')
    const file = path.resolve(word(args, 2, 'FILE'))
    const copies = intOption(args, 'copies')
    const sides = option(args, 'sides')
    if (sides !== undefined && !(SIDES as readonly string[]).includes(sides)) {
      throw new AppError('BAD_REQUEST', `--sides must be one of ${SIDES.join(', ')}`)
    }
    const media = option(args, 'media')
    const title = option(args, 'title')
    out.note(`Sending ${path.basename(file)} to ${printer}…`)
    const job = await follow(client, out, async () => {
      const result = await client.call('print.submit', {
        printer,
        path: file,
        ...(copies !== undefined ? { copies } : {}),
        ...(sides ? { sides: sides as (typeof SIDES)[number] } : {}),
        ...(args.options.get('mono') === true ? { color: 'monochrome' as const } : {}),
        ...(media ? { media } : {}),
        ...(title !== undefined ? { title } : {}),
      })
      return result.job
    })
    if (job.state !== 'completed') {
      const code = job.error && isErrorCode(job.error.code) ? job.error.code : 'INTERNAL'
      throw new AppError(code, `job ${job.id} ${describeState(job)}`, { job })
    }
    out.result(job, () => `Printed "${job.title}" on ${job.printerName} (job ${job.id})`)
  },

  async jobs(client, _args, out) {
    const jobs = await client.call('print.jobs', {})
    out.result(jobs, () =>
      jobs.length === 0
        ? 'No print jobs'
        : table([
            ['ID', 'DIRECTION', 'PRINTER', 'FROM', 'TITLE', 'PAGES', 'COPIES', 'STATE', 'WHEN'],
            ...jobs.map((j) => [
              j.id,
              j.direction,
              j.printerName,
              j.direction === 'sent' ? 'you' : j.fromName,
              j.title,
              j.pages === null ? '-' : String(j.pages),
              String(j.copies),
              describeState(j),
              ago(j.createdAt),
            ]),
          ]),
    )
  },

  async approve(client, args, out) {
    const { job } = await client.call('print.approve', { job: word(args, 1, 'JOB') })
    out.result({ job }, () => `Approved job ${job}`)
  },

  async decline(client, args, out) {
    const { job } = await client.call('print.decline', { job: word(args, 1, 'JOB') })
    out.result({ job }, () => `Declined job ${job}`)
  },

  async cancel(client, args, out) {
    const { job } = await client.call('print.cancel', { job: word(args, 1, 'JOB') })
    out.result({ job }, () => `Cancelled job ${job}`)
  },
}

/** Commands that follow events (a print job to its end). */
export const PRINT_FOLLOWING = new Set(['print'])
