'use client';

import { ArrowLeftOutlined, DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useT } from '@/lib/i18n/locale-context';
import type { PrintModel } from '@/lib/print/print-model';
import css from './print.module.css';

/**
 * The printed approval (审批单) on an A4 sheet: the same rows as its PDF (lib/print/print-model.ts), with a
 * toolbar (print, PDF, back) that paper never shows.
 */
export function PrintPage({ model, instanceId }: { model: PrintModel; instanceId: string }) {
  const t = useT('comments');
  return (
    <div className={css.desk}>
      <div className={css.toolbar}>
        <Button href={`/instances/${instanceId}`} icon={<ArrowLeftOutlined />}>
          {t('print.back')}
        </Button>
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          onClick={() => window.print()}
          data-testid="print-now"
        >
          {t('print.print')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          href={`/api/instances/${instanceId}/pdf?lang=${model.locale}`}
          data-testid="print-pdf"
        >
          {t('print.pdf')}
        </Button>
      </div>
      <article className={css.sheet} data-testid="print-sheet">
        <div className={css.company}>{model.companyName}</div>
        <h1 className={css.heading}>{model.heading}</h1>
        <h2 className={css.title}>{model.title}</h2>
        <Pairs rows={model.meta} />
        <h3 className={css.section}>{model.formHeading}</h3>
        <Pairs rows={model.form} />
        <h3 className={css.section}>{model.timelineHeading}</h3>
        <table className={css.table} data-testid="print-timeline">
          <thead>
            <tr>
              <th style={{ width: '22%' }}>{model.timelineColumns.time}</th>
              <th style={{ width: '16%' }}>{model.timelineColumns.actor}</th>
              <th style={{ width: '20%' }}>{model.timelineColumns.action}</th>
              <th>{model.timelineColumns.remark}</th>
            </tr>
          </thead>
          <tbody>
            {model.timeline.map((step, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the steps are a fixed, ordered list
              <tr key={index}>
                <td>{step.time}</td>
                <td>{step.actor}</td>
                <td>{step.action}</td>
                <td>
                  {step.remark}
                  {step.files.length > 0 && (
                    <div className={css.files}>
                      {model.attachmentsHeading}: {step.files.join(model.listSeparator)}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3 className={css.section}>{model.attachmentsHeading}</h3>
        {model.attachments.length === 0 ? (
          <div>{model.noAttachments}</div>
        ) : (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {model.attachments.map((name, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: two files may share a name
              <li key={index}>{name}</li>
            ))}
          </ul>
        )}
        <div className={css.footer}>{model.footer}</div>
      </article>
    </div>
  );
}

function Pairs({ rows }: { rows: { label: string; value: string }[] }) {
  return (
    <table className={css.table}>
      <tbody>
        {rows.map((row, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: two fields may share a label
          <tr key={index}>
            <th className={css.label}>{row.label}</th>
            <td>{row.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
