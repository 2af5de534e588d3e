import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
  type ParagraphChild,
} from 'docx';
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import type { Translate } from '../i18n/i18n';
import { formatDate } from '../tracking/dates';
import type { MasterplanTheme, StatusReportEntry } from './masterplan.server';

type Block = FileChild;

const FONT = 'Arial';

function cell(text: string, options: { isHeader?: boolean } = {}): TableCell {
  return new TableCell({
    children: [new Paragraph({ children: [new TextRun({ text, bold: options.isHeader })] })],
  });
}

/** A full-width table with a repeated header row; Word and LibreOffice both open it as is. */
function table(header: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        children: header.map((text) => cell(text, { isHeader: true })),
      }),
      ...rows.map((row) => new TableRow({ children: row.map((text) => cell(text)) })),
    ],
  });
}

interface Marks {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  strike?: boolean;
}

function inlineRuns(nodes: readonly ChildNode[], marks: Marks = {}): ParagraphChild[] {
  const runs: ParagraphChild[] = [];
  for (const node of nodes) {
    if (node.type === 'text') {
      const text = node.data.replace(/\s+/g, ' ');
      if (text) {
        runs.push(
          new TextRun({
            text,
            bold: marks.bold,
            italics: marks.italics,
            underline: marks.underline ? {} : undefined,
            strike: marks.strike,
          }),
        );
      }
    } else if (node.type === 'tag') {
      const name = node.name.toLowerCase();
      if (name === 'br') runs.push(new TextRun({ text: '', break: 1 }));
      else
        runs.push(
          ...inlineRuns(node.children, {
            bold: marks.bold || name === 'strong' || name === 'b',
            italics: marks.italics || name === 'em' || name === 'i',
            underline: marks.underline || name === 'u',
            strike: marks.strike || name === 's',
          }),
        );
    }
  }
  return runs;
}

const textOf = (node: ChildNode): string =>
  node.type === 'text' ? node.data : node.type === 'tag' ? node.children.map(textOf).join('') : '';

function listBlocks(list: Element, level: number): Block[] {
  const blocks: Block[] = [];
  const isOrdered = list.name === 'ol';
  let number = 0;
  for (const item of list.children) {
    if (item.type !== 'tag' || item.name !== 'li') continue;
    number += 1;
    const inline = item.children.filter(
      (child) => !(child.type === 'tag' && (child.name === 'ul' || child.name === 'ol')),
    );
    const flattened = inline.flatMap((child) =>
      child.type === 'tag' && child.name === 'p' ? child.children : [child],
    );
    const runs = inlineRuns(flattened);
    blocks.push(
      isOrdered
        ? new Paragraph({
            indent: { left: 360 * (level + 1) },
            children: [new TextRun(`${number}. `), ...runs],
          })
        : new Paragraph({ bullet: { level: Math.min(level, 8) }, children: runs }),
    );
    for (const child of item.children) {
      if (child.type === 'tag' && (child.name === 'ul' || child.name === 'ol'))
        blocks.push(...listBlocks(child, level + 1));
    }
  }
  return blocks;
}

/**
 * The measure text (sanitised HTML from the collab server) as Word blocks: paragraphs, headings
 * (demoted below the measure's own heading), lists, quotes, tables, bold/italic/underline.
 */
export function htmlToBlocks(html: string): Block[] {
  const blocks: Block[] = [];
  const walk = (nodes: readonly ChildNode[]) => {
    for (const node of nodes) {
      if (node.type === 'text') {
        if (node.data.trim()) blocks.push(new Paragraph({ children: inlineRuns([node]) }));
        continue;
      }
      if (node.type !== 'tag') continue;
      switch (node.name.toLowerCase()) {
        case 'p':
          blocks.push(new Paragraph({ children: inlineRuns(node.children) }));
          break;
        case 'h1':
        case 'h2':
        case 'h3':
        case 'h4':
          blocks.push(
            new Paragraph({ heading: HeadingLevel.HEADING_3, children: inlineRuns(node.children) }),
          );
          break;
        case 'ul':
        case 'ol':
          blocks.push(...listBlocks(node, 0));
          break;
        case 'blockquote':
          for (const child of node.children) {
            if (child.type === 'tag' || textOf(child).trim())
              blocks.push(
                new Paragraph({
                  indent: { left: 720 },
                  children: inlineRuns(child.type === 'tag' ? child.children : [child], {
                    italics: true,
                  }),
                }),
              );
          }
          break;
        case 'table': {
          const rows: string[][] = [];
          const collect = (children: readonly ChildNode[]) => {
            for (const child of children) {
              if (child.type !== 'tag') continue;
              if (child.name === 'tr')
                rows.push(
                  child.children
                    .filter(
                      (c): c is Element => c.type === 'tag' && (c.name === 'td' || c.name === 'th'),
                    )
                    .map((c) => textOf(c).trim()),
                );
              else collect(child.children);
            }
          };
          collect(node.children);
          const [head, ...body] = rows;
          if (head)
            blocks.push(
              table(
                head,
                body.map((row) => head.map((_, i) => row[i] ?? '')),
              ),
            );
          break;
        }
        default:
          walk(node.children);
      }
    }
  };
  walk(parseDocument(html).children);
  return blocks;
}

