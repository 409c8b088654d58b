// Runs a vendor read with a deadline, for the few checks that must finish inside Slack's 3-second window.

/** The result, or undefined when `ms` passed first or the read failed: the caller goes on without it. */
export async function withDeadline<T>(
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T | undefined> {
  const signal = AbortSignal.timeout(ms);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work(signal).catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
