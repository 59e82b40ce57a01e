/**
 * The one source of the documentation links: `repository.url` and `homepage` of the extension's
 * package.json. Rule pages are docs/rules/<id>.md of the repository; SARIF `helpUri`s,
 * `informationUri` and the LSP diagnostics' `codeDescription` all come from here.
 *
 * package.json is read at run time, from the first folder above this module that holds the
 * rollout-lens package.json: the extension / npm package root for the bundles in dist/, the
 * repository root for the tsc output in out/. (A JSON import cannot be used: package.json lies
 * outside the server project's rootDir, and out/ has no copy of it.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PackageInfo {
  readonly repository: string;
  readonly homepage: string;
  readonly version: string;
}

let cached: PackageInfo | null | undefined;

/** `git+https://…/x.git` → `https://…/x`. */
export function repositoryWebUrl(url: string): string {
  return url
    .replace(/^git\+/, '')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
}

export function packageInfo(): PackageInfo | undefined {
  if (cached !== undefined) return cached ?? undefined;
  cached = null;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      if (pkg.name === 'rollout-lens') {
        const repo = pkg.repository;
        const url =
          typeof repo === 'string'
            ? repo
            : typeof (repo as { url?: unknown })?.url === 'string'
              ? (repo as { url: string }).url
              : undefined;
        if (url) {
          const repository = repositoryWebUrl(url);
          cached = {
            repository,
            homepage: typeof pkg.homepage === 'string' ? pkg.homepage : repository,
            version: typeof pkg.version === 'string' ? pkg.version : '0.0.0',
          };
        }
        break;
      }
    } catch {
      // no (readable) package.json here: look further up
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return cached ?? undefined;
}

/** The client opens the rule pages bundled with the extension (`initializationOptions.bundledRuleDocs`). */
export function bundledRuleDocsFrom(initializationOptions: unknown): boolean {
  return (initializationOptions as { bundledRuleDocs?: unknown } | undefined)?.bundledRuleDocs === true;
}

/**
 * The link of a rule's documentation in a diagnostic: with the client's command, a `command:` URI that
 * opens the page bundled in the extension (the installed version's page; works offline — VS Code
 * opens diagnostic code links with commands allowed); else the page in the repository.
 */
export function ruleDocsLink(id: string, command: string | undefined): string | undefined {
  return command ? `command:${command}?${encodeURIComponent(JSON.stringify([id]))}` : ruleDocsUri(id);
}

/** The page of a rule (or built-in finding code) in the repository's docs/rules/. */
export function ruleDocsUri(id: string): string | undefined {
  const info = packageInfo();
  return info ? `${info.repository}/blob/main/docs/rules/${encodeURIComponent(id)}.md` : undefined;
}

/** The project's home page (package.json `homepage`). */
export function homepageUri(): string | undefined {
  return packageInfo()?.homepage;
}
