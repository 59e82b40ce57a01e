/**
 * The server's last line of defence: an exception in any request, notification or document-event
 * handler is logged once (with its stack) to the output channel, a request gets an LSP error, and
 * the server keeps running. Applied at the one place handlers are registered (the connection and
 * the TextDocuments given to the handler modules), so a new handler is covered without thinking
 * of it. `installProcessGuards` survives what still escapes (a fire-and-forget promise).
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver';

export type ErrorLog = (message: string) => void;

/** Logs each distinct failure (where + message) once; later repeats are counted, not logged. */
export function onceLogger(log: ErrorLog): (where: string, error: unknown) => void {
  const seen = new Map<string, number>();
  return (where, error) => {
    const message = error instanceof Error ? error.message : String(error);
    const key = `${where}\u0000${message}`;
    const count = (seen.get(key) ?? 0) + 1;
    if (seen.size < 1000 || seen.has(key)) seen.set(key, count);
    if (count > 1) return;
    const stack = error instanceof Error && error.stack ? error.stack : message;
    try {
      log(
        `Rollout Lens: ${where} failed (the server keeps running; further identical failures are not logged): ${stack}`,
      );
    } catch {
      // the log itself is gone (connection closed): nothing left to tell
    }
  };
}

/**
 * Registrations whose handlers answer nothing (notifications and document events): a failure is
 * logged and swallowed. Every other `on…` registration is a request: logged, then answered with
 * an InternalError.
 */
const NOTIFICATION = /^on(Initialized|Exit|Notification|Progress|Did[A-Z]\w*|WillSave|WillSaveTextDocument)$/;

/** A ResponseError of any copy of vscode-jsonrpc (the packages may each bring one). */
function isResponseError(error: unknown): boolean {
  return (
    error instanceof ResponseError ||
    (error instanceof Error && typeof (error as { code?: unknown }).code === 'number' && 'toJson' in error)
  );
}

/** `fn` with failures (thrown or rejected) reported; requests reject with a ResponseError. */
export function guarded<F extends (...args: never[]) => unknown>(
  where: string,
  request: boolean,
  report: (where: string, error: unknown) => void,
  fn: F,
): F {
  const fail = (error: unknown) => {
    report(where, error);
    if (!request) return undefined;
    if (isResponseError(error)) throw error;
    throw new ResponseError(
      ErrorCodes.InternalError,
      `Rollout Lens: ${where} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  };
  return function (this: unknown, ...args: never[]) {
    try {
      const result = fn.apply(this, args);
      if (result && typeof (result as PromiseLike<unknown>).then === 'function')
        return Promise.resolve(result).catch(fail);
      return result;
    } catch (error) {
      return fail(error);
    }
  } as F;
}

/**
 * A view of `target` (a Connection, its `languages`/`workspace`/… parts, a TextDocuments) whose
 * `on…` registration methods guard every function they are given. Other members pass through.
 */
export function guardRegistrations<T extends object>(
  target: T,
  report: (where: string, error: unknown) => void,
  prefix = '',
): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(obj, property, receiver) {
      const value: unknown = Reflect.get(obj, property, receiver);
      if (typeof property !== 'string') return value;
      if (wrapped.has(property)) return wrapped.get(property);
      let out = value;
      if (typeof value === 'function' && (property === 'on' || /^on[A-Z]/.test(property))) {
        const name = `${prefix}${property}`;
        const request = !NOTIFICATION.test(property);
        out = (...args: unknown[]) => {
          // onRequest(type, handler) / onNotification(type, handler): name the method in the log.
          const method = typeof args[0] === 'string' ? args[0] : (args[0] as { method?: unknown } | undefined)?.method;
          const where = typeof method === 'string' ? `${name}(${method})` : name;
          const isRequest = property === 'onRequest' || (property !== 'onNotification' && request);
          return (value as (...a: unknown[]) => unknown).apply(
            obj,
            args.map((a) =>
              typeof a === 'function' ? guarded(where, isRequest, report, a as (...x: never[]) => unknown) : a,
            ),
          );
        };
      } else if (
        typeof value === 'object' &&
        value !== null &&
        ['languages', 'workspace', 'window', 'client', 'notebooks', 'diagnostics'].includes(property)
      ) {
        out = guardRegistrations(value, report, `${prefix}${property}.`);
      } else {
        return value;
      }
      wrapped.set(property, out);
      return out;
    },
  });
}

/**
 * Errors nothing else caught (a fire-and-forget promise, a timer): logged once and survived.
 * Returns a function that removes the listeners (for tests).
 */
export function installProcessGuards(log: ErrorLog): () => void {
  const report = onceLogger(log);
  const onException = (error: unknown) => report('an uncaught exception', error);
  const onRejection = (error: unknown) => report('an unhandled promise rejection', error);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
