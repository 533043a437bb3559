// Printer and job facts in words: states, sides, colour, what a job is ("3 pages × 2 copies, colour").
import type { PrintJob, PrintJobState, PrintPolicy, Printer } from '../../../../shared/types.js'
import { plural } from '../../ui/format.js'

export const printerStateText: Record<Printer['state'], string> = {
  idle: 'Ready',
  printing: 'Printing',
  stopped: 'Stopped',
}

export const jobStateText: Record<PrintJobState, string> = {
  sent: 'Sending',
  'waiting-approval': 'Waiting for approval',
  queued: 'Queued',
  printing: 'Printing',
  completed: 'Printed',
  failed: 'Failed',
  cancelled: 'Cancelled',
}

export const policyText: Record<PrintPolicy, string> = {
  allow: 'Anyone may print',
  ask: 'Ask me each time',
  deny: 'Nobody may print',
}

export const policyShort: Record<PrintPolicy, string> = {
  allow: 'Allow',
  ask: 'Ask',
  deny: 'Deny',
}

export const sidesText: Record<NonNullable<PrintJob['sides']>, string> = {
  'one-sided': 'One-sided',
  'two-sided-long-edge': 'Two-sided (long edge)',
  'two-sided-short-edge': 'Two-sided (short edge)',
}

/** "3 pages × 2 copies · colour · A4 · two-sided", leaving out what is not known. */
export function jobSummary(job: PrintJob): string {
  const parts: string[] = []
  const pages = job.pages === null ? null : plural(job.pages, 'page')
  const copies = plural(job.copies, 'copy', 'copies')
  parts.push(pages ? `${pages} × ${copies}` : copies)
  if (job.color) parts.push(job.color === 'color' ? 'Colour' : 'Black and white')
  if (job.media) parts.push(job.media)
  if (job.sides) parts.push(sidesText[job.sides])
  return parts.join(' · ')
}

/** Capabilities for a printer's row: "Colour · Two-sided · A4, Letter". */
export function capabilityText(p: Pick<Printer, 'color' | 'duplex' | 'media'>): string {
  const parts = [p.color ? 'Colour' : 'Black and white', p.duplex ? 'Two-sided' : 'One-sided only']
  if (p.media.length > 0) parts.push(p.media.slice(0, 4).join(', ') + (p.media.length > 4 ? ', …' : ''))
  return parts.join(' · ')
}
