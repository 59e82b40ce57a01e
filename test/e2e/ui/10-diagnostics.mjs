// Diagnostics as a user sees them: squiggle in the editor, status bar counts, rows in the Problems panel.
import {
  SEL, animationsDone, openFileFromExplorer, openProblemsPanel, openWorkbench, problemRows, screenshot, dumpDom,
} from '../lib/workbench.mjs';

const FILE = 'statefulset-problems.yaml';
const RULES = [
  { code: 'missing-service-name', severity: 'warning' },
  { code: 'missing-volume-claim-templates', severity: 'info' },
];
const T = { timeout: 30_000 };

export const checks = [
  {
    name: 'workbench loads the examples workspace',
    async run({ page, workbenchUrl }) {
      await openWorkbench(page, workbenchUrl, { expectFile: FILE });
      await screenshot(page, 'e2e-01-workbench');
    },
  },
  {
    name: `open ${FILE} from the explorer`,
    async run({ page }) {
      await openFileFromExplorer(page, FILE);
    },
  },
  {
    name: 'warning squiggle and hover show the rollout-lens diagnostic',
    async run({ page }) {
      const squiggle = page.locator(SEL.squiggle('warning')).first();
      await squiggle.waitFor(T);
      await page.locator(SEL.statusProblems).filter({ hasText: /[1-9]/ }).first().waitFor(T);
      // hover the squiggle: the hover lists the message with "rollout-lens(<code>)"
      const box = await squiggle.boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const hover = page.locator('.monaco-hover', { hasText: 'missing-service-name' }).first();
      await hover.waitFor(T);
      await animationsDone(hover);
      await dumpDom(page);
      await screenshot(page, 'e2e-02-diagnostics');
    },
  },
  {
    name: 'Problems panel lists both rules with source and code',
    async run({ page }) {
      await page.mouse.move(0, 0);
      await page.keyboard.press('Escape');
      await openProblemsPanel(page);
      for (const { code, severity } of RULES) {
        const row = problemRows(page, { source: 'rollout-lens', code }).first();
        await row.waitFor(T);
        await row.locator(`.marker-icon.${severity}`).waitFor(T);
      }
      await screenshot(page, 'e2e-03-problems');
    },
  },
];
