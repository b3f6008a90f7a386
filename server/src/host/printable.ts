/**
 * Text from files and programs the linter does not control, made safe to print: C0 and C1 control
 * characters (but tab) become `\uXXXX`, so an interpreter's output or a pyproject key cannot clear
 * the terminal, set its title or hide a line of a CI log (reliability audit B4).
 */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

export function printable(text: string): string {
  return text.replace(CONTROLS, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
