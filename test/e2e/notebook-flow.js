// The notebook step of the end-to-end test (run.js runs it last): experiment.ipynb opens in VS Code's
// own notebook editor (no kernel needed), its fourth cell trains a logits model with nn.BCELoss. What a
// user sees is checked: the squiggle in that cell, the Problems row at the cell's line (and not the
// notebook file's row from before it was opened), and the quick fix that rewrites the cell, saved.
const fs = require('node:fs');
const path = require('node:path');

const FILE = 'experiment.ipynb';
const RULE = 'logits-into-probability-loss';

/** `h`: run.js' helpers { log, fail, chooseQuickFix } and the screenshot paths `shots`. */
async function notebookFlow(page, workspace, h) {
  const { log, fail, chooseQuickFix } = h;
  const entry = page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${FILE}"]`).first();
  await entry.waitFor({ timeout: 30000 }).catch(() => fail(`no ${FILE} in the Explorer`));
  const opened = Date.now();
  await entry.dblclick();
  const cells = page.locator('.notebookOverlay .cell-list-container .monaco-list-row');
  await cells.nth(3).waitFor({ timeout: 60000 }).catch(() => fail(`${FILE} did not open in the notebook editor`));
  log(`opened ${FILE} in the notebook editor (${await cells.count()} cells)`);
  const lossCell = cells.filter({ hasText: 'loss_fn' }).first();
  const squiggle = lossCell.locator('.squiggly-error, .squiggly-warning').first();
  await squiggle.waitFor({ timeout: 90000 }).catch(() => fail('no squiggle in the notebook cell'));
  log(`notebook: squiggle in the loss cell after ${Date.now() - opened} ms`);

  // The cell's row: its line in the cell (4), not line 37 of the .ipynb text that the workspace
  // diagnostics reported before the notebook was opened.
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row', { hasText: RULE });
  await page.waitForFunction((rule) => {
    const texts = [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((r) => r.textContent).filter((t) => t.includes(rule));
    return texts.length === 1 && /Ln 4, Col 8/.test(texts[0]);
  }, RULE, { timeout: 30000 }).catch(async () => fail(`expected one Problems row for ${RULE} at Ln 4, Col 8 of the cell; rows: ${JSON.stringify(await rows.allInnerTexts())}`));
  const row = await rows.first().innerText();
  log('notebook Problems row:', JSON.stringify(row));
  if (!row.includes('cell 3, line 1')) fail(`the Problems row does not name the model's cell: ${row}`);
  await page.screenshot({ path: h.shots.notebook });

  // The cursor onto the problem from its Problems row (Enter opens it in the cell's editor: the cell
  // may be scrolled under the panel), then Ctrl+. there.
  await rows.first().click();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.closest('.notebookOverlay .cell-list-container .monaco-editor'), null, { timeout: 15000 })
    .catch(() => fail('the Problems row did not put the cursor into the cell'));
  await chooseQuickFix(page, 'BCEWithLogitsLoss');
  const cellText = () => lossCell.locator('.view-lines').innerText().then((t) => t.replace(/\u00a0/g, ' '));
  for (let i = 0; i < 100 && !(await cellText()).includes('nn.BCEWithLogitsLoss()'); i++) await page.waitForTimeout(100);
  const after = await cellText();
  if (!after.includes('loss_fn = nn.BCEWithLogitsLoss()')) fail(`the quick fix did not change the cell: ${JSON.stringify(after)}`);
  log('notebook cell after the quick fix:', JSON.stringify(after));
  await page.waitForFunction((rule) => ![...document.querySelectorAll('.markers-panel .monaco-list-row')].some((r) => r.textContent.includes(rule)), RULE, { timeout: 30000 })
    .catch(() => fail(`the ${RULE} problem did not disappear after the notebook quick fix`));
  log('notebook problem gone after the quick fix');

  await page.keyboard.press('Control+S');
  const onDisk = path.join(workspace, FILE);
  // Read while VS Code may still be writing it: a file not complete yet is not saved yet.
  const saved = () => {
    try {
      return JSON.parse(fs.readFileSync(onDisk, 'utf8')).cells.some((c) => [c.source].flat().join('').includes('loss_fn = nn.BCEWithLogitsLoss()'));
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 100 && !saved(); i++) await page.waitForTimeout(100);
  if (!saved()) fail(`${FILE} was not saved with the fixed cell`);
  log('notebook fix saved to disk');
}

module.exports = { notebookFlow };
