// A promise raced against a timer: its own result, or `timedOut()`'s error once `ms` passed. The
// timer is cleared either way, so it does not outlive the race.
export async function withTimeout<T>(promise: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(timedOut()), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}
