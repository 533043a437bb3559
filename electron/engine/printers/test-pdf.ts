// Test support only: writes small, valid PDFs by hand (correct xref offsets), so tests need no fixtures
// for the happy path and can make documents of any page count.

/** A PDF with `pages` pages, each showing a line of Helvetica text. */
export function makePdf(pages = 1, text = 'Peerdesk test page'): Buffer {
  const objects: string[] = []
  const pageIds = Array.from({ length: pages }, (_, i) => 4 + i * 2)
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>'
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages} >>`
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
  for (const [i, id] of pageIds.entries()) {
    const line = `${text} ${i + 1}`.replace(/[()\\]/g, '')
    const content = `BT /F1 24 Tf 72 720 Td (${line}) Tj ET`
    objects[id] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ` +
      `/Resources << /Font << /F1 3 0 R >> >> /Contents ${id + 1} 0 R >>`
    objects[id + 1] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`
  }
  let out = '%PDF-1.4\n'
  const offsets: number[] = []
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(out)
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`
  }
  const xref = Buffer.byteLength(out)
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

/** Starts like a PDF but has no body, xref or trailer: pdfinfo and CUPS' filters both fail on it. */
export function brokenPdf(): Buffer {
  return Buffer.from('%PDF-1.4\ngarbage that is not a PDF object\n%%EOF\n')
}

/** The first bytes of an x86-64 ELF executable. */
export function elfBytes(): Buffer {
  const elf = Buffer.alloc(256)
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(elf)
  return elf
}
