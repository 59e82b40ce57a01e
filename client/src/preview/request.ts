/**
 * How the client asks the language server about previews: the custom request `rolloutLens/preview`
 * (shared/src/preview/protocol.ts). The client parses no manifest.
 */
import type { PreviewParams, PreviewResult } from '../../../shared/src/preview/protocol';

/** Sends `rolloutLens/preview` once the server has started; null when the server does not know the file. */
export type PreviewRequester = (params: PreviewParams) => Promise<PreviewResult | null>;
