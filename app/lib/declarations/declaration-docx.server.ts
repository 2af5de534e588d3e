import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type FileChild,
} from 'docx';
import { htmlToBlocks } from '../exports/docx.server';
import type { Translate } from '../i18n/i18n';
import type { DeclarationDetail, RoadmapEntry } from './declarations.server';

const FONT = 'Arial';

const paragraphs = (text: string): Paragraph[] =>
  text
    .split(/\n{2,}/)
    .filter((part) => part.trim())
    .map((part) => new Paragraph({ children: [new TextRun(part.replace(/\s*\n\s*/g, ' '))] }));

const formatDay = (iso: string, locale: 'de' | 'en') =>
  new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'Europe/Berlin',
  }).format(new Date(iso));

/**
 * The frozen declaration as DOCX, built like the Masterplan export: title, preamble, measures by
 * Themenfeld with their pinned text, commitments, the Fahrplan and the signing organisations.
 */
export async function declarationDocx(
  declaration: DeclarationDetail,
  roadmap: readonly RoadmapEntry[],
  t: Translate,
  locale: 'de' | 'en',
): Promise<Buffer> {
  const body: FileChild[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(declaration.title)] }),
  ];
  if (declaration.frozenAt)
    body.push(
      new Paragraph({
        children: [
          new TextRun(
            t('declarations.export.asOf', { date: formatDay(declaration.frozenAt, locale) }),
          ),
        ],
      }),
    );
  if (declaration.preamble) {
    body.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        children: [new TextRun(t('declarations.page.preamble'))],
      }),
    );
    body.push(...paragraphs(declaration.preamble));
  }
  body.push(
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      children: [new TextRun(t('declarations.page.measures'))],
    }),
  );
  for (const theme of declaration.themes) {
    body.push(
      new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(theme.name)] }),
    );
    for (const measure of theme.measures) {
      const flag =
        measure.kind === 'quick_win' || measure.kind === 'flagship'
          ? ` (${t(`declarations.kind.${measure.kind}`)})`
          : '';
      body.push(
        new Paragraph({
          heading: HeadingLevel.HEADING_3,
          children: [new TextRun(`${measure.code} ${measure.title}${flag}`)],
        }),
      );
      if (measure.version)
        body.push(
          new Paragraph({
            children: [
              new TextRun({
                text: t('declarations.page.version', {
                  number: measure.version.number,
                  name: measure.version.name,
                }),
                italics: true,
              }),
            ],
          }),
        );
      if (measure.summary) body.push(new Paragraph({ children: [new TextRun(measure.summary)] }));
      body.push(...htmlToBlocks(measure.contentHtml));
      body.push(
        new Paragraph({
          children: [
            new TextRun({
              text:
                measure.signedBy.length > 0
                  ? t('declarations.page.signedMeasure', { names: measure.signedBy.join(', ') })
                  : t('declarations.page.notSignedMeasure'),
              italics: true,
            }),
          ],
        }),
      );
    }
  }
  if (declaration.commitments) {
    body.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        children: [new TextRun(t('declarations.page.commitments'))],
      }),
    );
    body.push(...paragraphs(declaration.commitments));
  }
  if (roadmap.length > 0) {
    body.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        children: [new TextRun(t('declarations.roadmap.title'))],
      }),
    );
    for (const entry of roadmap) {
      const label =
        entry.kind === 'milestone'
          ? `${entry.measureCode}: ${entry.title}${entry.done ? ` (${t('declarations.roadmap.done')})` : ''}`
          : `${entry.title}${entry.groupName ? ` (${entry.groupName})` : ''}`;
      body.push(
        new Paragraph({
          bullet: { level: 0 },
          children: [
            new TextRun({ text: `${formatDay(`${entry.date}T12:00:00Z`, locale)}: `, bold: true }),
            new TextRun(label),
          ],
        }),
      );
    }
  }
  body.push(
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      children: [new TextRun(t('declarations.export.signatures'))],
    }),
  );
  const signed = declaration.signers.filter((signer) => signer.signedAt);
  if (signed.length === 0)
    body.push(new Paragraph({ children: [new TextRun(t('declarations.page.notSigned'))] }));
  for (const signer of signed)
    body.push(
      new Paragraph({
        bullet: { level: 0 },
        children: [
          new TextRun({ text: `${signer.name} (${signer.shortName})`, bold: true }),
          new TextRun(` – ${signer.signedByName ?? '–'}, ${formatDay(signer.signedAt!, locale)}`),
        ],
      }),
    );

  const document = new Document({
    creator: 'Masterplan-Werkstatt',
    title: declaration.title,
    styles: { default: { document: { run: { font: FONT, size: 22 } } } },
    sections: [
      {
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: [t('declarations.export.page'), ' ', PageNumber.CURRENT],
                  }),
                ],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(document);
}
