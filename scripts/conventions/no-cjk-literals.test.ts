import { expect, test } from 'vitest';
import { findLegacyI18nImports } from './legacy-i18n-imports';
import { findCjkLiterals, isCheckedForCjk } from './no-cjk-literals';

test('a Chinese string literal, template literal, JSX attribute or text in a UI file is caught, once per line', () => {
  const planted = [
    "import { Button } from 'antd';",
    "const LABEL = '待处理';",
    'export function X({ n }: { n: number }) {',
    // A template literal with a placeholder, written as plain text here.
    `  const title = \`共 $\{n} 条\`;`,
    '  return <Button title="保存">重新同步</Button>;',
    '}',
  ].join('\n');
  const problems = findCjkLiterals('app/(app)/admin/x/XPage.tsx', planted);
  expect(problems.map((p) => p.split(' ')[0])).toEqual([
    'app/(app)/admin/x/XPage.tsx:2',
    'app/(app)/admin/x/XPage.tsx:4',
    'app/(app)/admin/x/XPage.tsx:5',
  ]);
  expect(problems[0]).toContain('待处理');
});

test('a clean file passes: translated text, and Chinese only in comments', () => {
  const clean = [
    '/** 待我处理: the pending view (a comment may name the product term). */',
    'export function X({ t }: { t: (k: string) => string }) {',
    '  // 抄送我的 is read-only',
    "  return <span title={t('title')}>{t('body')}</span>;",
    '}',
  ].join('\n');
  expect(findCjkLiterals('components/tasks/X.tsx', clean)).toEqual([]);
});

test('message files and lib/ are out of scope; every UI file, connector pages included, is checked', () => {
  const text = "export const zh = { title: '待办中心' };";
  expect(findCjkLiterals('lib/i18n/messages/common.ts', text)).toEqual([]);
  expect(findCjkLiterals('lib/tasks/act-on-task.ts', text)).toEqual([]);
  expect(isCheckedForCjk('app/(app)/admin/connectors/ConnectorForm.tsx')).toBe(true);
  expect(isCheckedForCjk('app/api/tasks/route.ts')).toBe(true);
});

test('UI code may not import the deleted full-key translator', () => {
  const text = "import { useLocale } from '@/components/providers/LocaleProvider';\n";
  expect(findLegacyI18nImports('components/tasks/X.tsx', text)).toHaveLength(1);
  expect(findLegacyI18nImports('app/(app)/admin/connectors/ConnectorForm.tsx', text)).toHaveLength(1);
  expect(
    findLegacyI18nImports('components/tasks/X.tsx', "import { useT } from '@/lib/i18n/locale-context';"),
  ).toEqual([]);
});
