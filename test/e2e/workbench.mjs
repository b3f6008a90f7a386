/**
 * What a user does and sees in the VS Code workbench, through the page: open a file, run a palette
 * command, read squiggles, the Problems panel, hovers and notifications. Selectors are VS Code's own
 * class names (1.100); they are the only place that knows the DOM.
 */

/** Ctrl+P, type the file name, pick the first match; resolves when its editor is active. */
export async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(name);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  await row.click();
  await page.locator('.tab.active', { hasText: name }).waitFor();
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
}

/** F1, type the command's title, pick its row. */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  // The row whose label is the title itself (not one that only contains it, e.g. "Clear Verify Interpreter Results").
  const label = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: label }) }).first();
  await row.waitFor();
  await row.click();
}

/**
 * Every squiggle in the active editor: its kind (error, warning, info), the 1-based line it is on
 * and the text drawn above it, found by comparing character boxes with the squiggle's box.
 * Undefined while no editor text is drawn, so that "no squiggle" never means "nothing rendered yet".
 */
export async function squiggles(page) {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-instance .monaco-editor');
    const lines = editor ? [...editor.querySelectorAll('.view-lines .view-line')] : [];
    if (lines.length === 0) return undefined;
    const numbers = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')];
    const overlaps = (a, b) => a.top < b.bottom && b.top < a.bottom;
    return [...editor.querySelectorAll('[class*="squiggly-"]')].map((squiggle) => {
      const kind = /squiggly-(\w+)/.exec(squiggle.className)[1];
      const box = squiggle.getBoundingClientRect();
      let text = '';
      for (const line of lines.filter((candidate) => overlaps(candidate.getBoundingClientRect(), box))) {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (let index = 0; index < node.length; index += 1) {
            const range = document.createRange();
            range.setStart(node, index);
            range.setEnd(node, index + 1);
            const character = range.getBoundingClientRect();
            const center = (character.left + character.right) / 2;
            if (center > box.left && center < box.right) text += node.data[index];
          }
        }
      }
      const number = numbers.find((candidate) => overlaps(candidate.getBoundingClientRect(), box));
      return { kind, line: number ? Number(number.textContent) : undefined, text: text.replace(/\u00a0/g, ' ') };
    });
  });
}

/** Polls `read` until `accept` holds for its value (undefined: not there yet); throws with the last value after `timeout` ms. */
export async function eventually(read, accept, { timeout = 20_000, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let value;
  for (;;) {
    value = await read();
    if (value !== undefined && accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}; last seen: ${JSON.stringify(value, null, 2)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The rows of the Problems panel (Ctrl+Shift+M), as the text each row shows. */
export async function problems(page) {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) await page.keyboard.press('Control+Shift+M');
  await panel.waitFor();
  return panel.locator('.monaco-list-row').evaluateAll((rows) => rows.map((row) => row.innerText.replace(/\s+/g, ' ').trim()));
}

/** The text of the whole active editor (it is short: every line is rendered). */
export async function editorText(page) {
  return page.locator('.editor-instance .monaco-editor .view-lines').first().evaluate((element) => element.innerText.replace(/\u00a0/g, ' '));
}

/** Moves the mouse over the first squiggle whose text is `text`; resolves with the hover widget. */
export async function hoverSquiggle(page, text) {
  const all = (await squiggles(page)) ?? [];
  const index = all.findIndex((squiggle) => squiggle.text === text);
  if (index < 0) throw new Error(`no squiggle under "${text}": ${JSON.stringify(all)}`);
  const box = await page.locator('.editor-instance .monaco-editor [class*="squiggly-"]').nth(index).boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 4);
  const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'airflow-venv-lint' }).first();
  await hover.waitFor({ timeout: 10_000 });
  return hover;
}

/** Clicks into the middle of a word in the active editor (puts the cursor there). */
export async function clickWord(page, word) {
  const span = page.locator('.editor-instance .monaco-editor .view-line span', { hasText: word }).first();
  await span.click();
}

/** Visible notification toasts, as text. */
export async function notifications(page) {
  return page.locator('.notification-toast').evaluateAll((toasts) => toasts.map((toast) => toast.innerText.replace(/\s+/g, ' ').trim()));
}

/**
 * Picks an entry of the open code-action menu (Ctrl+.) with the arrow keys and Enter, as a keyboard
 * user does: the entry titled `title`, or whose title starts with it (titles that end in a path).
 */
export async function chooseAction(page, title) {
  const focused = page.locator('.action-widget .monaco-list-row.focused');
  for (let step = 0; step < 20; step += 1) {
    if ((await focused.getAttribute('aria-label', { timeout: 1_000 }).catch(() => null))?.startsWith(title)) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no code action "${title}" in the menu`);
}

/** The text of the editor in the bottom panel (the Output view), or '' while there is none. */
export async function panelText(page) {
  const view = page.locator('.part.panel .monaco-editor .view-lines').first();
  return view.evaluate((element) => element.innerText.replace(/\u00a0/g, ' ')).catch(() => '');
}
