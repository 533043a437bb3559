// The contract's printing methods: offer and withdraw printers, who may print, print, follow and decide
// on jobs. PRINTER is a printer id or GROUP/NAME.
import fs from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../../shared/errors.js'
import type { HostedService } from '../../shared/rpc-session.js'
import type { LocalPrinter } from '../../shared/types.js'
import type { Engine } from './engine.js'
import { checkSize } from './printers/job-check.js'
import { requirePrintable } from './printers/sniff.js'
import { resolveGroup } from './workgroups/resolve.js'

type PrintMethods = Pick<
  HostedService,
  | 'printer.local'
  | 'printer.list'
  | 'printer.offer'
  | 'printer.withdraw'
  | 'printer.policy'
  | 'print.submit'
  | 'print.jobs'
  | 'print.cancel'
  | 'print.approve'
  | 'print.decline'
>

function unsupported(option: string, value: string, printer: string): never {
  throw new AppError('BAD_REQUEST', `The printer ${printer} does not support ${option}=${value}`, {
    reason: 'UNSUPPORTED_OPTION',
    option,
    value,
  })
}

export function createPrintService(engine: Engine): PrintMethods {
  const host = () => engine.printing
  return {
    'printer.local': async () => {
      const backend = host().backend
      const offered = host().config.entries
      const printers = await backend.listPrinters()
      return Promise.all(
        printers.map(async (p): Promise<LocalPrinter> => {
          const caps = await backend.capabilities(p.name).catch(() => null)
          return {
            queue: p.name,
            description: p.description,
            state: p.state,
            isDefault: p.isDefault,
            color: caps?.color ?? false,
            duplex: caps?.duplex ?? false,
            media: caps?.media ?? [],
            offered: offered
              .filter((e) => e.queue === p.name)
              .flatMap((e) => {
                const group = host().groupOf(e)
                return group ? [{ groupId: group.id, printer: e.id }] : []
              }),
          }
        }),
      )
    },
    'printer.list': async ({ group }) => host().list(await resolveGroup(engine.groups.values(), group)),
    'printer.offer': async ({ group, queue, policy }) =>
      host().offer(await resolveGroup(engine.groups.values(), group), queue, policy),
    'printer.withdraw': async ({ printer }) => {
      const ref = await host().resolve(printer)
      await host().withdraw(ref)
      return { id: ref.record.id }
    },
    'printer.policy': async ({ printer, policy, member, memberPolicy }) => {
      const ref = await host().resolve(printer)
      const entry = await host().setPolicy(ref, {
        ...(policy ? { policy } : {}),
        ...(member !== undefined ? { member, memberPolicy: memberPolicy ?? null } : {}),
      })
      return { policy: entry.policy, overrides: { ...entry.overrides } }
    },
    'print.submit': async ({ printer, path: file, copies, sides, color, media, title }) => {
      const { group, record } = await host().resolve(printer)
      if (record.owner === engine.identity.key) {
        throw new AppError('BAD_REQUEST', 'This is your own printer: print to it from this device directly', {
          reason: 'OWN_PRINTER',
        })
      }
      const stat = await fs.stat(file).catch(() => null)
      if (!stat?.isFile()) throw new AppError('NOT_FOUND', `${file} is not a file on this device`)
      // The owner checks all of this again; checking here first saves sending a file that would be refused.
      checkSize(stat.size, host().limits)
      const bytes = await fs.readFile(file)
      const type = requirePrintable(bytes)
      if (media && !record.media.includes(media)) unsupported('media', media, record.name)
      if (sides && sides !== 'one-sided' && !record.duplex) unsupported('sides', sides, record.name)
      if (color === 'color' && !record.color) unsupported('color', color, record.name)
      const entry = await host().send({
        owner: record.owner,
        printer: record.id,
        printerName: record.name,
        groupId: group.id,
        title: (title ?? path.basename(file)).replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200),
        bytes,
        type,
        options: {
          ...(copies !== undefined ? { copies } : {}),
          ...(sides ? { sides } : {}),
          ...(color ? { color } : {}),
          ...(media ? { media } : {}),
        },
      })
      return { job: entry.job.id }
    },
    'print.jobs': async () => host().listJobs(),
    'print.cancel': async ({ job }) => {
      await host().cancel(host().job(job))
      return { job }
    },
    'print.approve': async ({ job }) => {
      host().receiver.approve(host().job(job))
      return { job }
    },
    'print.decline': async ({ job }) => {
      host().receiver.decline(host().job(job))
      return { job }
    },
  }
}
