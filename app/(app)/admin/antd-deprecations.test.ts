import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';

/**
 * antd 6 warns in the console (development builds) for every deprecated prop it meets: the admin pages logged
 * dozens of them. Each pair here is one antd checks (`warning.deprecated` in antd's sources), with the prop to
 * use instead; no page or component may use any of them. The development-build check of the same is the crawler
 * run against `next dev` (e2e/crawler.spec.ts fails on any `[antd:` console message).
 */
const DEPRECATED: [component: string, prop: string, instead: string][] = [
  ['Space', 'direction', 'orientation'],
  ['Space', 'split', 'separator'],
  ['Card', 'bordered', 'variant'],
  ['Card', 'bodyStyle', 'styles.body'],
  ['Card', 'headStyle', 'styles.header'],
  ['Modal', 'destroyOnClose', 'destroyOnHidden'],
  ['Modal', 'bodyStyle', 'styles.body'],
  ['Modal', 'maskStyle', 'styles.mask'],
  ['Modal', 'maskClosable', 'mask.closable'],
  ['Drawer', 'destroyOnClose', 'destroyOnHidden'],
  ['Tooltip', 'overlayStyle', 'styles.root'],
  ['Tooltip', 'overlayClassName', 'classNames.root'],
  ['Tooltip', 'destroyTooltipOnHide', 'destroyOnHidden'],
  ['Select', 'dropdownStyle', 'styles.popup.root'],
  ['Select', 'dropdownRender', 'popupRender'],
  ['Select', 'popupClassName', 'classNames.popup.root'],
  ['Select', 'dropdownMatchSelectWidth', 'popupMatchSelectWidth'],
  ['Select', 'onDropdownVisibleChange', 'onOpenChange'],
  ['Select', 'bordered', 'variant'],
  ['Alert', 'message', 'title'],
  ['Spin', 'tip', 'description'],
  ['Tabs', 'destroyInactiveTabPane', 'destroyOnHidden'],
  ['Tag', 'bordered', 'variant="filled"'],
  ['InputNumber', 'addonAfter', 'suffix or Space.Compact'],
  ['InputNumber', 'addonBefore', 'prefix or Space.Compact'],
  ['InputNumber', 'bordered', 'variant'],
  ['Drawer', 'width', 'size'],
  ['Drawer', 'height', 'size'],
  ['Divider', 'type', 'orientation'],
  ['Divider', 'orientationMargin', 'styles.content.margin'],
  ['Statistic', 'valueStyle', 'styles.content'],
  ['Progress', 'strokeWidth', 'size'],
  ['Progress', 'trailColor', 'railColor'],
  ['Collapse', 'expandIconPosition', 'expandIconPlacement'],
  ['Button', 'iconPosition', 'iconPlacement'],
  ['Timeline', 'pending', 'an item'],
  ['Timeline', 'pendingDot', 'an item'],
  ['Tabs', 'tabPosition', 'tabPlacement'],
  ['Tabs', 'popupClassName', 'classNames.popup'],
  ['Collapse', 'destroyInactivePanel', 'destroyOnHidden'],
  ['Descriptions', 'labelStyle', 'styles.label'],
  ['Descriptions', 'contentStyle', 'styles.content'],
  ['Empty', 'imageStyle', 'styles.image'],
  ['Dropdown', 'dropdownRender', 'popupRender'],
  ['Dropdown', 'destroyPopupOnHide', 'destroyOnHidden'],
  ['Dropdown', 'overlayClassName', 'classNames.root'],
  ['Dropdown', 'overlayStyle', 'styles.root'],
  ['Input', 'bordered', 'variant'],
  ['Input', 'addonAfter', 'suffix or Space.Compact'],
  ['Input', 'addonBefore', 'prefix or Space.Compact'],
  ['Alert', 'closeText', 'closable.closeIcon'],
  ['Steps', 'direction', 'orientation'],
  ['Steps', 'labelPlacement', 'titlePlacement'],
  ['Steps', 'progressDot', 'type="dot"'],
  ['Space.Compact', 'direction', 'orientation'],
  ['Tooltip', 'overlayInnerStyle', 'styles.container'],
  ['Popover', 'overlayStyle', 'styles.root'],
  ['Popover', 'overlayInnerStyle', 'styles.container'],
  ['Popover', 'overlayClassName', 'classNames.root'],
  ['Popconfirm', 'overlayStyle', 'styles.root'],
  ['Popconfirm', 'overlayClassName', 'classNames.root'],
  ['Drawer', 'bodyStyle', 'styles.body'],
  ['Drawer', 'headerStyle', 'styles.header'],
  ['Drawer', 'footerStyle', 'styles.footer'],
  ['Drawer', 'maskStyle', 'styles.mask'],
  ['Modal', 'autoFocusButton', 'focusable.autoFocusButton'],
  ['Modal', 'focusTriggerAfterClose', 'focusable.focusTriggerAfterClose'],
  ['DatePicker', 'popupClassName', 'classNames.popup.root'],
  ['DatePicker', 'popupStyle', 'styles.popup.root'],
  ['DatePicker', 'bordered', 'variant'],
  ['DatePicker.RangePicker', 'popupClassName', 'classNames.popup.root'],
  ['DatePicker.RangePicker', 'popupStyle', 'styles.popup.root'],
  ['DatePicker.RangePicker', 'bordered', 'variant'],
  ['AutoComplete', 'dropdownRender', 'popupRender'],
  ['AutoComplete', 'popupClassName', 'classNames.popup.root'],
  ['AutoComplete', 'dataSource', 'options'],
  ['Progress', 'width', 'size'],
  ['Progress', 'gapPosition', 'gapPlacement'],
];

