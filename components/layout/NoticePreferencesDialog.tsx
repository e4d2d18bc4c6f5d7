'use client';

import { Flex, Modal, Switch, Typography } from 'antd';
import { useNoticePreferences, useSaveNoticePreferences } from '@/lib/client/queries/use-notices';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';

/** The user's own notification settings: DingTalk work notices for open-API and local-workflow tasks on or off. */
export function NoticePreferencesDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT('notices');
  const toast = useToast();
  const prefs = useNoticePreferences(open);
  const save = useSaveNoticePreferences();
  const isOn = prefs.data ? !prefs.data.muteTaskNotices : true;

  async function toggle(on: boolean) {
    try {
      await save.mutateAsync({ muteTaskNotices: !on });
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
          loading={prefs.isLoading || save.isPending}
          checkedChildren={t('prefs.on')}
          unCheckedChildren={t('prefs.off')}
          onChange={(on) => void toggle(on)}
          data-testid="notice-pref-switch"
        />
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('prefs.muteHint')}
      </Typography.Paragraph>
    </Modal>
  );
}
