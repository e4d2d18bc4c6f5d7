/**
 * Comments say the reason, not a ticket: "issue 9" or "seed 002" means nothing to a reader without the
 * tracker, and a CODE_STYLE rule number that does not exist (the guide was renumbered) points nowhere.
 * Citing an existing rule ("style rule 3") is fine.
 */
const COMMENT = /\/\/[^\n]*|\/\*[\s\S]*?\*\//g;
const TICKET = /\b(issue #?\d+|seed \d+)/gi;
const RULE = /\brule (\d+)/gi;

/** The rule numbers CODE_STYLE.md defines: its numbered list items (`12. **A job is…`). */
export function styleRuleNumbers(codeStyleMarkdown: string): Set<number> {
  return new Set([...codeStyleMarkdown.matchAll(/^(\d+)\.\s/gm)].map((m) => Number(m[1])));
}

export function findStaleReferences(file: string, text: string, existingRules: Set<number>): string[] {
  const problems: string[] = [];
  for (const comment of text.matchAll(COMMENT)) {
    const at = (offset: number) => text.slice(0, (comment.index ?? 0) + offset).split('\n').length;
    for (const m of comment[0].matchAll(TICKET)) {
      problems.push(`${file}:${at(m.index ?? 0)} comment cites "${m[0]}"; say the reason instead`);
    }
    for (const m of comment[0].matchAll(RULE)) {
      if (!existingRules.has(Number(m[1])))
        problems.push(
          `${file}:${at(m.index ?? 0)} comment cites "${m[0]}", which CODE_STYLE.md does not have`,
        );
    }
  }
  return problems;
}
