'use client';

import { Badge, theme } from 'antd';
import Link from 'next/link';
import css from './NavMenu.module.css';

export type NavItem = {
  href: string;
  icon: React.ReactNode;
  label: string;
  /** An unread/waiting count shown at the end of the item (none when 0 or unknown). */
  count?: { n: number | undefined; testId: string };
};
/** A titled group of items; an untitled one is items on their own. */
export type NavGroup = { key: string; title?: string; items: NavItem[] };

/**
 * The side menu: groups of links, the current page's item highlighted. Plain links in a list with the menu roles
 * (what antd's inline `Menu` renders), drawn with the theme's tokens: antd's `Menu` would bring rc-menu and its
 * overflow and popup machinery to every page's first load for a list that never collapses or pops up.
 */
export function NavMenu({ groups, selected }: { groups: NavGroup[]; selected: string }) {
  const { token } = theme.useToken();
  const vars = {
    '--nav-hover-bg': token.controlItemBgHover,
    '--nav-selected-bg': token.controlItemBgActive,
    '--nav-selected-color': token.colorPrimary,
    '--nav-radius': `${token.borderRadiusLG}px`,
    '--nav-group-color': token.colorTextDescription,
    '--nav-color': token.colorText,
  } as React.CSSProperties;
  return (
    <div role="menu" className={css.menu} style={vars}>
      {groups.map((group) => (
        <div key={group.key}>
          {group.title && <div className={css.groupTitle}>{group.title}</div>}
          <div className={css.group}>
            {group.items.map((item) => (
              <Link
                key={item.href}
                href={item.href}
                role="menuitem"
                className={css.item}
                aria-current={item.href === selected ? 'page' : undefined}
              >
                <span className={css.icon}>{item.icon}</span>
                <span className={css.label}>{item.label}</span>
                {item.count?.n ? (
                  <Badge
                    count={item.count.n}
                    overflowCount={99}
                    size="small"
                    data-testid={item.count.testId}
                  />
                ) : null}
              </Link>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