const numberText = (value: number | null, locale: 'de' | 'en') =>
  value === null ? '—' : new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB').format(value);

function footer(t: Translate): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: [t('tracking.export.page'), ' ', PageNumber.CURRENT] })],
      }),
    ],
  });
}

const STYLES = {
  default: { document: { run: { font: FONT, size: 22 } } },
};

/**
 * The Masterplan as DOCX: cover page, table of contents (Word and LibreOffice fill it in on
 * opening), one Heading 1 per Themenfeld, one Heading 2 per measure with its facts, summary,
 * text, milestones and indicators.
 */
export async function masterplanDocx(
  themes: readonly MasterplanTheme[],
  t: Translate,
  locale: 'de' | 'en',
  today: string,
): Promise<Buffer> {
  const count = themes.reduce((sum, theme) => sum + theme.measures.length, 0);
  const cover: Block[] = [
    new Paragraph({ spacing: { before: 2400 }, children: [] }),
    new Paragraph({
      heading: HeadingLevel.TITLE,
      children: [new TextRun(t('tracking.export.masterplanTitle'))],
    }),
    new Paragraph({
      children: [new TextRun({ text: t('tracking.export.masterplanSubtitle'), size: 28 })],
    }),
    new Paragraph({
      spacing: { before: 600 },
      children: [new TextRun(t('tracking.export.publisher'))],
    }),
    new Paragraph({
      children: [new TextRun(t('tracking.export.asOf', { date: formatDate(today, locale) }))],
    }),
    new Paragraph({ children: [new TextRun(t('tracking.export.measureCount', { count }))] }),
    // Not a heading: the table of contents does not list itself.
    new Paragraph({
      pageBreakBefore: true,
      children: [new TextRun({ text: t('tracking.export.contents'), bold: true, size: 32 })],
    }),
    new TableOfContents(t('tracking.export.contents'), {
      hyperlink: true,
      headingStyleRange: '1-2',
    }),
  ];
  const body: Block[] = [];
  for (const theme of themes) {
    body.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        pageBreakBefore: true,
        children: [new TextRun(`${theme.code} ${theme.name}`)],
      }),
      new Paragraph({ children: [new TextRun({ text: theme.description, italics: true })] }),
    );
    if (theme.measures.length === 0)
      body.push(new Paragraph({ children: [new TextRun(t('tracking.export.noMeasures'))] }));
    for (const measure of theme.measures) {
      body.push(
        new Paragraph({
          heading: HeadingLevel.HEADING_2,
          children: [new TextRun(`${measure.code} ${measure.title}`)],
        }),
        // The facts as labelled lines, not a table: a thousand small tables double the export time.
        new Paragraph({
          children: [
            [t('measure.kind'), t(`measure.kind.${measure.kind}`)],
            [t('measure.status'), t(`measure.status.${measure.status}`)],
            [t('measure.role.lead'), measure.lead ?? t('board.noLead')],
            [t('tracking.export.partners'), measure.partners.join(', ') || '—'],
            [t('tracking.progress'), `${measure.progress} %`],
          ].flatMap(([label, value], index) => [
            new TextRun({ text: `${label}: `, bold: true, break: index > 0 ? 1 : undefined }),
            new TextRun(value!),
          ]),
        }),
      );
      if (measure.summary)
        body.push(
          new Paragraph({
            spacing: { before: 200 },
            children: [new TextRun({ text: measure.summary, bold: true })],
          }),
        );
      body.push(...htmlToBlocks(measure.contentHtml));
      if (measure.milestones.length > 0) {
        body.push(
          new Paragraph({
            heading: HeadingLevel.HEADING_3,
            children: [new TextRun(t('tracking.milestones'))],
          }),
          table(
            [
              t('tracking.milestone.title'),
              t('tracking.milestone.dueDate'),
              t('tracking.milestone.doneDate'),
              t('tracking.milestone.responsible'),
            ],
            measure.milestones.map((m) => [
              m.title,
              formatDate(m.dueDate, locale),
              formatDate(m.doneDate, locale),
              m.responsibleOrganization?.shortName ?? '—',
            ]),
          ),
        );
      }
      if (measure.indicators.length > 0) {
        body.push(
          new Paragraph({
            heading: HeadingLevel.HEADING_3,
            children: [new TextRun(t('tracking.indicators'))],
          }),
          table(
            [
              t('tracking.indicator.name'),
              t('tracking.indicator.baseline'),
              t('tracking.indicator.target'),
              t('tracking.indicator.latest'),
              t('tracking.progress'),
            ],
            measure.indicators.map((i) => [
              i.unit ? `${i.name} (${i.unit})` : i.name,
              `${numberText(i.baselineValue, locale)} (${formatDate(i.baselineDate, locale)})`,
              `${numberText(i.targetValue, locale)} (${formatDate(i.targetDate, locale)})`,
              `${numberText(i.latestValue, locale)} (${formatDate(i.latestDate, locale)})`,
              i.progress === null ? '—' : `${i.progress} %`,
            ]),
          ),
        );
      }
    }
  }
  const document = new Document({
    creator: t('tracking.export.publisher'),
    title: t('tracking.export.masterplanTitle'),
    description: t('tracking.export.masterplanSubtitle'),
    features: { updateFields: true },
    styles: STYLES,
    sections: [{ footers: { default: footer(t) }, children: [...cover, ...body] }],
  });
  return Packer.toBuffer(document);
}

