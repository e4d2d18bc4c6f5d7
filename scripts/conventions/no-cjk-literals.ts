import ts from 'typescript';

/**
 * UI text lives in lib/i18n/messages/<namespace>.ts (Chinese and English), never in app/ or components/ code:
 * a Chinese string literal, template literal or JSX text there is a string that bypasses translation.
 * Comments may be Chinese (they name the product's own terms, 待我处理, 宜搭 …).
 */
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** Where the rule applies: UI code. */
const SCOPE = /^(app|components)\/.*\.(ts|tsx)$/;

export function isCheckedForCjk(file: string): boolean {
  return SCOPE.test(file);
}

/** Problems (`file:line …`) for every CJK string literal or JSX text in a UI file; [] for other files. */
export function findCjkLiterals(file: string, text: string): string[] {
  if (!isCheckedForCjk(file)) return [];
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const problems: string[] = [];
  const lines = new Set<number>();
  // One problem per line: a template literal's parts or a JSX attribute and text on one line are one fix.
  const report = (node: ts.Node, value: string) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    if (lines.has(line)) return;
    lines.add(line);
    const shown = value.trim().replace(/\s+/g, ' ').slice(0, 40);
    problems.push(`${file}:${line} Chinese UI text "${shown}"; move it to lib/i18n/messages/ and use t()`);
  };
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isJsxText(node)
    ) {
      if (CJK.test(node.text)) report(node, node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}
