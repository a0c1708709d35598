/** axe-core's accessibility check, run inside a page or frame of the real browser. */
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export async function axeViolations(frame: Frame | Page): Promise<string[]> {
  await frame.addScriptTag({ path: AXE });
  return frame.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (c: Document) => Promise<{ violations: { id: string; help: string }[] }> };
      }
    ).axe;
    return (await axe.run(document)).violations.map((v) => `${v.id}: ${v.help}`);
  });
}