/**
 * The Sachstandsbericht in the shape of a council paper (Vorlage): header block, Betreff,
 * Beschlussvorschlag, Sachverhalt with one table per Themenfeld (Quick Wins and Leitprojekte with
 * status, progress, next milestone and blockers) and the list of Anlagen.
 */
export async function statusReportDocx(
  report: readonly { themeName: string; entries: StatusReportEntry[] }[],
  t: Translate,
  locale: 'de' | 'en',
  today: string,
): Promise<Buffer> {
  const label = (key: Parameters<Translate>[0], value: string) =>
    new Paragraph({
      children: [new TextRun({ text: `${t(key)}: `, bold: true }), new TextRun(value)],
    });
  const count = report.reduce((sum, theme) => sum + theme.entries.length, 0);
  const children: Block[] = [
    new Paragraph({
      children: [new TextRun({ text: t('tracking.report.authority'), bold: true })],
    }),
    new Paragraph({
      heading: HeadingLevel.TITLE,
      children: [new TextRun(t('tracking.report.paper'))],
    }),
    label('tracking.report.office', t('tracking.report.officeValue')),
    label('tracking.report.date', formatDate(today, locale)),
    label('tracking.report.committee', t('tracking.report.committeeValue')),
    label('tracking.report.procedure', t('tracking.report.procedureValue')),
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      children: [new TextRun(t('tracking.report.subject'))],
    }),
    new Paragraph({ children: [new TextRun(t('tracking.report.subjectValue'))] }),
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      children: [new TextRun(t('tracking.report.proposal'))],
    }),
    new Paragraph({ children: [new TextRun(t('tracking.report.proposalValue'))] }),
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      children: [new TextRun(t('tracking.report.facts'))],
    }),
    new Paragraph({
      children: [
        new TextRun(t('tracking.report.factsIntro', { count, date: formatDate(today, locale) })),
      ],
    }),
  ];
  for (const theme of report) {
    children.push(
      new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(theme.themeName)] }),
    );
    if (theme.entries.length === 0) {
      children.push(new Paragraph({ children: [new TextRun(t('tracking.export.noMeasures'))] }));
      continue;
    }
    children.push(
      table(
        [
          t('measure.code'),
          t('tracking.report.measure'),
          t('measure.kind'),
          t('measure.status'),
          t('tracking.progress'),
          t('tracking.report.nextMilestone'),
          t('tracking.report.blockers'),
        ],
        theme.entries.map((entry) => [
          entry.code,
          entry.lead ? `${entry.title} (${entry.lead})` : entry.title,
          t(`measure.kind.${entry.kind}`),
          t(`measure.status.${entry.status}`),
          `${entry.progress} %`,
          entry.nextMilestone
            ? `${entry.nextMilestone.title} (${formatDate(entry.nextMilestone.dueDate, locale)})`
            : '—',
          entry.blockers || (entry.assessment ? t(`tracking.assessment.${entry.assessment}`) : '—'),
        ]),
      ),
    );
  }
  children.push(
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      children: [new TextRun(t('tracking.report.attachments'))],
    }),
    new Paragraph({
      children: [
        new TextRun(t('tracking.report.attachment1', { date: formatDate(today, locale) })),
      ],
    }),
    new Paragraph({ children: [new TextRun(t('tracking.report.attachment2'))] }),
  );
  const document = new Document({
    creator: t('tracking.export.publisher'),
    title: t('tracking.report.subjectValue'),
    styles: STYLES,
    sections: [{ footers: { default: footer(t) }, children }],
  });
  return Packer.toBuffer(document);
}
