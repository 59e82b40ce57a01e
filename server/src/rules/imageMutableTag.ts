import { isScalar } from 'yaml';
import { pairOf, spanOf } from '../../../shared/src/yamlPath';
import { podContainers } from './support';
import type { Finding, Rule } from './types';

/**
 * The tag of an image reference (`registry:5000/app:1.2` → `1.2`), undefined without one; digests are checked first.
 */
function imageTag(image: string): string | undefined {
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon >= 0 ? image.slice(colon + 1) : undefined;
}

export const imageMutableTag: Rule = {
  id: 'image-mutable-tag',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
  defaultSeverity: 'warning',
  summary: 'A container image without a tag or with :latest: an edit may roll nothing out, a rollback may not restore.',
  docs: `A rollout happens when the pod template changes. With \`image: app\` or \`image: app:latest\` a new version of
the application does not change the template: applying the manifest again rolls nothing out, and
\`kubectl rollout undo\` returns to a template with the same image reference — which now pulls the new image, so
the rollback restores nothing. Which version each pod runs depends on when its node pulled the image
(\`imagePullPolicy\` defaults to \`Always\` for \`:latest\` and untagged images, \`IfNotPresent\` otherwise:
\`SetDefaults_Container\`). Pin a version tag or a digest (\`app@sha256:…\`).

Checked on Deployments, StatefulSets and DaemonSets (containers and init containers). A reference with a digest is
fine whatever its tag; values with \`$\` (a placeholder a tool fills in) are not judged. The API server accepts these
images in every version: this is a warning.`,
  check(object) {
    const out: Finding[] = [];
    for (const c of podContainers(object)) {
      const node = pairOf(c.node, 'image')?.value;
      const span = spanOf(node);
      if (!isScalar(node) || typeof node.value !== 'string' || !span) continue;
      const image = node.value.trim();
      if (image === '' || image.includes('@') || image.includes('$')) continue;
      const tag = imageTag(image);
      if (tag !== undefined && tag !== 'latest') continue;
      const container = c.node.get('name');
      out.push({
        rule: 'image-mutable-tag',
        span,
        message:
          `Container ${typeof container === 'string' ? `"${container}" ` : ''}uses image "${image}" ` +
          `${tag === undefined ? 'without a tag (that is :latest)' : 'with the :latest tag'}: a new version does not change ` +
          'the pod template, so applying it rolls nothing out and a rollback does not restore the previous version. ' +
          'Pin a version tag or a digest.',
      });
    }
    return out;
  },
};
