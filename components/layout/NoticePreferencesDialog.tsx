'use client';

import { Divider, Flex, Modal, Select, Switch, Typography } from 'antd';
import { useNoticePreferences, useSaveNoticePreferences } from '@/lib/client/queries/use-notices';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';
import type { NoticePreferencesInput } from '@/lib/people/notice-preferences';

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/**
 * The user's own notification settings: DingTalk work notices for open-API and local-workflow tasks on or off,
 * and the daily digest of what waits for them (on or off, and the hour; docs/reminders.md).
 */
export function NoticePreferencesDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT('notices');
  const r = useT('reminders');
  const toast = useToast();
  const prefs = useNoticePreferences(open);
  const save = useSaveNoticePreferences();
  const isOn = prefs.data ? !prefs.data.muteTaskNotices : true;
  const digestOn = prefs.data?.digestEnabled ?? true;
  const busy = prefs.isLoading || save.isPending;

  async function change(input: NoticePreferencesInput) {
    try {
      await save.mutateAsync(input);
      toast.success(t('prefs.saved'));
    } catch (error) {
      toast.error(error);
    }
  }

  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('prefs.title')} destroyOnHidden>
      <Flex justify="space-between" align="center" gap="middle">
        <Typography.Text strong>{t('prefs.mute')}</Typography.Text>
        <Switch
          checked={isOn}
          loading={busy}
          checkedChildren={t('prefs.on')}
          unCheckedChildren={t('prefs.off')}
          onChange={(on) => void change({ muteTaskNotices: !on })}
          data-testid="notice-pref-switch"
        />
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('prefs.muteHint')}
      </Typography.Paragraph>
      <Divider style={{ margin: '16px 0' }} />
      <Flex justify="space-between" align="center" gap="middle" wrap>
        <Typography.Text strong>{r('prefs.digest')}</Typography.Text>
        <Flex align="center" gap="small">
          <Select
            aria-label={r('prefs.digestHour')}
            value={prefs.data?.digestHour}
            disabled={!digestOn || busy}
            style={{ width: 96 }}
            options={HOURS.map((h) => ({
              value: h,
              label: r('prefs.hour', { hour: String(h).padStart(2, '0') }),
            }))}
            onChange={(hour: number) => void change({ digestHour: hour })}
            data-testid="digest-hour"
          />
          <Switch
            checked={digestOn}
            loading={busy}
            checkedChildren={t('prefs.on')}
            unCheckedChildren={t('prefs.off')}
            onChange={(on) => void change({ digestEnabled: on })}
            data-testid="digest-switch"
          />
        </Flex>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {r('prefs.digestHint')}
      </Typography.Paragraph>
    </Modal>
  );
}
