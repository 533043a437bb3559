// Results are files in the repo, and `npm run lint` runs `prettier --check .` over them: write them
// as Prettier would, with the repo's own config.
import fs from 'node:fs/promises'

export async function writeFormatted(file: string, text: string): Promise<void> {
  let out = text
  try {
    const prettier = await import('prettier')
    const options = (await prettier.resolveConfig(file)) ?? {}
    out = await prettier.format(text, { ...options, filepath: file })
  } catch {
    // No Prettier (a production install): the content is the same, only the layout differs.
  }
  await fs.writeFile(file, out)
}
