'use client';

import { UserSwitchOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useT } from '@/lib/i18n/locale-context';

/**
 * 代理 on a list row: "代 王五" on a task the viewer holds as someone's delegate, or "由 李四 代为处理" on the
 * viewer's own task a delegate handled for them. Nothing otherwise.
 */
export function DelegationMark({
  onBehalfOfName,
  actedByName,
}: {
  onBehalfOfName?: string | null;
  actedByName?: string | null;
}) {
  const t = useT('delegation');
  if (onBehalfOfName)
    return (
      <Tag
        color="purple"
        icon={<UserSwitchOutlined />}
        data-testid="delegated-for"
        style={{ marginInlineEnd: 0, alignSelf: 'flex-start' }}
      >
        {t('tag.for', { name: onBehalfOfName })}
      </Tag>
    );
  if (actedByName)
    return (
      <Tag
        color="purple"
        icon={<UserSwitchOutlined />}
        data-testid="delegated-by"
        style={{ marginInlineEnd: 0, alignSelf: 'flex-start' }}
      >
        {t('actedByShort', { delegate: actedByName })}
      </Tag>
    );
  return null;
}
