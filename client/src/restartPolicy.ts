/** The server is restarted at most MAX_RESTARTS times within RESTART_WINDOW_MS; then the user is told. */
export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;

/** Decides whether a crashed server is restarted: a sliding window over recent crash times. */
export class RestartPolicy {
  private readonly crashes: number[] = [];

  constructor(
    private readonly max = MAX_RESTARTS,
    private readonly windowMs = RESTART_WINDOW_MS,
  ) {}

  /** Records a crash at `now` (ms); true when the server should be restarted. */
  shouldRestart(now: number): boolean {
    this.crashes.push(now);
    while (this.crashes.length && (this.crashes[0] as number) <= now - this.windowMs) this.crashes.shift();
    return this.crashes.length <= this.max;
  }
}
