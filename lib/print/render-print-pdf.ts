import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { env } from '@/lib/env';
import type { PrintModel } from './print-model';

const A4_MARGIN = 50;
const FONT = 'cjk';

/** Where the CJK font comes from (PDF_FONT_PATH / PDF_FONT_FACE; Debian's fonts-noto-cjk by default). */
export function pdfFont(): { path: string; face: string } {
  const e = env();
  return { path: e.PDF_FONT_PATH, face: e.PDF_FONT_FACE };
}

/**
 * The printed approval as an A4 PDF, laid out like the print page: company, 审批单, title, the facts, the form,
 * the approval record and the attachments. The CJK font is embedded as a subset of the glyphs used (pdfkit's
 * fontkit), so the file is small and reads the same on any machine.
 */
export async function renderPrintPdf(model: PrintModel, font = pdfFont()): Promise<Buffer> {
  if (!existsSync(font.path)) throw new Error(`PDF font not found at ${font.path} (PDF_FONT_PATH)`);
  const doc = new PDFDocument({
    size: 'A4',
    margin: A4_MARGIN,
    font: undefined,
    info: { Title: `${model.heading} - ${model.title}`, Author: model.companyName },
    lang: model.locale,
  } as PDFKit.PDFDocumentOptions);
  doc.registerFont(FONT, font.path, font.face);
  doc.font(FONT);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - A4_MARGIN * 2;
  const left = A4_MARGIN;
  doc.fillColor('#555').fontSize(10).text(model.companyName, { align: 'center' });
  doc.moveDown(0.3);
  doc.fillColor('#000').fontSize(20).text(model.heading, { align: 'center' });
  doc.moveDown(0.3);
  doc.fontSize(13).text(model.title, { align: 'center' });
  doc.moveDown(0.8);

  const section = (title: string) => {
    ensureSpace(doc, 40);
    doc.moveDown(0.5);
    doc.fontSize(12).fillColor('#000').text(title, left, doc.y, { width });
    const y = doc.y + 2;
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.8)
      .strokeColor('#333')
      .stroke();
    doc.y = y + 6;
  };

  const labelWidth = 110;
  const pairs = (rows: { label: string; value: string }[]) => {
    doc.fontSize(10);
    for (const row of rows) {
      const h = Math.max(
        doc.heightOfString(row.label, { width: labelWidth - 8 }),
        doc.heightOfString(row.value, { width: width - labelWidth - 8 }),
      );
      ensureSpace(doc, h + 8);
      const y = doc.y;
      doc.rect(left, y, labelWidth, h + 8).fillAndStroke('#f5f5f5', '#d9d9d9');
      doc.rect(left + labelWidth, y, width - labelWidth, h + 8).stroke('#d9d9d9');
      doc.fillColor('#555').text(row.label, left + 4, y + 4, { width: labelWidth - 8 });
      doc.fillColor('#000').text(row.value, left + labelWidth + 4, y + 4, { width: width - labelWidth - 8 });
      doc.x = left;
      doc.y = y + h + 8;
    }
  };

  pairs(model.meta);
  section(model.formHeading);
  pairs(model.form);

  section(model.timelineHeading);
  const cols = [
    { key: 'time', w: 95 },
    { key: 'actor', w: 80 },
    { key: 'action', w: 100 },
    { key: 'remark', w: width - 275 },
  ] as const;
  const row = (cells: Record<(typeof cols)[number]['key'], string>, isHead: boolean) => {
    doc.fontSize(isHead ? 10 : 9.5);
    const h = Math.max(...cols.map((c) => doc.heightOfString(cells[c.key] || ' ', { width: c.w - 8 })));
    ensureSpace(doc, h + 8);
    const y = doc.y;
    let x = left;
    for (const c of cols) {
      if (isHead) doc.rect(x, y, c.w, h + 8).fillAndStroke('#f5f5f5', '#d9d9d9');
      else doc.rect(x, y, c.w, h + 8).stroke('#d9d9d9');
      doc.fillColor(isHead ? '#555' : '#000').text(cells[c.key] || ' ', x + 4, y + 4, { width: c.w - 8 });
      x += c.w;
    }
    doc.x = left;
    doc.y = y + h + 8;
  };
  row(model.timelineColumns, true);
  for (const step of model.timeline) {
    const files = step.files.length ? `\n${model.attachmentsHeading}: ${step.files.join('、')}` : '';
    row(
      { time: step.time, actor: step.actor, action: step.action, remark: `${step.remark}${files}`.trim() },
      false,
    );
  }

  section(model.attachmentsHeading);
  doc.fontSize(10).fillColor('#000');
  if (model.attachments.length === 0) doc.text(model.noAttachments, left, doc.y, { width });
  for (const name of model.attachments) doc.text(`• ${name}`, left, doc.y, { width });

  doc.moveDown(1.5);
  doc.fontSize(8).fillColor('#888').text(model.footer, left, doc.y, { width, align: 'right' });
  doc.end();
  return done;
}

function ensureSpace(doc: PDFKit.PDFDocument, height: number) {
  if (doc.y + height > doc.page.height - A4_MARGIN) doc.addPage();
}