/** Components antd 6 deprecates as a whole, with what to use instead. */
const DEPRECATED_COMPONENTS: [component: string, instead: string][] = [
  ['List', 'components/common/PlainList (or Listy for long virtual lists)'],
  ['Timeline.Item', 'Timeline items'],
  ['Input.Group', 'Space.Compact'],
  ['Button.Group', 'Space.Compact'],
  ['Dropdown.Button', 'Space.Compact + Dropdown + Button'],
  ['Tabs.TabPane', 'Tabs items'],
  ['Breadcrumb.Item', 'Breadcrumb items'],
  ['Statistic.Countdown', 'Statistic.Timer type="countdown"'],
];

const ROOTS = ['app', 'components'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : e.name.endsWith('.tsx') ? [full] : [];
  });
}

/**
 * Each JSX opening tag of `component` (up to its closing `>`, props spanning lines included), a type argument
 * (`<List<Row>`) skipped.
 */
function openingTags(source: string, component: string): string[] {
  const tags: string[] = [];
  const start = new RegExp(`<${component.replace('.', '\\.')}(?=[\\s/><])`, 'g');
  for (const match of source.matchAll(start)) {
    let depth = 0;
    let i = match.index + match[0].length;
    if (source[i] === '<') {
      let angles = 0;
      for (; i < source.length; i++) {
        if (source[i] === '<') angles++;
        else if (source[i] === '>' && --angles === 0) break;
      }
      i++;
    }
    for (; i < source.length; i++) {
      const c = source[i];
      if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '>' && depth === 0) break;
    }
    tags.push(source.slice(match.index, i));
  }
  return tags;
}

/** The props written at the tag's top level (not inside `{…}` expressions). */
function topLevelProps(tag: string): string[] {
  let depth = 0;
  let flat = '';
  for (const c of tag) {
    if (c === '{') depth++;
    if (depth === 0) flat += c;
    if (c === '}') depth--;
  }
  return [...flat.matchAll(/\s([a-zA-Z]+)(?==|\s|$)/g)].map((m) => m[1]!);
}

test('the pages use no prop antd 6 deprecates', () => {
  const found: string[] = [];
  for (const file of ROOTS.flatMap(sources)) {
    const source = readFileSync(file, 'utf8');
    for (const [component, prop, instead] of DEPRECATED) {
      for (const tag of openingTags(source, component)) {
        if (topLevelProps(tag).includes(prop)) found.push(`${file}: <${component} ${prop}> → ${instead}`);
      }
    }
  }
  expect(found).toEqual([]);
});

test('the pages use no component antd 6 deprecates', () => {
  const found: string[] = [];
  for (const file of ROOTS.flatMap(sources)) {
    const source = readFileSync(file, 'utf8');
    for (const [component, instead] of DEPRECATED_COMPONENTS) {
      if (openingTags(source, component).length > 0) found.push(`${file}: <${component}> → ${instead}`);
    }
  }
  expect(found).toEqual([]);
});

test('Timeline items use content and title, not the deprecated children and label', () => {
  const found: string[] = [];
  for (const file of ROOTS.flatMap(sources)) {
    const source = readFileSync(file, 'utf8');
    for (const tag of openingTags(source, 'Timeline')) {
      if (/\b(children|label|dot|position):/.test(tag))
        found.push(`${file}: Timeline item children/label/dot/position`);
    }
  }
  expect(found).toEqual([]);
});

test('the scan sees a deprecated prop on a multi-line tag', () => {
  const tag = openingTags('<Space\n  size={4}\n  direction="vertical"\n  style={{ a: 1 }}\n>', 'Space')[0]!;
  expect(topLevelProps(tag)).toContain('direction');
  expect(topLevelProps(openingTags('<Spacer direction="x">', 'Space').join(''))).toEqual([]);
});

test('the scan sees a component written with a type argument, and the props after it', () => {
  expect(openingTags('<List<Row>\n  dataSource={rows}\n>', 'List')).toHaveLength(1);
  const tag = openingTags('<Select<string>\n  bordered={false}\n  options={[]}\n/>', 'Select')[0]!;
  expect(topLevelProps(tag)).toContain('bordered');
  expect(topLevelProps(tag)).not.toContain('string');
});
