// Where in the share the browser is: the share's name, then each folder, every step clickable.
import { Fragment } from 'react'
import { ChevronRightIcon } from '../../ui/icons.js'
import { joinPath, segments } from './sort-entries.js'

export function Breadcrumbs({
  root,
  path,
  onOpen,
}: {
  root: string
  path: string
  onOpen: (path: string) => void
}) {
  const parts = segments(path)
  const crumbs = [
    { name: root, path: '/' },
    ...parts.map((name, i) => ({ name, path: joinPath(parts.slice(0, i + 1)) })),
  ]
  return (
    <nav aria-label="Folder path" className="min-w-0">
      <ol className="flex min-w-0 items-center gap-0.5 text-[13px]">
        {crumbs.map((c, i) => {
          const last = i === crumbs.length - 1
          return (
            <Fragment key={c.path}>
              {i > 0 && <ChevronRightIcon size={14} className="shrink-0 text-zinc-400 dark:text-zinc-500" />}
              <li className="min-w-0">
                {last ? (
                  <span
                    aria-current="location"
                    className="block truncate px-1.5 font-medium text-zinc-900 dark:text-zinc-100"
                  >
                    {c.name}
                  </span>
                ) : (
                  <button
                    type="button"
                    onClick={() => onOpen(c.path)}
                    className="block max-w-48 cursor-default truncate rounded px-1.5 py-0.5 text-zinc-600 hover:bg-zinc-900/5 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-white/10 dark:hover:text-zinc-100"
                  >
                    {c.name}
                  </button>
                )}
              </li>
            </Fragment>
          )
        })}
      </ol>
    </nav>
  )
}
