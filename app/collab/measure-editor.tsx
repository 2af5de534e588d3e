import { useT } from '~/components/i18n';
import { measureDocumentName } from '~/lib/collab/protocol';
import { CollabEditor } from './collab-editor';
import type { EditorHandle } from './comment-anchors';

export { colorForName } from './collab-editor';

export interface MeasureEditorProps {
  measureId: string;
  canEdit: boolean;
  /** The saved text as server-sanitised HTML, shown until the live editor is ready. */
  initialHtml: string;
  user: { name: string; organization: string | null };
  /** Called with the live editor's handle (comments, restore) once it is ready, and null when it goes. */
  onHandle?: (handle: EditorHandle | null) => void;
}

/** A measure's text (`measure:<id>`), edited together in real time (see `CollabEditor`). */
export function MeasureEditor({ measureId, ...props }: MeasureEditorProps) {
  const t = useT();
  return (
    <CollabEditor
      documentName={measureDocumentName(measureId)}
      labels={{
        editor: t('collab.editorLabel'),
        placeholder: t('collab.placeholder'),
        empty: t('measure.noText'),
      }}
      {...props}
    />
  );
}
