'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  Switch,
  Table,
  Tag,
  TimePicker,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { LoadingError } from '@/components/common/LoadingError';
import { PageHeader } from '@/components/common/PageHeader';
import { apiFetch } from '@/lib/client/api-client';
import { queryKeys } from '@/lib/client/query-keys';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';
import type { CalendarView, CalendarWeekInput } from '@/lib/sla/calendar/calendar-admin';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const CLOCK = 'HH:mm';

/** 工作日历: the working week and hours, and the holidays / make-up working days (调休) of a year. */
export function CalendarPage() {
  const t = useT('sla');
  const toast = useToast();
  const client = useQueryClient();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [importText, setImportText] = useState('');
  const calendar = useQuery({
    queryKey: queryKeys.calendar(year),
    queryFn: () => apiFetch<CalendarView>(`/api/admin/calendar?year=${year}`),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['calendar'] });
  const saveWeek = useMutation({
    mutationFn: (week: CalendarWeekInput) => apiFetch('/api/admin/calendar', { method: 'PUT', json: week }),
    onSuccess: () => {
      toast.success(t('calendar.saved'));
      return refresh();
    },
    onError: toast.error,
  });
  const importDays = useMutation({
    mutationFn: (text: string) =>
      apiFetch<{ imported: number }>('/api/admin/calendar/days', { method: 'POST', json: { text } }),
    onSuccess: (r) => {
      toast.success(t('calendar.imported', { n: r.imported }));
      setImportText('');
      return refresh();
    },
    onError: toast.error,
  });
  const removeDay = useMutation({
    mutationFn: (date: string) => apiFetch(`/api/admin/calendar/days/${date}`, { method: 'DELETE' }),
    onSuccess: () => {
      toast.success(t('calendar.removed'));
      return refresh();
    },
    onError: toast.error,
  });
  const data = calendar.data;

  return (
    <Flex vertical gap="middle">
      <Card>
        <PageHeader title={t('calendar')} hint={t('calendar.hint', { zone: data?.timeZone ?? '' })} />
        <LoadingError error={calendar.error} />
        {data && (
          <WeekForm
            key={JSON.stringify(data.week)}
            view={data}
            onSave={(w) => saveWeek.mutate(w)}
            saving={saveWeek.isPending}
          />
        )}
      </Card>
      <Card title={t('calendar.days')}>
        <Flex gap="small" align="center" wrap style={{ marginBottom: 16 }}>
          <Typography.Text>{t('calendar.year')}</Typography.Text>
          <InputNumber
            aria-label={t('calendar.year')}
            min={2000}
            max={2100}
            value={year}
            onChange={(v) => v && setYear(v)}
          />
        </Flex>
        <Table
          rowKey="date"
          size="small"
          loading={calendar.isLoading}
          dataSource={data?.days ?? []}
          pagination={false}
          locale={{ emptyText: t('calendar.empty') }}
          scroll={{ x: 'max-content' }}
          columns={[
            { key: 'date', title: t('calendar.date'), dataIndex: 'date' },
            {
              key: 'kind',
              title: t('calendar.kind'),
              render: (_, d) =>
                d.kind === 'holiday' ? (
                  <Tag color="red">{t('calendar.holiday')}</Tag>
                ) : (
                  <Tag color="blue">{t('calendar.workday')}</Tag>
                ),
            },
            {
              key: 'name',
              title: t('calendar.name'),
              render: (_, d) => <span data-user-content>{d.name ?? '—'}</span>,
            },
            {
              key: 'remove',
              title: '',
              render: (_, d) => (
                <Button size="small" type="link" danger onClick={() => removeDay.mutate(d.date)}>
                  {t('calendar.remove')}
                </Button>
              ),
            },
          ]}
        />
        <Typography.Title level={5} style={{ marginTop: 24 }}>
          {t('calendar.import')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('calendar.importHint')}</Typography.Paragraph>
        <Input.TextArea
          aria-label={t('calendar.import')}
          rows={5}
          value={importText}
          placeholder={t('calendar.importPlaceholder')}
          onChange={(e) => setImportText(e.target.value)}
        />
        <Button
          type="primary"
          style={{ marginTop: 8 }}
          disabled={!importText.trim()}
          loading={importDays.isPending}
          onClick={() => importDays.mutate(importText)}
        >
          {t('calendar.importButton')}
        </Button>
      </Card>
    </Flex>
  );
}

type WeekValues = {
  workdays: number[];
  hours: [dayjs.Dayjs, dayjs.Dayjs];
  hasLunch: boolean;
  lunch: [dayjs.Dayjs, dayjs.Dayjs] | null;
};

function WeekForm({
  view,
  onSave,
  saving,
}: {
  view: CalendarView;
  onSave: (w: CalendarWeekInput) => void;
  saving: boolean;
}) {
  const t = useT('sla');
  const [form] = Form.useForm<WeekValues>();
  const hasLunch = Form.useWatch('hasLunch', form) ?? view.week.lunchStart !== null;
  const at = (text: string) => dayjs(text, CLOCK);
  return (
    <Form<WeekValues>
      form={form}
      layout="vertical"
      initialValues={{
        workdays: view.week.workdays,
        hours: [at(view.week.workStart), at(view.week.workEnd)],
        hasLunch: view.week.lunchStart !== null,
        lunch:
          view.week.lunchStart && view.week.lunchEnd
            ? [at(view.week.lunchStart), at(view.week.lunchEnd)]
            : [at('12:00'), at('13:00')],
      }}
      onFinish={(v) =>
        onSave({
          workdays: v.workdays,
          workStart: v.hours[0].format(CLOCK),
          workEnd: v.hours[1].format(CLOCK),
          lunchStart: v.hasLunch && v.lunch ? v.lunch[0].format(CLOCK) : null,
          lunchEnd: v.hasLunch && v.lunch ? v.lunch[1].format(CLOCK) : null,
        })
      }
    >
      <Form.Item name="workdays" label={t('calendar.workdays')}>
        <Checkbox.Group options={WEEKDAYS.map((d) => ({ value: d, label: t(`weekday.${d}`) }))} />
      </Form.Item>
      <Flex gap="large" wrap>
        <Form.Item name="hours" label={t('calendar.hours')} rules={[{ required: true }]}>
          <TimePicker.RangePicker format={CLOCK} minuteStep={5} order allowClear={false} />
        </Form.Item>
        <Form.Item label={t('calendar.lunch')}>
          <Flex gap="small" align="center" wrap>
            <Form.Item name="hasLunch" valuePropName="checked" noStyle>
              <Switch aria-label={t('calendar.lunchOn')} />
            </Form.Item>
            <Form.Item name="lunch" noStyle>
              <TimePicker.RangePicker
                format={CLOCK}
                minuteStep={5}
                order
                allowClear={false}
                disabled={!hasLunch}
              />
            </Form.Item>
          </Flex>
        </Form.Item>
      </Flex>
      <Flex gap="middle" align="center" wrap>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('calendar.save')}
        </Button>
        <Typography.Text type="secondary" data-testid="day-length">
          {t('calendar.dayLength', { hours: Math.round((view.dayMinutes / 60) * 100) / 100 })}
        </Typography.Text>
      </Flex>
    </Form>
  );
}
