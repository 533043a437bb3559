// zod probes for eval with `new Function` while building schemas; under our CSP the probe is refused and
// reported as a violation. Imported first by main.tsx, so it runs before shared/ builds any schema.
import { config } from 'zod'

config({ jitless: true })
